import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

export type Rgb = [number, number, number];

export const COLOURS: Record<string, Rgb> = {
  red: [220, 30, 35],
  green: [40, 170, 60],
  blue: [30, 60, 210],
  yellow: [235, 215, 40],
  dark: [18, 16, 20],
  bright: [245, 245, 240],
};

/** Deterministic noise so generated photos have texture (and distinct bytes) like real ones. */
function noisyPixels(width: number, height: number, colour: Rgb, seed: number, spread = 30): Buffer {
  const data = Buffer.alloc(width * height * 3);
  let state = seed * 2654435761 + 1;
  for (let i = 0; i < data.length; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    const jitter = ((state >>> 16) % (spread * 2 + 1)) - spread;
    data[i] = Math.max(0, Math.min(255, (colour[i % 3] as number) + jitter));
  }
  return data;
}

export async function writePhoto(
  file: string,
  colour: Rgb,
  options: {
    width?: number; height?: number; seed?: number; format?: 'jpeg' | 'png' | 'webp'; takenAt?: string;
    /** more EXIF, by IFD as sharp's withExif takes it: { IFD2: { FNumber: '28/10' }, IFD3: { GPSLatitudeRef: 'N', … } } */
    exif?: Record<string, Record<string, string>>;
  } = {},
): Promise<string> {
  const width = options.width ?? 320;
  const height = options.height ?? 240;
  await mkdir(path.dirname(file), { recursive: true });
  let image = sharp(noisyPixels(width, height, colour, options.seed ?? 1), { raw: { width, height, channels: 3 } });
  // EXIF's own date form, "2026:07:14 10:03:00", as a camera writes it.
  if (options.takenAt !== undefined || options.exif !== undefined) {
    const extra = options.exif ?? {};
    const date = options.takenAt === undefined ? {} : { DateTimeOriginal: options.takenAt };
    image = image.withExif({ ...extra, IFD0: { Make: 'Canon', Model: 'Canon EOS R6', ...extra['IFD0'] }, IFD2: { ...date, ...extra['IFD2'] } });
  }
  const format = options.format ?? 'jpeg';
  await image.toFormat(format, format === 'jpeg' ? { quality: 90 } : {}).toFile(file);
  return file;
}

/** A folder of `perColour` photos of each named colour: `<dir>/<colour>-<n>.jpg`. */
export async function writeColourSet(dir: string, names: readonly string[], perColour = 2): Promise<Record<string, string[]>> {
  const files: Record<string, string[]> = {};
  let seed = 1;
  for (const name of names) {
    const colour = COLOURS[name];
    if (!colour) throw new Error(`no test colour named ${name}`);
    files[name] = [];
    for (let n = 0; n < perColour; n += 1) {
      files[name].push(await writePhoto(path.join(dir, `${name}-${n}.jpg`), colour, { seed: seed++ }));
    }
  }
  return files;
}
