import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { FileActionRow } from '../catalog/album-schemas.js';
import type { FileActionEntry } from '../catalog/file-actions-store.js';
import { entryOf, type FileActionDeps } from '../albums/mirror/file-actions.js';
import { CollisionError, freeName, placeNoClobber, SourceChangedError } from '../albums/mirror/file-ops.js';
import { digestFile } from '../util/atomic-file.js';
import { openRegularFile } from '../util/regular-file.js';

/**
 * Files up to this size are read whole into a buffer the copier keeps, so the copy is checked
 * against the very bytes read (memcmp, no second hash); bigger ones (RAW, video) are streamed.
 * With four files in flight and two buffers each, the copy holds at most 8 × 32 MB.
 */
export const WHOLE_FILE_BYTES = 32 * 1024 * 1024;

interface Times {
  atimeMs: number;
  mtimeMs: number;
}

function checkPlanned(source: string, now: Stats, planned: { size: number; mtime: number }): Times {
  if (!now.isFile() || now.size !== planned.size || now.mtimeMs !== planned.mtime) {
    throw new SourceChangedError(`${source} changed since the import looked at it (is it still being written?); it was left for the next import.`);
  }
  return now;
}

/**
 * Opens the source as [Note: only regular files are read] says (a name swapped for a FIFO since the
 * plan fails at once instead of blocking the import) and checks it is still the file the plan saw.
 */
async function openPlanned(source: string, planned: { size: number; mtime: number }): Promise<{ handle: FileHandle; times: Times }> {
  // No size cap: a camera's video can pass the 1 GB a photo read is held to; it is streamed.
  const { handle, info } = await openRegularFile(source, Number.MAX_SAFE_INTEGER);
  try {
    return { handle, times: checkPlanned(source, info, planned) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Two buffers a copier reuses from file to file (the bytes read and the copy read back): a fresh
 * 3 MB buffer per read costs as much in page faults as the read itself.
 */
export class CopyBuffers {
  private read = Buffer.alloc(0);
  private back = Buffer.alloc(0);

  take(size: number): { read: Buffer; back: Buffer } {
    if (this.read.length < size) {
      this.read = Buffer.allocUnsafeSlow(size);
      this.back = Buffer.allocUnsafeSlow(size);
    }
    return { read: this.read.subarray(0, size), back: this.back.subarray(0, size) };
  }
}

/** Reads exactly `into.length` bytes of the open `file`; a shorter file changed under us (a longer one fails the check of its size after). */
async function readExactly(handle: FileHandle, file: string, into: Buffer): Promise<void> {
  let offset = 0;
  while (offset < into.length) {
    const { bytesRead } = await handle.read(into, offset, into.length - offset, offset);
    if (bytesRead === 0) break;
    offset += bytesRead;
  }
  if (offset !== into.length) throw new SourceChangedError(`${file} changed size while it was read; it was left for the next import.`);
}

/**
 * Creates `temp` (never an existing file), lets `write` fill it, gives it the source's times, fsyncs
 * it, then lets `check` read it back through the same handle (no second open) before it is closed.
 */
async function writeSynced(temp: string, times: Times, write: (out: FileHandle) => Promise<void>, check?: (out: FileHandle) => Promise<void>): Promise<void> {
  const out = await open(temp, 'wx+');
  try {
    await write(out);
    // In seconds with the fraction: a Date would round the time to the millisecond.
    await out.utimes(times.atimeMs / 1000, times.mtimeMs / 1000);
    await out.sync();
    await check?.(out);
  } finally {
    await out.close();
  }
}

async function writeAll(out: FileHandle, bytes: Buffer): Promise<void> {
  for (let offset = 0; offset < bytes.length; ) {
    const { bytesWritten } = await out.write(bytes, offset, bytes.length - offset, offset);
    offset += bytesWritten;
  }
}

/**
 * Copies `source` to the hidden `temp` (which must not exist), fsynced, and proves the copy (see
 * [Note: import log]). A file up to 32 MB is read once: those bytes are hashed (the SHA-256 the log
 * keeps) and written, and the copy is read back from the disk and compared byte for byte with them.
 * A bigger one is streamed, hashed as it is copied, and the copy hashed again. The source is opened
 * as a regular file only and must still be the file the plan saw (size and time, of the open file,
 * before and after). A big file's copy stops when `signal` aborts (a cancelled import), its temp
 * removed. Returns the SHA-256.
 */
export async function copyStaged(source: string, temp: string, planned: { size: number; mtime: number }, buffers = new CopyBuffers(), signal?: AbortSignal): Promise<string> {
  try {
    const { handle, times } = await openPlanned(source, planned);
    let sha256: string;
    try {
      if (planned.size <= WHOLE_FILE_BYTES) {
        const { read, back } = buffers.take(planned.size);
        await readExactly(handle, source, read);
        // The copy is read back from the file after its fsync, through the handle that wrote it.
        const written = writeSynced(temp, times, (out) => writeAll(out, read), (out) => readExactly(out, temp, back));
        // Hashed here while the write, its fsync and the read back run on the I/O threads.
        sha256 = createHash('sha256').update(read).digest('hex');
        await written;
        if (!back.equals(read)) throw new Error(`the copy of ${source} at ${temp} does not read back intact (disk error?)`);
      } else {
        const hash = createHash('sha256');
        await writeSynced(temp, times, async (out) => {
          for await (const chunk of handle.createReadStream({ autoClose: false, start: 0 })) {
            signal?.throwIfAborted();
            hash.update(chunk as Buffer);
            await out.write(chunk as Buffer);
          }
        });
        sha256 = hash.digest('hex');
        signal?.throwIfAborted();
        if ((await digestFile(temp)).sha256 !== sha256) throw new Error(`the copy of ${source} at ${temp} does not read back intact (disk error?)`);
      }
      // Still the same file after the copy: the bytes copied are the plan's.
      checkPlanned(source, await handle.stat(), planned);
    } finally {
      await handle.close();
    }
    return sha256;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Gives a staged, logged copy its final name; a name taken meanwhile is re-logged under a free one.
 * The folder is not fsynced here: the caller fsyncs each folder of a chunk once, before it logs
 * the copies done.
 */
export async function placeStaged(deps: FileActionDeps, staged: FileActionRow): Promise<FileActionEntry> {
  let row = staged;
  const temp = row.temp ?? '';
  for (;;) {
    try {
      await placeNoClobber(temp, row.dest, { syncFolder: false });
      return { ...entryOf(row), state: 'done', message: null };
    } catch (error) {
      if (!(error instanceof CollisionError)) {
        await rm(temp, { force: true });
        return { ...entryOf(row), state: 'failed', message: error instanceof Error ? error.message : String(error) };
      }
      const dest = await freeName(path.dirname(row.dest), path.basename(row.dest), new Set([row.dest]));
      [row = row] = await deps.actions.record([{ ...entryOf(row), dest }]);
    }
  }
}
