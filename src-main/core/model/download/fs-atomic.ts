import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * [Note: atomic install] A model is written into a temporary place, every file is fsynced, and the
 * finished folder is renamed into place, so a crash or a cancel never leaves a half-written model where
 * the loader looks. Renames within one filesystem are atomic; the parent folder is fsynced afterwards
 * so the rename itself survives a power cut.
 */
export async function fsyncPath(target: string): Promise<void> {
  const handle = await open(target, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) refuse fsync on a directory handle; the rename is still atomic there.
    if (!isDirectorySyncRefusal(error)) throw error;
  } finally {
    await handle.close();
  }
}

function isDirectorySyncRefusal(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'EBADF';
}

/** Writes a file under a temporary name, fsyncs it and renames it over the target. */
export async function writeFileAtomic(target: string, data: string): Promise<void> {
  const temp = `${target}.tmp-${process.pid.toString()}-${Date.now().toString(36)}`;
  try {
    await writeFile(temp, data);
    await fsyncPath(temp);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncPath(path.dirname(target));
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
 * Moves a finished folder to `target`, replacing an older install: the old one is renamed aside first
 * and deleted only after the new one is in place, so some complete model is always at `target`
 * except for the instant between the two renames.
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
