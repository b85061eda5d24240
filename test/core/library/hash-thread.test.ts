import { createHash, randomBytes } from 'node:crypto';
import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeHashThread, hashOpenFile } from '../../../src-main/core/library/hash-thread.js';
import { fullHashOfFile } from '../../../src-main/core/library/identity.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const MB = 1024 * 1024;
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('hashing on its own thread ([Note: hashing off the main thread])', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('shoebox-hash-thread-')));
  afterEach(async () => cleanup());

  const file = async (name: string, bytes: Buffer): Promise<string> => {
    const p = path.join(dir, name);
    await writeFile(p, bytes);
    return p;
  };

  it('hashes files of every size at once, each to the SHA-256 of its own bytes, across its 4 MB buffer', async () => {
    const sizes = [0, 1, 4 * MB - 1, 4 * MB, 4 * MB + 1, 9 * MB + 333];
    const contents = sizes.map((size) => randomBytes(size));
    const files = await Promise.all(contents.map((bytes, i) => file(`f${i}.dng`, bytes)));
    // all at once: the thread takes turns among them a buffer at a time
    const hashes = await Promise.all(files.map((f) => fullHashOfFile(f)));
    expect(hashes).toEqual(contents.map(sha));
  });

  it('starts a new thread after one was ended, and an ended thread fails its hash instead of leaving it waiting', async () => {
    const bytes = randomBytes(40 * MB);
    const big = await file('big.mov', bytes);
    const handle = await open(big, 'r');
    try {
      const cut = hashOpenFile(handle);
      await closeHashThread();
      // either it finished before the thread went, or it fails: it never waits forever
      await cut.then(
        (hash) => expect(hash).toBe(sha(bytes)),
        (error: unknown) => expect(error).toBeInstanceOf(Error),
      );
    } finally {
      await handle.close();
    }
    expect(await fullHashOfFile(big)).toBe(sha(bytes));
  });

  it('reports a read error with its code', async () => {
    // a folder opened for reading: reading it fails with EISDIR on the thread
    const handle = await open(dir, 'r');
    try {
      await expect(hashOpenFile(handle)).rejects.toMatchObject({ code: 'EISDIR' });
    } finally {
      await handle.close();
    }
  });
});
