import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { COLOURS, writePhoto, type Rgb } from '../../helpers/photos.js';

export const sha = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

/** Every regular file under `dir` (hidden ones too, so a leftover temp copy is seen) with its SHA-256. */
export async function filesUnder(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(file, await sha(file));
  }
  return out;
}

/** Every folder under `dir`, relative: an undo must leave no folder behind that it made. */
export async function foldersUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

export interface FakeCard {
  root: string;
  /** the photos a first import must copy: card path → the folder (relative to the destination) it belongs in */
  expected: Map<string, string>;
  duplicates: string[];
  clash: string;
  busy: string;
  unreadable: string;
}

/** A camera's clock: day `d` of the shoot (14, 15, 16 July 2026), at hour `h`. */
function taken(day: number, hour: number): string {
  return `2026:07:${String(14 + day).padStart(2, '0')} ${String(hour).padStart(2, '0')}:15:00`;
}

const PALETTE: Rgb[] = [COLOURS['red'], COLOURS['blue'], COLOURS['green'], COLOURS['yellow']].map((c) => c ?? [128, 128, 128]);

/**
 * A camera card as Canon writes one: DCIM/100CANON/IMG_0001.JPG ... with EXIF dates over three
 * days, copies of `libraryPhotos` (already in the library under other names), a second folder
 * whose IMG_0001.JPG clashes by name on the same day, a file still being written (modified just
 * now), an unreadable entry (a symbolic link to itself) and some camera litter that is no photo.
 */
export async function makeFakeCard(root: string, libraryPhotos: readonly string[], options: { colours?: (i: number) => Rgb } = {}): Promise<FakeCard> {
  const dcim = path.join(root, 'DCIM', '100CANON');
  const expected = new Map<string, string>();
  const old = new Date('2026-07-20T12:00:00Z');
  let n = 1;
  for (let day = 0; day < 3; day += 1) {
    for (let k = 0; k < 3; k += 1) {
      const file = path.join(dcim, `IMG_${String(n).padStart(4, '0')}.JPG`);
      const colour = options.colours?.(n) ?? PALETTE[n % PALETTE.length] ?? [128, 128, 128];
      await writePhoto(file, colour, { seed: 500 + n, width: 96, height: 64, takenAt: taken(day, 9 + k) });
      expected.set(file, `2026/2026-07-${14 + day}`);
      n += 1;
    }
  }
  const clash = path.join(root, 'DCIM', '101CANON', 'IMG_0001.JPG');
  await writePhoto(clash, PALETTE[0] ?? [200, 0, 0], { seed: 999, width: 96, height: 64, takenAt: taken(0, 18) });
  expected.set(clash, '2026/2026-07-14');
  const duplicates: string[] = [];
  for (const [i, photo] of libraryPhotos.entries()) {
    const copy = path.join(dcim, `IMG_${String(100 + i).padStart(4, '0')}.JPG`);
    await copyFile(photo, copy);
    duplicates.push(copy);
  }
  await mkdir(path.join(root, 'MISC'), { recursive: true });
  await writeFile(path.join(root, 'MISC', 'AUTPLAY.TXT'), 'not a photo');
  for (const file of [...expected.keys(), ...duplicates]) await utimes(file, old, old);
  const unreadable = path.join(dcim, 'IMG_0300.JPG');
  // A FIFO with a photo's name: opening it would block, so the import must report it and go on.
  execFileSync('mkfifo', [unreadable]);
  await utimes(unreadable, old, old);
  // Written last, modified now: the import must leave it for next time.
  const busy = path.join(dcim, 'IMG_0200.JPG');
  await writePhoto(busy, PALETTE[1] ?? [0, 0, 200], { seed: 777, width: 96, height: 64, takenAt: taken(2, 20) });
  return { root, expected, duplicates, clash, busy, unreadable };
}
