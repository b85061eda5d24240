import { copyFile, link, mkdir, readdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/**
 * Camera-like test photos: 4000×3000 JPEGs of about 3 MB, with what makes a real photo cost what it
 * costs to decode: smooth gradients, shapes with edges, mid-scale texture and sensor grain (a flat
 * colour would compress to nothing and decode in no time). Each one differs, is made once, and is
 * kept in the cache; an interrupted run resumes where it stopped.
 */

export const PHOTO_WIDTH = 4000;
export const PHOTO_HEIGHT = 3000;
const SKETCH_SCALE = 8;
const GRAIN = 9;
const QUALITY = 92;

type Rng = () => number;

function rngFor(seed: number): Rng {
  let state = (seed * 0x9e3779b1) >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

const randomColour = (rng: Rng): [number, number, number] => [rng() * 255, rng() * 255, rng() * 255];

/** The picture at 1/8 scale: sky and ground gradients, blotchy texture, and soft-edged shapes. */
function sketch(rng: Rng, width: number, height: number): Buffer {
  const out = new Float32Array(width * height * 3);
  const [sky, horizon, ground, earth] = [randomColour(rng), randomColour(rng), randomColour(rng), randomColour(rng)];
  const horizonY = height * (0.3 + rng() * 0.4);
  for (let y = 0; y < height; y++) {
    const upper = y < horizonY;
    const t = upper ? y / horizonY : (y - horizonY) / (height - horizonY);
    const [a, b] = upper ? [sky, horizon] : [ground, earth];
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) out[(y * width + x) * 3 + c] = (a[c] ?? 0) * (1 - t) + (b[c] ?? 0) * t;
    }
  }
  const shapes = 6 + Math.floor(rng() * 10);
  for (let s = 0; s < shapes; s++) {
    const colour = randomColour(rng);
    const [cx, cy] = [rng() * width, rng() * height];
    const [rx, ry] = [(0.03 + rng() * 0.2) * width, (0.03 + rng() * 0.2) * height];
    const round = rng() < 0.6;
    for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(height, cy + ry); y++) {
      for (let x = Math.max(0, Math.floor(cx - rx)); x < Math.min(width, cx + rx); x++) {
        const [dx, dy] = [(x - cx) / rx, (y - cy) / ry];
        const inside = round ? 1 - Math.hypot(dx, dy) : 1 - Math.max(Math.abs(dx), Math.abs(dy));
        const alpha = Math.min(1, Math.max(0, inside * 12)) * 0.85;
        for (let c = 0; c < 3; c++) {
          const i = (y * width + x) * 3 + c;
          out[i] = (out[i] ?? 0) * (1 - alpha) + (colour[c] ?? 0) * alpha;
        }
      }
    }
  }
  const bytes = Buffer.alloc(out.length);
  for (let i = 0; i < out.length; i++) bytes[i] = Math.min(255, Math.max(0, (out[i] ?? 0) + (rng() - 0.5) * 40));
  return bytes;
}

/** Sensor grain on the full-size pixels: mostly luminance, a little colour, in place. */
function addGrain(pixels: Buffer, rng: Rng): void {
  for (let i = 0; i < pixels.length; i += 3) {
    const luma = (rng() + rng() - 1) * GRAIN;
    for (let c = 0; c < 3; c++) {
      const value = (pixels[i + c] ?? 0) + luma + (rng() - 0.5) * GRAIN * 0.3;
      pixels[i + c] = value < 0 ? 0 : value > 255 ? 255 : value;
    }
  }
}

function exifDate(index: number): string {
  const date = new Date(Date.UTC(2016, 0, 1) + index * 9.7 * 86_400_000);
  return date.toISOString().slice(0, 19).replace(/-/g, ':').replace('T', ' ');
}

async function writePhoto(file: string, index: number): Promise<void> {
  const rng = rngFor(index + 1);
  const [w, h] = [PHOTO_WIDTH / SKETCH_SCALE, PHOTO_HEIGHT / SKETCH_SCALE];
  const { data } = await sharp(sketch(rng, w, h), { raw: { width: w, height: h, channels: 3 } })
    .resize(PHOTO_WIDTH, PHOTO_HEIGHT, { kernel: 'cubic' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  addGrain(data, rng);
  const partial = `${file}.partial`;
  await sharp(data, { raw: { width: PHOTO_WIDTH, height: PHOTO_HEIGHT, channels: 3 } })
    .jpeg({ quality: QUALITY, chromaSubsampling: '4:2:0' })
    // every seventh is a portrait shot, stored landscape with an orientation tag as cameras do
    .withMetadata({ orientation: index % 7 === 3 ? 6 : 1 })
    .withExifMerge({
      IFD0: { Make: 'Shoebox', Model: 'Bench Camera' },
      IFD2: { DateTimeOriginal: exifDate(index) },
    })
    .toFile(partial);
  await rename(partial, file);
}

export const photoName = (index: number): string => `photo-${String(index).padStart(4, '0')}.jpg`;

/**
 * Makes the photos `first .. first+count-1` in `dir` that are not there yet; returns all their paths.
 * Photos of different numbers always differ, so no two sets share a photo (the indexer would reuse its vector).
 */
export async function ensurePhotos(dir: string, count: number, log: (line: string) => void, first = 0): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const present = new Set(await readdir(dir));
  const wanted = Array.from({ length: count }, (_, i) => first + i);
  const missing = wanted.filter((i) => !present.has(photoName(i)));
  if (missing.length > 0) log(`making ${missing.length} photos of ${PHOTO_WIDTH}×${PHOTO_HEIGHT} in ${dir}`);
  let made = 0;
  // two at a time: JS makes the pixels while sharp encodes the previous photo
  const worker = async (): Promise<void> => {
    for (let next = missing.shift(); next !== undefined; next = missing.shift()) {
      await writePhoto(path.join(dir, photoName(next)), next);
      made += 1;
      if (made % 20 === 0) log(`  ${made} photos made`);
    }
  };
  await Promise.all([worker(), worker()]);
  return wanted.map((i) => path.join(dir, photoName(i)));
}

/** Total size of the files, for the report. */
export async function totalBytes(files: readonly string[]): Promise<number> {
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  return sizes.reduce((a, b) => a + b, 0);
}

/** A folder holding exactly `files` (hard links where possible), for a run on part of the set. */
export async function folderOf(files: readonly string[], dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const present = new Set(await readdir(dir));
  const wanted = new Set(files.map((f) => path.basename(f)));
  const extra = [...present].filter((name) => !wanted.has(name));
  if (extra.length > 0) throw new Error(`${dir} holds files that are not in the photo set (${extra.join(', ')}); delete the folder`);
  for (const file of files) {
    const target = path.join(dir, path.basename(file));
    if (!present.has(path.basename(file))) await link(file, target).catch(() => copyFile(file, target));
  }
  return dir;
}
