import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jpegExifWithin, takenWallClock } from '../../../src-main/core/import/import-pattern.js';
import { quickHashWithHead } from '../../../src-main/core/library/identity.js';
import { writePhoto } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/** The same JPEG with APP2 segments (a big ICC profile is split over several) put before its EXIF block. */
function withBigSegmentsFirst(jpeg: Buffer, segments: number, bytes: number): Buffer {
  const segment = Buffer.alloc(4 + bytes, 0x20);
  segment.writeUInt16BE(0xffe2, 0);
  segment.writeUInt16BE(bytes + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), ...Array.from({ length: segments }, () => segment), jpeg.subarray(2)]);
}

describe('the import plan reads a JPEG\'s taken date from the bytes its quick hash read', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('shoebox-import-pattern-')));
  afterEach(async () => cleanup());

  const headOf = async (file: string): Promise<Buffer> => (await quickHashWithHead(file, (await stat(file)).size)).head;

  it('reads a camera JPEG\'s date from the head, with the same answer as reading the file', async () => {
    const file = await writePhoto(path.join(dir, 'IMG_0001.JPG'), [200, 40, 40], { width: 1200, height: 900, takenAt: '2026:07:14 23:30:05' });
    const head = await headOf(file);
    expect(head.length).toBe(64 * 1024);
    expect(jpegExifWithin(head)).toBe(true);
    const fromHead = await takenWallClock(file, 0, head);
    expect(fromHead.when).toEqual({ year: 2026, month: 7, day: 14, hour: 23, minute: 30, second: 5 });
    expect(fromHead).toEqual(await takenWallClock(file, 0));
  });

  it('takes the date from the head it is given, not from a second read of the file', async () => {
    const file = await writePhoto(path.join(dir, 'a.jpg'), [40, 200, 40], { takenAt: '2020:01:02 03:04:05' });
    const other = await writePhoto(path.join(dir, 'b.jpg'), [40, 40, 200], { takenAt: '2021:06:07 08:09:10' });
    expect((await takenWallClock(file, 0, await headOf(other))).when).toMatchObject({ year: 2021, month: 6, day: 7 });
  });

  it('reads the file when its EXIF block ends past the head (big segments before it, or a short head)', async () => {
    const plain = await writePhoto(path.join(dir, 'plain.jpg'), [90, 90, 90], { width: 1200, height: 900, takenAt: '2019:11:12 13:14:15' });
    const file = path.join(dir, 'icc-first.jpg');
    await writeFile(file, withBigSegmentsFirst(await readFile(plain), 2, 40_000));
    expect((await sharp(file).metadata()).format).toBe('jpeg');
    const head = await headOf(file);
    expect(jpegExifWithin(head)).toBe(false);
    // (exifr reading the file finds no EXIF behind segments that big either: the answer is the file's)
    expect(await takenWallClock(file, 0, head)).toEqual(await takenWallClock(file, 0));
    const short = (await readFile(plain)).subarray(0, 40);
    expect(jpegExifWithin(short)).toBe(false);
    expect((await takenWallClock(plain, 0, short)).when).toMatchObject({ year: 2019, month: 11, day: 12 });
  });

  it('knows a JPEG without EXIF from its head, and leaves other formats to the file', async () => {
    const bare = await writePhoto(path.join(dir, 'no-exif.jpg'), [10, 10, 10], { width: 800, height: 600 });
    expect(jpegExifWithin(await headOf(bare))).toBe(true);
    const mtime = new Date(2024, 2, 3, 4, 5, 6).getTime();
    expect(await takenWallClock(bare, mtime, await headOf(bare))).toEqual({ when: { year: 2024, month: 3, day: 3, hour: 4, minute: 5, second: 6 }, takenAt: mtime });
    const png = await writePhoto(path.join(dir, 'a.png'), [10, 10, 10], { format: 'png' });
    expect(jpegExifWithin(await headOf(png))).toBe(false);
  });
});
