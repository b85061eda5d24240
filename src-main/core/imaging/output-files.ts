import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFailed } from './imaging-errors.js';

/**
 * Writes a file whole or not at all: a temp file beside the target, then a rename, so a reader (the
 * thumbnail protocol, a crash mid-write) never sees half a file.
 */
export async function writeFileAtomic(target: string, data: Uint8Array): Promise<void> {
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(temp, data);
    await rename(temp, target);
  } catch (error) {
    // best effort: where the folder itself is the problem, removing the temp file fails too
    await rm(temp, { force: true }).catch(() => undefined);
    throw writeFailed(target, error);
  }
}

/** A tensor as raw float32 little-endian, whatever the host's byte order (the CLI's `debug preprocess`). */
export async function writeTensorFile(tensor: Float32Array, outPath: string): Promise<void> {
  const bytes = new Uint8Array(tensor.length * 4);
  const view = new DataView(bytes.buffer);
  tensor.forEach((value, i) => {
    view.setFloat32(i * 4, value, true);
  });
  await writeFileAtomic(outPath, bytes);
}
