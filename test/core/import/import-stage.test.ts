import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFile, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SourceChangedError } from '../../../src-main/core/albums/mirror/file-ops.js';
import { copyStaged } from '../../../src-main/core/import/import-stage.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { filesUnder, sha } from './fake-card.js';

describe('one staged copy', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('copies, keeps the times, and returns the SHA-256 of the bytes it copied', async () => {
    const source = path.join(dir, 'IMG_0001.JPG');
    await writeFile(source, Buffer.alloc(300_000, 7));
    const old = new Date('2026-07-14T10:00:00Z');
    await utimes(source, old, old);
    const info = await stat(source);
    const temp = path.join(dir, '.shoebox-x.part');
    expect(await copyStaged(source, temp, { size: info.size, mtime: info.mtimeMs })).toBe(await sha(source));
    expect((await readFile(temp)).equals(await readFile(source))).toBe(true);
    expect((await stat(temp)).mtimeMs).toBe(info.mtimeMs);
  });

  it('refuses a file that changed since it was planned (still being written) and leaves no temp file', async () => {
    const source = path.join(dir, 'IMG_0002.JPG');
    await writeFile(source, Buffer.alloc(1000, 1));
    const info = await stat(source);
    await appendFile(source, Buffer.alloc(500, 2));
    const temp = path.join(dir, '.shoebox-y.part');
    await expect(copyStaged(source, temp, { size: info.size, mtime: info.mtimeMs })).rejects.toBeInstanceOf(SourceChangedError);
    expect([...(await filesUnder(dir)).keys()]).toEqual([source]);
  });
});
