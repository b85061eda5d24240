import { execFileSync } from 'node:child_process';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_READ_BYTES, openRegularFile, readRegularFile } from '../../../src-main/core/util/regular-file.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('reading only regular files, within a size budget', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('reads a file of exactly the budget, and refuses one byte over it by name, without reading it', async () => {
    const file = path.join(dir, 'photo.jpg');
    const bytes = Buffer.from('0123456789abcdef'.repeat(64));
    await writeFile(file, bytes);
    expect((await readRegularFile(file, { maxBytes: bytes.length })).equals(bytes)).toBe(true);
    const refused = readRegularFile(file, { maxBytes: bytes.length - 1 });
    await expect(refused).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
    await expect(refused).rejects.toThrow(file);
    await expect(openRegularFile(file, bytes.length - 1)).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
  });

  it('has a budget of 1 GiB unless told otherwise', () => {
    expect(MAX_READ_BYTES).toBe(1024 * 1024 * 1024);
  });

  it('refuses a FIFO and a link to a device at once, saying what they are', async () => {
    const fifo = path.join(dir, 'live.jpg');
    execFileSync('mkfifo', [fifo]);
    await expect(readRegularFile(fifo)).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('a FIFO (named pipe)') as unknown });
    const zero = path.join(dir, 'zero.jpg');
    await symlink('/dev/zero', zero);
    await expect(readRegularFile(zero)).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('a device') as unknown });
  });
});
