import { link, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { openCatalog } from '../../src-main/core/catalog/catalog.js';
import { VectorIndex } from '../../src-main/core/catalog/vector-index.js';
import { makeThumbnail } from '../../src-main/core/imaging/index.js';
import { libraryPaths } from '../../src-main/core/library/library-paths.js';
import { progress, secondsSince } from './bench-env.js';
import { DIMENSION, ensureSyntheticLibrary, rowChunks, syntheticId, syntheticPhotoPath } from './synthetic-library.js';

/** distinct pictures the 100k photos are drawn from (each photo file and thumbnail is a hard link to one) */
const PICTURES = 256;
const STAMP = 'bench-ui.json';

/** A 640×480 JPEG: a colour of its own per picture, a diagonal gradient and grain, so thumbnails are real JPEGs of the usual size. */
async function writePicture(file: string, n: number): Promise<void> {
  const width = 640;
  const height = 480;
  const pixels = Buffer.alloc(width * height * 3);
  const base = [(n * 67) % 256, (n * 151) % 256, (n * 29) % 256];
  let seed = n + 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const grain = (seed % 41) - 20;
      const shade = ((x + y) / (width + height)) * 90 - 45;
      for (let c = 0; c < 3; c++) pixels[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, (base[c] ?? 0) + shade + grain));
    }
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toFile(file);
}

/**
 * The 100k-photo library made complete for the UI: the synthetic library's rows (ensureSyntheticLibrary, same
 * vectors and dates as the search bench's) name files under `<library>/photos/<year>/`, which exist (hard links to
 * 256 pictures), the library's settings name that folder as its root, every photo has its thumbnail file where the
 * app keeps it (made by the app's own makeThumbnail from the picture, then hard-linked per id), and the vector
 * index is built as the app builds it. Made once under the cache, stamped, reused.
 */
export async function ensureUiLibrary(libraryDir: string, rows: number, modelId: string): Promise<string> {
  const stampFile = path.join(libraryDir, STAMP);
  const root = path.join(libraryDir, 'photos');
  const stamp = await readFile(stampFile, 'utf8').then((s) => JSON.parse(s) as { rows: number; modelId: string; root?: string }, () => null);
  // The rows hold absolute paths: a library made in another folder (a clone, a removed worktree) is made again.
  if (stamp?.rows === rows && stamp.modelId === modelId && stamp.root === root) return libraryDir;
  await ensureSyntheticLibrary(libraryDir, rows, modelId, root);
  const start = performance.now();
  const paths = libraryPaths(libraryDir);
  const pictures = path.join(libraryDir, 'pictures');
  await mkdir(pictures, { recursive: true });
  for (let n = 0; n < PICTURES; n++) {
    const picture = path.join(pictures, `picture-${n}.jpg`);
    const thumb = path.join(pictures, `thumb-${n}.jpg`);
    if (!(await readFile(thumb).then(() => true, () => false))) {
      await writePicture(picture, n);
      await makeThumbnail(picture, thumb, 320);
    }
  }
  progress(`${PICTURES} pictures and their thumbnails made; linking ${rows.toLocaleString('en')} photos and thumbnails`);
  const made = new Set<string>();
  const linked = async (from: string, to: string): Promise<void> => {
    await link(from, to).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    });
  };
  for (const chunk of rowChunks(rows)) {
    for (let i = 0; i < chunk.takenAt.length; i++) {
      const index = chunk.start + i;
      const id = syntheticId(index);
      const file = syntheticPhotoPath(root, id, chunk.takenAt[i] ?? 0);
      const thumb = paths.thumbnail(id);
      for (const dir of [path.dirname(file), path.dirname(thumb)]) {
        if (!made.has(dir)) {
          await mkdir(dir, { recursive: true });
          made.add(dir);
        }
      }
      const n = index % PICTURES;
      await linked(path.join(pictures, `picture-${n}.jpg`), file);
      await linked(path.join(pictures, `thumb-${n}.jpg`), thumb);
    }
  }
  await writeFile(path.join(libraryDir, 'settings.json'), `${JSON.stringify({ version: 1, roots: [{ path: root, addedAt: new Date().toISOString() }] }, null, 2)}\n`);
  progress(`files linked in ${secondsSince(start).toFixed(1)} s; building the vector index as the app does`);
  const catalog = await openCatalog(paths.catalog, DIMENSION);
  try {
    const index = new VectorIndex(catalog.photos, { minRows: 0, growth: 0, catalogDir: paths.catalog });
    index.maybeBuild();
    await index.idle();
    if ((await index.coveredRows()) !== catalog.photos.count) throw new Error('the vector index was not built (see the warning above)');
  } finally {
    await catalog.close();
  }
  const years = (await readdir(root)).length;
  await writeFile(stampFile, JSON.stringify({ rows, modelId, root, pictures: PICTURES, years, builtSeconds: secondsSince(start) }));
  progress(`UI library of ${rows.toLocaleString('en')} photos ready in ${secondsSince(start).toFixed(1)} s`);
  return libraryDir;
}
