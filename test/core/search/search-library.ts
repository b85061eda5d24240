import { readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { PhotoRow } from '../../../src-main/core/catalog/schema.js';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { writePhoto, type Rgb } from '../../helpers/photos.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

/** Shades the tiny model tells apart: both reds are "red", only one is "dark". */
export const SHADES: Record<string, Rgb> = {
  'bright-red': [235, 45, 40],
  'dark-red': [125, 14, 14],
  blue: [30, 60, 210],
  yellow: [235, 215, 40],
  green: [40, 170, 60],
  gray: [128, 128, 128],
  /** darker than dark-red: "dark" ranks it above navy, "dark -red" below */
  'deep-red': [90, 10, 10],
  navy: [25, 35, 100],
};

export interface PhotoSpec {
  /** relative to the photos root */
  file: string;
  shade: keyof typeof SHADES;
  /** file time, which is the taken date of a photo without EXIF */
  mtime?: string;
  exif?: { camera?: [make: string, model: string]; taken?: string; gps?: boolean };
  format?: 'jpeg' | 'png';
}

export interface SearchLibrary {
  core: Core;
  dir: string;
  photos: string;
  /** absolute path of each spec's file, by its relative name */
  file: (name: string) => string;
  add: (specs: readonly PhotoSpec[]) => Promise<void>;
  close: () => Promise<void>;
}

let seed = 100;

async function writeSpec(root: string, spec: PhotoSpec): Promise<void> {
  const file = path.join(root, spec.file);
  const colour = SHADES[spec.shade];
  if (!colour) throw new Error(`no shade named ${spec.shade}`);
  await writePhoto(file, colour, { seed: seed++, format: spec.format ?? 'jpeg', width: 160, height: 120 });
  if (spec.exif) {
    const { camera, taken, gps } = spec.exif;
    const exif = {
      IFD0: camera ? { Make: camera[0], Model: camera[1] } : {},
      IFD2: taken ? { DateTimeOriginal: taken } : {},
      IFD3: gps
        ? {
            GPSLatitudeRef: 'N',
            GPSLatitude: '48/1 51/1 0/1',
            GPSLongitudeRef: 'E',
            GPSLongitude: '2/1 21/1 0/1',
          }
        : {},
    };
    await writeFile(
      file,
      await sharp(await readFile(file))
        .withExif(exif)
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
  }
  if (spec.mtime !== undefined) {
    const time = new Date(spec.mtime);
    await utimes(file, time, time);
  }
}

/** A library of generated photos, indexed with the tiny model (no watching: `add` rescans). */
export async function openSearchLibrary(specs: readonly PhotoSpec[]): Promise<SearchLibrary> {
  const { dir, cleanup } = await makeTempDir('shoebox-search-');
  const photos = path.join(dir, 'photos');
  for (const spec of specs) await writeSpec(photos, spec);
  const core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() });
  await core.addRoot({ path: photos });
  await core.rescan({});
  return {
    core,
    dir,
    photos,
    file: (name) => path.join(photos, name),
    async add(more) {
      for (const spec of more) await writeSpec(photos, spec);
      await core.rescan({});
    },
    async close() {
      await core.close();
      await cleanup();
    },
  };
}

export const names = (hits: readonly { path: string }[]): string[] => hits.map((h) => path.basename(h.path));

/** A catalogue row for a synthetic vector: tests of the search layers below the model. */
export function syntheticRow(id: string, vector: Float32Array): PhotoRow {
  return {
    id,
    content_hash: id,
    full_hash: '',
    path: `/photos/${id}.jpg`,
    root: '/photos',
    size: 1,
    mtime: 0,
    width: 1,
    height: 1,
    taken_at: null,
    taken_offset: null,
    camera: null,
    lat: null,
    lon: null,
    format: 'jpeg',
    model_id: 'synthetic',
    indexed_at: 0,
    vector,
  };
}
