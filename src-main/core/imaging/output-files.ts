import { writeFileAtomic } from '../util/atomic-file.js';
import { writeFailed } from './imaging-errors.js';

/**
 * Thumbnails and tensors are written whole or not at all ([Note: atomic writes]); a thumbnail is a
 * cache made again on demand, so it skips the fsyncs that settings and models pay for.
 */
export async function writeImageFile(target: string, data: Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(target, data, { durable: false });
  } catch (error) {
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
  await writeImageFile(outPath, bytes);
}
