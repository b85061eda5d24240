import sharp from 'sharp';
import { readExif } from '../src-main/core/library/exif.js';
const buf = await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 200, g: 20, b: 20 } } })
  .withExif({ IFD0: { Make: 'Canon', Model: 'Canon EOS 5D' }, IFD2: { DateTimeOriginal: '2019:07:01 10:00:00' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 0/1' } })
  .jpeg().toBuffer();
console.log(await readExif(buf, 0));
