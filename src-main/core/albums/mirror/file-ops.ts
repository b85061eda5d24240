import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, lstat, open, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { digestFile, fsyncPath } from '../../util/atomic-file.js';

export async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/** True when `file` exists and its SHA-256 is `sha256`. */
export async function holds(file: string, sha256: string): Promise<boolean> {
  if (!(await exists(file))) return false;
  return (await digestFile(file)).sha256 === sha256;
}

export class CollisionError extends Error {
  override readonly name = 'CollisionError';
}

/** The source's bytes are not the ones logged: it changed (or is still being written) since it was hashed. */
export class SourceChangedError extends Error {
  override readonly name = 'SourceChangedError';
}

/** The person cancelled the run while this file was being copied: its partial copy is gone, its original in place. */
export class CancelledCopyError extends Error {
  override readonly name = 'CancelledCopyError';
}

/**
 * Copies `source` to `temp` (which must not exist), keeping its times, fsyncs it, and checks
 * the full SHA-256 of both the bytes read and the bytes written against `sha256`. A `signal`
 * aborted mid-copy stops it between two chunks and removes the partial copy.
 */
export async function copyVerified(source: string, temp: string, sha256: string, signal?: AbortSignal): Promise<void> {
  const hash = createHash('sha256');
  const out = await open(temp, 'wx');
  let cancelled = false;
  try {
    for await (const chunk of createReadStream(source)) {
      cancelled = signal?.aborted === true;
      if (cancelled) throw new CancelledCopyError(`cancelled while copying ${source}; the original is in place`);
      const bytes = chunk as Buffer;
      hash.update(bytes);
      await out.write(bytes);
    }
    await out.sync();
  } finally {
    await out.close();
    if (cancelled) await rm(temp, { force: true });
  }
  const times = await stat(source);
  await utimes(temp, times.atime, times.mtime);
  if (hash.digest('hex') !== sha256) {
    await rm(temp, { force: true });
    throw new SourceChangedError(`${source} changed since it was read (is it still being written?); nothing was copied.`);
  }
  if ((await digestFile(temp)).sha256 !== sha256) {
    await rm(temp, { force: true });
    throw new Error(`the copy of ${source} at ${temp} does not read back intact (disk error?)`);
  }
}

/**
 * Gives `from`'s file the name `to` without ever replacing a file already there: a hard link
 * fails if `to` exists, then the old name goes. Filesystems without hard links (FAT, some
 * network shares) get a check then a rename, which only a file appearing in that instant defeats.
 * The folder is fsynced after, unless the caller fsyncs it itself once for many files.
 */
export async function placeNoClobber(from: string, to: string, options: { syncFolder?: boolean } = {}): Promise<void> {
  try {
    await link(from, to);
    await unlink(from);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CollisionError(`${to} exists already`);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    if (await exists(to)) throw new CollisionError(`${to} exists already`);
    await rename(from, to);
  }
  if (options.syncFolder !== false) await fsyncPath(path.dirname(to));
}

/** A hard link at `to`; never replaces a file. */
export async function linkNoClobber(source: string, to: string): Promise<void> {
  try {
    await link(source, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CollisionError(`${to} exists already`);
    throw error;
  }
  await fsyncPath(path.dirname(to));
}

export async function removeDurably(file: string): Promise<void> {
  await rm(file, { force: true });
  await fsyncPath(path.dirname(file));
}

/**
 * `name.jpg`, else `name (2).jpg`, `name (3).jpg`, ...: the first name neither on disk nor in `taken`.
 * `onDisk` answers "is this name on disk" (default: look); a caller naming many files in one folder
 * may answer from one listing of it, since the placing never overwrites anyway.
 */
export async function freeName(folder: string, fileName: string, taken: ReadonlySet<string>, onDisk: (file: string) => Promise<boolean> = exists): Promise<string> {
  const ext = path.extname(fileName);
  const stem = path.basename(fileName, ext);
  for (let n = 1; ; n += 1) {
    const candidate = path.join(folder, n === 1 ? fileName : `${stem} (${n})${ext}`);
    if (!taken.has(candidate) && !(await onDisk(candidate))) return candidate;
  }
}
