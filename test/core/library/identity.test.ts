import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readlinkSync } from 'node:fs';
import { mkdir, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fullHash, fullHashOfFile, quickHash } from '../../../src-main/core/library/identity.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const BLOCK = 64 * 1024;

/** The quick hash as [Note: photo identity] describes it, computed here from the bytes. */
function expectedQuick(size: number, ...parts: Buffer[]): string {
  const hash = createHash('sha256').update(`${size}:`);
  for (const part of parts) hash.update(part);
  return hash.digest('base64url').slice(0, 24);
}

describe('photo identity: quick and full hashes of real files', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('shoebox-identity-')));
  afterEach(async () => cleanup());

  async function file(name: string, bytes: Buffer): Promise<string> {
    const p = path.join(dir, name);
    await writeFile(p, bytes);
    return p;
  }

  it('a small file (up to three blocks) is hashed whole, with its size', async () => {
    const small = randomBytes(1000);
    expect(await quickHash(await file('small.jpg', small), 1000)).toBe(expectedQuick(1000, small));
    const exact = randomBytes(3 * BLOCK);
    expect(await quickHash(await file('exact.jpg', exact), 3 * BLOCK)).toBe(expectedQuick(3 * BLOCK, exact));
    expect(await quickHash(await file('empty.jpg', Buffer.alloc(0)), 0)).toBe(expectedQuick(0));
    // between one and three blocks: still whole, not sampled
    const mid = randomBytes(100_000);
    expect(await quickHash(await file('mid.jpg', mid), 100_000)).toBe(expectedQuick(100_000, mid));
  });

  it('closes every file it opens before it returns', async () => {
    const small = await realpath(await file('small.jpg', randomBytes(1000)));
    const large = await realpath(await file('large.jpg', randomBytes(4 * BLOCK)));
    /**
     * This process's descriptors open on `target`, read synchronously right after the call returns: nothing
     * else runs in between, so a handle left open is seen before the garbage collector could close it.
     */
    const openOn = (target: string): string[] =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === target;
        } catch {
          return false; // the descriptor readdirSync itself used, closed since
        }
      });
    for (let i = 0; i < 3; i += 1) {
      await quickHash(small, 1000);
      expect(openOn(small)).toEqual([]);
      await quickHash(large, 4 * BLOCK);
      expect(openOn(large)).toEqual([]);
      await fullHashOfFile(large);
      expect(openOn(large)).toEqual([]);
    }
  });

  it('a large file is hashed by its start, middle and end blocks', async () => {
    const size = 3 * BLOCK + 12_345;
    const bytes = randomBytes(size);
    const middle = Math.floor((size - BLOCK) / 2);
    const expected = expectedQuick(
      size,
      bytes.subarray(0, BLOCK),
      bytes.subarray(middle, middle + BLOCK),
      bytes.subarray(size - BLOCK),
    );
    expect(await quickHash(await file('large.jpg', bytes), size)).toBe(expected);
    expect(expected).toHaveLength(24);
  });

  it('a file shorter than the size it was seen with hashes only the bytes it has', async () => {
    const bytes = randomBytes(500);
    // seen at 800 bytes, truncated to 500 since: the hash names the size seen and the bytes read
    expect(await quickHash(await file('shrunk.jpg', bytes), 800)).toBe(expectedQuick(800, bytes));
    const big = randomBytes(3 * BLOCK + 100);
    const p = await file('shrunk-large.jpg', big.subarray(0, 3 * BLOCK + 50));
    const size = 3 * BLOCK + 100;
    const middle = Math.floor((size - BLOCK) / 2);
    expect(await quickHash(p, size)).toBe(
      expectedQuick(size, big.subarray(0, BLOCK), big.subarray(middle, middle + BLOCK), big.subarray(size - BLOCK, 3 * BLOCK + 50)),
    );
  });

  it('the same bytes under another size, or one changed sampled byte, give another quick hash', async () => {
    const bytes = randomBytes(4 * BLOCK);
    const a = await file('a.jpg', bytes);
    const changed = Buffer.from(bytes);
    changed[4 * BLOCK - 1] = (changed[4 * BLOCK - 1] ?? 0) ^ 0xff;
    const b = await file('b.jpg', changed);
    expect(await quickHash(a, 4 * BLOCK)).not.toBe(await quickHash(b, 4 * BLOCK));
    const small = await file('s.jpg', randomBytes(10));
    expect(await quickHash(small, 10)).not.toBe(await quickHash(small, 11));
  });

  it('refuses what is not a regular file', async () => {
    const folder = path.join(dir, 'folder.jpg');
    await mkdir(folder);
    await expect(quickHash(folder, 10)).rejects.toThrow();
    await expect(fullHashOfFile(folder)).rejects.toThrow();
  });

  it('the full hash is the SHA-256 of every byte, from memory or streamed from disk', async () => {
    const bytes = randomBytes((1 << 20) * 2 + 777);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(await fullHash(bytes)).toBe(sha);
    expect(await fullHash(new Uint8Array(0))).toBe(createHash('sha256').digest('hex'));
    expect(await fullHashOfFile(await file('video.mov', bytes))).toBe(sha);
    expect(await fullHashOfFile(await file('empty.mov', Buffer.alloc(0)))).toBe(createHash('sha256').digest('hex'));
  });
});
