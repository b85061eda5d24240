import path from 'node:path';

/** Where a library keeps its parts. Everything Shoebox writes lives under the library folder. */
export function libraryPaths(libraryDir: string) {
  return {
    root: libraryDir,
    catalog: path.join(libraryDir, 'catalog'),
    thumbs: path.join(libraryDir, 'thumbs'),
    models: path.join(libraryDir, 'models'),
    cache: path.join(libraryDir, 'cache'),
    thumbnail: (id: string) => path.join(libraryDir, 'thumbs', id.slice(0, 2), `${id}.jpg`),
    /** a browser-displayable JPEG of a photo whose own format a browser cannot show (TIFF, HEIC, RAW, JXL) */
    rendition: (id: string) => path.join(libraryDir, 'cache', 'renditions', id.slice(0, 2), `${id}.jpg`),
    /** the same at the photo's full resolution, for the viewer's 1:1 zoom ([Note: viewer zoom]) */
    fullRendition: (id: string) => path.join(libraryDir, 'cache', 'renditions', id.slice(0, 2), `${id}.full.jpg`),
  };
}

export type LibraryPaths = ReturnType<typeof libraryPaths>;
