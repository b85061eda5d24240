import { createHash, webcrypto } from 'node:crypto';
import { openRegularFile } from '../util/regular-file.js';
import { hashOpenFile } from './hash-thread.js';

const BLOCK = 64 * 1024;
const SAMPLES = 3;

/**
 * [Note: photo identity]
 * A photo is identified by its content, so a moved or renamed file keeps its tags and is not
 * embedded again. The quick hash reads the size plus three 64 KiB blocks (start, middle, end):
 * cheap enough to run on every file a scan finds. Two different files can share a quick hash
 * (same size, differing only between the samples), so a match is confirmed with the full
 * SHA-256, which the pipeline computes anyway from the bytes it decodes. A RAW or a video, which
 * indexing does not read whole, gets its full hash later, when it is needed or when indexing is idle
 * ([Note: full hash later] in full-hash-later.ts).
 */
export async function quickHash(filePath: string, size: number): Promise<string> {
  return (await quickHashWithHead(filePath, size)).quick;
}

/**
 * The quick hash and the file's first block it read on the way (64 KiB; the whole file when it is
 * three blocks or less): a reader of the header (the import's taken date) needs no second open.
 */
export async function quickHashWithHead(filePath: string, size: number): Promise<{ quick: string; head: Buffer }> {
  const hash = createHash('sha256');
  hash.update(`${size}:`);
  let head = Buffer.alloc(0);
  // Only regular files, read without blocking: see [Note: only regular files are read].
  const { handle } = await openRegularFile(filePath, Number.MAX_SAFE_INTEGER);
  try {
    // At exactly three blocks the samples are the whole file: `<` here would hash the same bytes in the same order
    // (an equivalent mutant the mutation run reports as surviving).
    const offsets = size <= BLOCK * SAMPLES ? [] : [0, Math.floor((size - BLOCK) / 2), size - BLOCK];
    if (offsets.length === 0) {
      const buffer = Buffer.allocUnsafe(Math.max(size, 0));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      head = buffer.subarray(0, bytesRead);
      hash.update(head);
    }
    const rest = Buffer.allocUnsafe(BLOCK);
    for (const offset of offsets) {
      const buffer = offset === 0 ? Buffer.allocUnsafe(BLOCK) : rest;
      const { bytesRead } = await handle.read(buffer, 0, BLOCK, offset);
      if (offset === 0) head = buffer.subarray(0, bytesRead);
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return { quick: hash.digest('base64url').slice(0, 24), head };
}

/**
 * The SHA-256 of bytes in memory, computed on libuv's thread pool (WebCrypto's digest runs there), not on the
 * calling thread: a 3 MB photo hashed in one synchronous update held the main thread 3–15 ms per photo
 * while indexing ([Note: inference in a worker] keeps the main thread free for the UI).
 */
export async function fullHash(bytes: Uint8Array): Promise<string> {
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');
}

/**
 * The SHA-256 of a file, read a buffer at a time (a video can be larger than memory should hold) on the hashing
 * thread ([Note: hashing off the main thread]); the file is opened and checked here.
 */
export async function fullHashOfFile(filePath: string): Promise<string> {
  const { handle } = await openRegularFile(filePath, Number.MAX_SAFE_INTEGER);
  try {
    return await hashOpenFile(handle);
  } finally {
    await handle.close();
  }
}
