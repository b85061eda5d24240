import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { appendFile, chmod, readFile, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SourceChangedError } from '../../../src-main/core/albums/mirror/file-ops.js';
import { copyStaged, CopyBuffers, KERNEL_COPY_MAX_BYTES, umaskOf, WHOLE_FILE_BYTES } from '../../../src-main/core/import/import-stage.js';
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

  it('gives the copy an ordinary new file\'s mode, not the card\'s (a FAT card shows every file as 0777)', async () => {
    const source = path.join(dir, 'IMG_0005.JPG');
    await writeFile(source, randomBytes(70_000));
    await chmod(source, 0o777);
    const info = await stat(source);
    const temp = path.join(dir, '.shoebox-m.part');
    await copyStaged(source, temp, { size: info.size, mtime: info.mtimeMs });
    const umask = process.platform === 'linux' ? umaskOf(await readFile('/proc/self/status', 'utf8')) : 0o022;
    expect((await stat(temp)).mode & 0o777).toBe(0o666 & ~umask);
    expect(umaskOf('Name:\tnode\nUmask:\t0027\nState:\tR')).toBe(0o027);
    expect(umaskOf('Name:\tnode\n')).toBe(0o022);
  });

  it('takes a video over the 1 GB a photo read is held to (streamed; a cancel stops it at its first chunk)', async () => {
    const source = path.join(dir, 'MVI_0001.MOV');
    // sparse: 1.1 GB that take no room
    await writeFile(source, '');
    await truncate(source, 1_100_000_000);
    const info = await stat(source);
    const temp = path.join(dir, '.shoebox-v.part');
    const cancel = new AbortController();
    cancel.abort(new Error('cancelled'));
    await expect(copyStaged(source, temp, { size: info.size, mtime: info.mtimeMs }, new CopyBuffers(), cancel.signal)).rejects.toThrow('cancelled');
    expect([...(await filesUnder(dir)).keys()]).toEqual([source]);
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

  it('reuses one copier\'s buffers from file to file: each copy and its SHA-256 are of its own source, whatever came before', async () => {
    const buffers = new CopyBuffers();
    // Big, then smaller (the buffer is longer than the file), then bigger again (it grows).
    for (const [i, size] of [400_000, 1_000, 0, 123_457, 900_000].entries()) {
      const source = path.join(dir, `IMG_${i}.JPG`);
      await writeFile(source, randomBytes(size));
      const info = await stat(source);
      const temp = path.join(dir, `.shoebox-${i}.part`);
      expect(await copyStaged(source, temp, { size: info.size, mtime: info.mtimeMs }, buffers)).toBe(await sha(source));
      expect((await readFile(temp)).equals(await readFile(source))).toBe(true);
    }
  });

  it('copies a file too big to hold whole (a RAW, a short video) and checks it a chunk at a time', async () => {
    const source = path.join(dir, 'MVI_0001.MP4');
    // over the whole-file size and not a whole number of chunks
    await writeFile(source, randomBytes(WHOLE_FILE_BYTES + 4097));
    const info = await stat(source);
    const temp = path.join(dir, '.shoebox-big.part');
    expect(await copyStaged(source, temp, { size: info.size, mtime: info.mtimeMs })).toBe(await sha(source));
    expect((await readFile(temp)).equals(await readFile(source))).toBe(true);
    expect(Math.abs((await stat(temp)).mtimeMs - info.mtimeMs)).toBeLessThan(0.01);
    // a cancelled import does not start one
    const cancel = new AbortController();
    cancel.abort(new Error('cancelled'));
    await expect(copyStaged(source, path.join(dir, '.shoebox-big2.part'), { size: info.size, mtime: info.mtimeMs }, new CopyBuffers(), cancel.signal)).rejects.toThrow('cancelled');
    expect([...(await filesUnder(dir)).keys()].sort()).toEqual([temp, source].sort());
  });

  it('streams a file over what the kernel copies at once, hashes it as it copies, and checks the copy', async () => {
    const source = path.join(dir, 'MVI_0002.MP4');
    await writeFile(source, randomBytes(1 << 20));
    // sparse beyond the first MB: over the kernel copy's cap, yet little to write
    await truncate(source, KERNEL_COPY_MAX_BYTES + 1);
    const info = await stat(source);
    const temp = path.join(dir, '.shoebox-huge.part');
    expect(await copyStaged(source, temp, { size: info.size, mtime: info.mtimeMs })).toBe(await sha(source));
    expect((await stat(temp)).size).toBe(info.size);
    expect(Math.abs((await stat(temp)).mtimeMs - info.mtimeMs)).toBeLessThan(0.01);
  });

  it('refuses a file that shrank since it was planned, whatever its time says, and leaves no temp file', async () => {
    const source = path.join(dir, 'IMG_0003.JPG');
    await writeFile(source, Buffer.alloc(5000, 3));
    const info = await stat(source);
    await writeFile(source, Buffer.alloc(100, 3));
    await utimes(source, info.atime, info.mtime);
    const temp = path.join(dir, '.shoebox-z.part');
    await expect(copyStaged(source, temp, { size: info.size, mtime: info.mtimeMs })).rejects.toBeInstanceOf(SourceChangedError);
    expect([...(await filesUnder(dir)).keys()]).toEqual([source]);
  });

  it('refuses a planned file swapped for a FIFO as unreadable, opening it without blocking, and leaves no temp file', async () => {
    const source = path.join(dir, 'IMG_0004.JPG');
    await writeFile(source, Buffer.alloc(2000, 4));
    const info = await stat(source);
    await rm(source);
    execFileSync('mkfifo', [source]);
    const temp = path.join(dir, '.shoebox-f.part');
    await expect(copyStaged(source, temp, { size: info.size, mtime: info.mtimeMs })).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    expect([...(await filesUnder(dir)).keys()]).toEqual([]);
  });
});
