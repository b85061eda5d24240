import type { Worker } from 'node:worker_threads';
import type { ProviderResult } from './providers.js';
import type { ImageRequest, TowerThreadData } from './image-tower-thread.js';
import type { TowerOutput } from './tower-thread.js';
import { startTowerWorker } from './tower-worker.js';

export type { TowerOutput } from './tower-thread.js';

/** Where the image tower runs: in this thread or in a worker; both take the pixels and give back the output. */
export interface ImageRunner {
  readonly providers: ProviderResult;
  /** the thread that runs inference: 0 for the main thread, else the worker's threadId */
  readonly threadId: number;
  /** the worker thread, when the tower runs in one (its 'exit' event tells when it is gone) */
  readonly worker: Worker | null;
  /** `pixels` may be handed over to another thread: the caller must not read it again. */
  run(pixels: Float32Array, dims: number[]): Promise<TowerOutput>;
  release(): Promise<void>;
}

/**
 * [Note: inference in a worker]
 * onnxruntime-node runs `session.run` synchronously on the calling thread, so on the main thread decoding,
 * hashing, writing rows and answering the UI all stop while a batch infers, and decode and inference
 * alternate instead of overlapping. The image tower therefore runs in a worker thread with its own session,
 * made from the same file with the same provider and thread settings. Batches travel as one Float32Array
 * each whose buffer is transferred, not copied, and vectors come back the same way; the EmbedQueue keeps
 * one batch queued behind the running one (a bounded queue of two), and decodes in flight, so the tower
 * never waits for the main thread. A load failure comes back as the coded error the session made
 * (MODEL_INVALID), a failed run as the error it threw, and a worker that dies rejects every batch it
 * held, so nothing waits forever; `release` terminates it. A worker that cannot start at all (no entry file
 * beside this module, or one its packaging makes unreadable) leaves the tower on the main thread, logged. The text tower runs in a worker of its own
 * when a page's warm-up loads it ([Note: warming for the page]: its load would hold the thread for seconds on a
 * busy machine); a one-shot process loads it on the main thread, where a query is one short run and nothing else
 * waits (a worker's start-up would only add to the CLI's first answer). `CoreOptions.imageWorker: false` keeps
 * the old main-thread path for the image tower (the benchmark compares both side by side).
 */
export async function startImageWorker(data: TowerThreadData): Promise<ImageRunner | null> {
  const tower = await startTowerWorker<ImageRequest>('image-tower-thread', data, 'image model');
  if (tower === null) return null;
  return {
    providers: tower.providers,
    threadId: tower.threadId,
    worker: tower.worker,
    run(pixels, dims) {
      // transferred when the array owns its whole buffer; a view into a larger buffer is copied
      const owned = pixels.byteOffset === 0 && pixels.byteLength === pixels.buffer.byteLength && pixels.buffer instanceof ArrayBuffer;
      const sent = owned ? pixels : pixels.slice();
      return tower.call({ pixels: sent, dims }, [sent.buffer as ArrayBuffer]);
    },
    release: () => tower.release(),
  };
}
