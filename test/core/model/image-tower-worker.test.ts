import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { threadId as mainThreadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClipModel } from '../../../src-main/core/model/clip-model.js';
import { colourImageTensor } from '../../fixtures/tiny-clip.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

/** `count` noisy images in one batch, a fresh array each time (the tower takes it over). */
function batchOf(count: number, seed = 1): Float32Array {
  const one = colourImageTensor([0.8, 0.12, 0.1], { noise: 0.1, seed });
  const out = new Float32Array(one.length * count);
  for (let i = 0; i < count; i += 1) out.set(colourImageTensor([0.1 * i, 0.5, 0.3], { noise: 0.1, seed: seed + i }), i * one.length);
  return out;
}

describe('the image tower in a worker thread ([Note: inference in a worker])', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
  afterAll(async () => cleanup());

  it('infers in a worker, not on the main thread, with the same vectors as the main-thread path', async () => {
    const worker = await loadClipModel(await tinyModelDir(), { provider: 'cpu' });
    const inProcess = await loadClipModel(await tinyModelDir(), { provider: 'cpu', imageWorker: false });
    try {
      expect(worker.imageThread()).toBeNull();
      const fromWorker = await worker.embedImages(batchOf(4), 4);
      const fromMain = await inProcess.embedImages(batchOf(4), 4);
      expect(worker.imageThread()).not.toBe(mainThreadId);
      expect(worker.imageThread()).toBe(worker.imageWorker()?.threadId);
      expect(worker.imageThread()).toBeGreaterThan(0);
      expect(inProcess.imageThread()).toBe(0);
      expect(inProcess.imageWorker()).toBeNull();
      expect(worker.providers.image).toEqual({ provider: 'cpu', tried: [] });
      fromWorker.forEach((v, i) => expect([...v].map((x) => x.toFixed(5))).toEqual([...(fromMain[i] ?? [])].map((x) => x.toFixed(5))));
    } finally {
      await Promise.all([worker.dispose(), inProcess.dispose()]);
    }
  });

  it('transfers the batch to the worker instead of copying it', async () => {
    const model = await loadClipModel(await tinyModelDir(), { provider: 'cpu' });
    const inProcess = await loadClipModel(await tinyModelDir(), { provider: 'cpu', imageWorker: false });
    try {
      const pixels = batchOf(16);
      expect(await model.embedImages(pixels, 16)).toHaveLength(16);
      // handed over with the transfer list: the caller's buffer is detached (the main-thread path leaves it)
      expect(pixels.buffer.byteLength).toBe(0);
      const kept = batchOf(2);
      await inProcess.embedImages(kept, 2);
      expect(kept.buffer.byteLength).toBeGreaterThan(0);
      // a view into a larger buffer is copied, so the rest of that buffer stays the caller's
      const shared = new Float32Array(batchOf(3).buffer, 0, batchOf(1).length * 2);
      expect(await model.embedImages(shared, 2)).toHaveLength(2);
      expect(shared.buffer.byteLength).toBeGreaterThan(0);
    } finally {
      await Promise.all([model.dispose(), inProcess.dispose()]);
    }
  });

  it('a worker that dies fails its batch with a coded error, and the next batch gets a new worker', async () => {
    const model = await loadClipModel(await tinyModelDir(), { provider: 'cpu' });
    try {
      await model.embedImages(batchOf(1), 1);
      const first = model.imageWorker();
      expect(first).not.toBeNull();
      const exited = new Promise<number>((resolve) => first?.once('exit', resolve));
      const inFlight = model.embedImages(batchOf(8), 8);
      await first?.terminate();
      const error = await inFlight.catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'INTERNAL' });
      expect((error as Error).message).toContain("image model's worker");
      expect(await exited).toBe(1);
      expect(await model.embedImages(batchOf(2), 2)).toHaveLength(2);
      expect(model.imageWorker()).not.toBe(first);
      expect(model.imageThread()).not.toBe(first?.threadId);
    } finally {
      await model.dispose();
    }
  });

  it('dispose ends the worker thread, and refuses work afterwards', async () => {
    const model = await loadClipModel(await tinyModelDir(), { provider: 'cpu' });
    await model.embedImages(batchOf(1), 1);
    const worker = model.imageWorker();
    expect(worker).not.toBeNull();
    const exited = new Promise<number>((resolve) => worker?.once('exit', resolve));
    const running = model.embedImages(batchOf(4), 4);
    await model.dispose();
    // a batch already sent is answered before the thread ends
    expect(await running).toHaveLength(4);
    expect(typeof (await exited)).toBe('number');
    await expect(model.embedImages(batchOf(1), 1)).rejects.toMatchObject({ code: 'MODEL_NOT_READY' });
  });

  it('a model the worker cannot load is MODEL_INVALID, as on the main thread', async () => {
    const broken = path.join(dir, 'broken-model');
    await cp(await tinyModelDir(), broken, { recursive: true });
    const worker = await loadClipModel(broken, { provider: 'cpu' });
    const inProcess = await loadClipModel(broken, { provider: 'cpu', imageWorker: false });
    // the folder passed its checks at load; the file goes bad before the first photo
    await writeFile(path.join(broken, 'onnx', 'vision_model.onnx'), 'not a model any more');
    try {
      const fromWorker = await worker.embedImages(batchOf(1), 1).catch((error: unknown) => error);
      const fromMain = await inProcess.embedImages(batchOf(1), 1).catch((error: unknown) => error);
      expect(fromWorker).toMatchObject({ code: 'MODEL_INVALID' });
      expect(fromWorker).toMatchObject({ code: (fromMain as { code: string }).code, message: (fromMain as Error).message });
      expect(worker.imageWorker()).toBeNull();
    } finally {
      await Promise.all([worker.dispose(), inProcess.dispose()]);
    }
  });
});
