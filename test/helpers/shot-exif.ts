/** A shot's facts as a camera writes them (sharp's withExif), for the viewer's EXIF list: lens, aperture, shutter, ISO, focal length. */
export const SHOT_EXIF = {
  IFD2: {
    FNumber: '28/10', ExposureTime: '1/250', ISOSpeedRatings: '400', FocalLength: '50/1',
    FocalLengthIn35mmFilm: '80', LensModel: 'RF24-105mm F4 L IS USM',
  },
};

/** Paris, 48.8566° N 2.3521° E, as GPS tags. */
export const PARIS_GPS = { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2376/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 756/100' };
