import { createHash } from 'node:crypto';
import { constants, existsSync, readFileSync, type Stats } from 'node:fs';
import { copyFile, open, rm, type FileHandle } from 'node:fs/promises';
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
  mode: number;
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

/**
 * Reads exactly `into.length` bytes of the open `file` from `position`; a shorter file changed under
 * us (a longer one fails the check of its size after).
 */
async function readExactly(handle: FileHandle, file: string, into: Buffer, position = 0): Promise<void> {
  let offset = 0;
  while (offset < into.length) {
    const { bytesRead } = await handle.read(into, offset, into.length - offset, position + offset);
    if (bytesRead === 0) break;
    offset += bytesRead;
  }
  if (offset !== into.length) throw new SourceChangedError(`${file} changed size while it was read; it was left for the next import.`);
}

/**
 * Linux names an open file by its descriptor, so the kernel's copy (copy_file_range, no trip through
 * this process's memory) reads the very file that was opened and checked, not whatever its name
 * points to by then (a FIFO there would block the copy). Elsewhere the bytes read are written.
 */
const KERNEL_COPY = process.platform === 'linux' && existsSync('/proc/self/fd');
/**
 * The biggest file the kernel copies: its copy cannot be stopped midway, and this much takes a few
 * seconds off a card. A bigger one (a long video) is streamed, so a cancel stops it at once.
 */
export const KERNEL_COPY_MAX_BYTES = 256 * 1024 * 1024;
/** What a big file's check reads of the source and of its copy at a time. */
const CHECK_CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * The mode an ordinary new file gets here (the kernel's copy would give the temp the card's, often
 * 0777). The umask is read from /proc: process.umask() reads it by setting it twice, racing the
 * threads that create files meanwhile.
 */
const NEW_FILE_MODE = 0o666 & ~umaskOf(KERNEL_COPY ? readFileSync('/proc/self/status', 'utf8') : '');

/** The umask /proc/PID/status gives (Linux 4.7 on); 022, the usual one, when it gives none. */
export function umaskOf(status: string): number {
  const umask = /^Umask:\s*([0-7]+)$/m.exec(status)?.[1];
  return umask === undefined ? 0o022 : Number.parseInt(umask, 8);
}

/**
 * Creates `temp` (never an existing file), fills it (`write` through the handle, or the kernel's copy
 * of `from`), gives it the source's times, fsyncs it, then lets `check` read it back through the
 * same handle (no second open) before it is closed.
 */
async function writeSynced<T>(
  temp: string,
  times: Times,
  fill: { write: (out: FileHandle) => Promise<void> } | { from: FileHandle },
  check: (out: FileHandle) => Promise<T>,
): Promise<T> {
  if ('from' in fill) await copyFile(`/proc/self/fd/${fill.from.fd}`, temp, constants.COPYFILE_EXCL);
  const out = await open(temp, 'write' in fill ? 'wx+' : 'r+');
  try {
    if ('write' in fill) await fill.write(out);
    // the kernel's copy took the source's mode
    else if ((times.mode & 0o7777) !== NEW_FILE_MODE) await out.chmod(NEW_FILE_MODE);
    // In seconds with the fraction: a Date would round the time to the millisecond.
    await out.utimes(times.atimeMs / 1000, times.mtimeMs / 1000);
    await out.sync();
    return await check(out);
  } finally {
    await out.close();
  }
}

/**
 * A big file's kernel copy checked a chunk at a time: the source's chunk hashed and compared byte
 * for byte with the copy's, read back after its fsync. The SHA-256, or null when a chunk differs.
 * Stops between chunks when `signal` aborts.
 */
async function checkChunks(from: FileHandle, out: FileHandle, files: { source: string; temp: string }, size: number, buffers: CopyBuffers, signal?: AbortSignal): Promise<string | null> {
  const hash = createHash('sha256');
  const whole = buffers.take(Math.min(size, CHECK_CHUNK_BYTES));
  for (let position = 0; position < size; position += CHECK_CHUNK_BYTES) {
    signal?.throwIfAborted();
    const length = Math.min(CHECK_CHUNK_BYTES, size - position);
    const [read, back] = [whole.read.subarray(0, length), whole.back.subarray(0, length)];
    await Promise.all([readExactly(from, files.source, read, position), readExactly(out, files.temp, back, position)]);
    hash.update(read);
    if (!back.equals(read)) return null;
  }
  return hash.digest('hex');
}

async function writeAll(out: FileHandle, bytes: Buffer): Promise<void> {
  for (let offset = 0; offset < bytes.length; ) {
    const { bytesWritten } = await out.write(bytes, offset, bytes.length - offset, offset);
    offset += bytesWritten;
  }
}

/**
 * Copies `source` to the hidden `temp` (which must not exist), fsynced, and proves the copy (see
 * [Note: import log]). On Linux the kernel copies the file (copy_file_range: no trip through this
 * process's memory); elsewhere the bytes read are written. A file up to 32 MB is read once: those
 * bytes are hashed (the SHA-256 the log keeps) while the copy is made, and the copy is read back from
 * the disk and compared byte for byte with them. A bigger one up to 256 MB is compared a chunk at a
 * time after its kernel copy, the source's chunks hashed. A bigger one still is streamed, hashed as it
 * is copied, and the copy hashed again. The source is opened as a regular file only and must still be
 * the file the plan saw (size and time, of the open file, before and after). A big file's copy stops
 * when `signal` aborts (a cancelled import), its temp removed. Returns the SHA-256.
 */
export async function copyStaged(source: string, temp: string, planned: { size: number; mtime: number }, buffers = new CopyBuffers(), signal?: AbortSignal): Promise<string> {
  try {
    const { handle, times } = await openPlanned(source, planned);
    // the SHA-256 of the bytes copied, or null when the copy does not read back as they were
    let sha256: string | null;
    try {
      if (planned.size <= WHOLE_FILE_BYTES) {
        const { read, back } = buffers.take(planned.size);
        await readExactly(handle, source, read);
        // The copy is read back after its fsync, through the handle that fsynced it.
        const fill = KERNEL_COPY ? { from: handle } : { write: (out: FileHandle) => writeAll(out, read) };
        const written = writeSynced(temp, times, fill, (out) => readExactly(out, temp, back));
        // Hashed here while the copy, its fsync and the read back run on the I/O threads.
        sha256 = createHash('sha256').update(read).digest('hex');
        await written;
        if (!back.equals(read)) sha256 = null;
      } else if (KERNEL_COPY && planned.size <= KERNEL_COPY_MAX_BYTES) {
        signal?.throwIfAborted();
        sha256 = await writeSynced(temp, times, { from: handle }, (out) => checkChunks(handle, out, { source, temp }, planned.size, buffers, signal));
      } else {
        const hash = createHash('sha256');
        await writeSynced(temp, times, { write: async (out) => {
          for await (const chunk of handle.createReadStream({ autoClose: false, start: 0 })) {
            signal?.throwIfAborted();
            hash.update(chunk as Buffer);
            await out.write(chunk as Buffer);
          }
        } }, () => Promise.resolve());
        sha256 = hash.digest('hex');
        signal?.throwIfAborted();
        if ((await digestFile(temp)).sha256 !== sha256) sha256 = null;
      }
      // Still the same file after the copy: the bytes copied are the plan's (a source rewritten between the read
      // and the kernel's copy differs too: that is the card's side, not the disk's).
      checkPlanned(source, await handle.stat(), planned);
      if (sha256 === null) throw new Error(`the copy of ${source} at ${temp} does not read back intact (disk error?)`);
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
