import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * [Note: atomic writes]
 * Everything Shoebox writes (settings, caches, thumbnails, model files, mirrored photos) goes to a
 * temporary name beside the target and is renamed over it, so a crash at any moment leaves either the
 * old or the new content, never half a file. Durable writes also fsync the file before the rename and
 * the folder after it, so the rename survives a power cut; caches that can be made again skip that.
 */
export async function fsyncPath(target: string): Promise<void> {
  const handle = await open(target, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) refuse fsync on a folder handle; the rename is still atomic there.
    if (!isDirectorySyncRefusal(error)) throw error;
  } finally {
    await handle.close();
  }
}

function isDirectorySyncRefusal(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'EBADF';
}

export interface AtomicWriteOptions {
  /** fsync the file and its folder (default); false for caches that can be made again */
  durable?: boolean;
}

/** Writes `data` to `target` whole or not at all (see [Note: atomic writes]); creates the folder. */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const durable = options.durable ?? true;
  const dir = path.dirname(target);
  const temp = path.join(
    dir,
    `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`,
  );
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, data);
    if (durable) await fsyncPath(temp);
    await rename(temp, target);
  } catch (error) {
    // Best effort: where the folder itself is the problem, removing the temp file fails too.
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  if (durable) await fsyncPath(dir);
}

export async function writeJsonAtomic(target: string, value: unknown): Promise<void> {
  await writeFileAtomic(target, `${JSON.stringify(value, null, 2)}\n`);
}

export interface FileDigest {
  size: number;
  sha256: string;
}

/** Streams a file through SHA-256: model files are hundreds of megabytes, never read whole. */
export async function digestFile(file: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    hash.update(bytes);
  }
  return { size, sha256: hash.digest('hex') };
}

/**
 * Moves a finished folder to `target`, replacing an older one: the old one is renamed aside first and
 * deleted only after the new one is in place, so a complete folder is always at `target` except for
 * the instant between the two renames.
 */
export async function replaceDirectory(source: string, target: string): Promise<void> {
  const parent = path.dirname(target);
  const aside = path.join(parent, `.trash-${path.basename(target)}-${Date.now().toString(36)}`);
  let movedAside = false;
  try {
    await rename(target, aside);
    movedAside = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await rename(source, target);
  } catch (error) {
    if (movedAside) await rename(aside, target);
    throw error;
  }
  await fsyncPath(parent);
  if (movedAside) await rm(aside, { recursive: true, force: true });
}
