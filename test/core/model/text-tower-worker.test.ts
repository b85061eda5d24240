import { threadId as mainThreadId } from 'node:worker_threads';
import { InferenceSession } from 'onnxruntime-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadClipModel } from '../../../src-main/core/model/clip-model.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

const TEXTS = ['red', 'a dark photo', 'blue sky'];
const rounded = (vectors: Float32Array[]): string[][] => vectors.map((v) => [...v].map((x) => x.toFixed(5)));

describe('the text tower in a worker thread ([Note: warming for the page])', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('loads in a worker when asked, gives the same vectors as this thread, and a text asked meanwhile waits for it', async () => {
    const create = vi.spyOn(InferenceSession, 'create');
    const worker = await loadClipModel(await tinyModelDir(), { provider: 'cpu' });
    const here = await loadClipModel(await tinyModelDir(), { provider: 'cpu' });
    try {
      expect(worker.textThread()).toBeNull();
      const loading = worker.loadTextInWorker();
      // asked while the worker loads: it waits for that tower rather than making one here
      const fromWorker = await worker.embedTexts(TEXTS);
      await loading;
      expect(worker.textThread()).toBeGreaterThan(0);
      expect(worker.textThread()).not.toBe(mainThreadId);
      expect(worker.providers.text).toEqual({ provider: 'cpu', tried: [] });
      expect(create).not.toHaveBeenCalled();
      const fromHere = await here.embedTexts(TEXTS);
      expect(here.textThread()).toBe(0);
      expect(create).toHaveBeenCalledTimes(1);
      expect(rounded(fromWorker)).toEqual(rounded(fromHere));
    } finally {
      await Promise.all([worker.dispose(), here.dispose()]);
    }
  });

  it('a tower already loaded on this thread stays there', async () => {
    const model = await loadClipModel(await tinyModelDir(), { provider: 'cpu' });
    try {
      await model.embedTexts(['red']);
      await model.loadTextInWorker();
      expect(model.textThread()).toBe(0);
    } finally {
      await model.dispose();
    }
  });

  it('refuses texts once disposed, the worker gone', async () => {
    const model = await loadClipModel(await tinyModelDir(), { provider: 'cpu' });
    await model.loadTextInWorker();
    await model.dispose();
    await expect(model.embedTexts(['red'])).rejects.toMatchObject({ code: 'MODEL_NOT_READY' });
  });
});
