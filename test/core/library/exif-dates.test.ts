import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readExif } from '../../../src-main/core/library/exif.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

// [Note: plausible dates]: an unset camera clock must not make a "November 1899" month.
describe('photo dates from EXIF', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  const fileTime = Date.UTC(2024, 3, 5, 12, 0, 0);
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await dir.cleanup();
  });

  async function takenAtOf(exifDate: string): Promise<number | null> {
    const file = await writePhoto(path.join(dir.dir, 'p.jpg'), COLOURS.red ?? [0, 0, 0], { takenAt: exifDate });
    return (await readExif(await readFile(file), fileTime)).takenAt;
  }

  it('keeps a real date, read as the camera clock wrote it', async () => {
    expect(await takenAtOf('2019:07:14 10:03:00')).toBe(new Date(2019, 6, 14, 10, 3, 0).getTime());
  });

  it.each([
    ['all zeros', '0000:00:00 00:00:00'],
    ['before photography', '1800:01:01 00:00:00'],
    ['a day that does not exist', '2019:02:31 10:00:00'],
    ['years ahead of the clock', '2199:01:01 00:00:00'],
  ])('falls back to the file time for a date that is %s', async (_label, exifDate) => {
    expect(await takenAtOf(exifDate)).toBe(fileTime);
  });
});
