import { readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { COLOURS, writePhoto } from '../../helpers/photos.js';

export interface E2ePhotos {
  dir: string;
  /** colour name → its photo files */
  byColour: Record<string, string[]>;
  /** a JPEG cut in half: the indexer must list it as a failure, not crash or show it */
  broken: string;
}

/** colour, count, and the month its photos were "taken" (mtime, since generated photos carry no EXIF date) */
const PLAN: readonly (readonly [string, number, string])[] = [
  ['red', 3, '2024-06-15'],
  ['green', 2, '2024-05-10'],
  ['blue', 2, '2024-05-03'],
  ['yellow', 2, '2023-12-24'],
  ['dark', 1, '2023-11-02'],
  ['bright', 1, '2023-11-01'],
];

/**
 * A small library whose content is known: coloured photos the tiny CLIP model can tell apart,
 * spread over a few months so the grid has date groups, one of them a PNG, plus one broken file.
 */
export async function writeE2ePhotos(dir: string): Promise<E2ePhotos> {
  const byColour: Record<string, string[]> = {};
  let seed = 1;
  for (const [name, count, day] of PLAN) {
    const colour = COLOURS[name];
    if (!colour) throw new Error(`no test colour named ${name}`);
    byColour[name] = [];
    for (let n = 0; n < count; n += 1) {
      const format = name === 'blue' && n === 1 ? 'png' : 'jpeg';
      const file = path.join(dir, `${name}-${n}.${format === 'png' ? 'png' : 'jpg'}`);
      const landscape = (seed % 3) !== 0;
      await writePhoto(file, colour, { seed: seed++, format, width: landscape ? 480 : 320, height: landscape ? 320 : 480 });
      const when = new Date(`${day}T1${n}:00:00Z`);
      await utimes(file, when, when);
      byColour[name].push(file);
    }
  }
  const broken = path.join(dir, 'broken.jpg');
  const whole = await readFile(byColour['red']?.[0] ?? '');
  await writeFile(broken, whole.subarray(0, Math.floor(whole.length / 2)));
  return { dir, byColour, broken };
}

/** Every photo that should index, as file names. */
export function goodNames(photos: E2ePhotos): string[] {
  return Object.values(photos.byColour).flat().map((file) => path.basename(file));
}
