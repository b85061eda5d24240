import { Worker } from 'node:worker_threads';
import { AppError, type ErrorPayload } from '../../contract/errors.js';
import { workerEntry } from '../util/worker-entry.js';
import type { ProviderResult } from './providers.js';
import type { TowerReply, TowerRequest, TowerThreadData } from './image-tower-thread.js';

/** A tower's output as it came back: values and their dims. */
export interface TowerOutput {
  data: Float32Array;
  dims: readonly number[];
}

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

function fromPayload(payload: ErrorPayload): AppError {
  return new AppError(payload.code, payload.message, payload.details);
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
 * beside this module, or one its packaging makes unreadable) leaves the tower on the main thread, logged. The text tower stays on the main thread:
 * a query is one short run, and search needs its answer before anything else. `CoreOptions.imageWorker:
 * false` keeps the old main-thread path (the benchmark compares both side by side).
 */
export async function startImageWorker(data: TowerThreadData): Promise<ImageRunner | null> {
  const entry = workerEntry(import.meta.url, 'image-tower-thread');
  if (entry === null) return null;
  const worker = new Worker(entry.code, { eval: entry.eval, workerData: data });
  const pending = new Map<number, { resolve: (o: TowerOutput) => void; reject: (e: unknown) => void }>();
  let nextId = 0;
  let gone: AppError | null = null;
  let ready: (reply: Extract<TowerReply, { type: 'ready' }> | null) => void = () => undefined;
  let failed: (error: unknown) => void = () => undefined;
  const loaded = new Promise<Extract<TowerReply, { type: 'ready' }> | null>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  const stop = (error: AppError): void => {
    gone ??= error;
    // a worker that could not even start (its entry unreadable where it is packaged): null, the tower runs in process
    if (pending.size === 0) ready(null);
    for (const p of pending.values()) p.reject(gone);
    pending.clear();
  };
  worker.on('message', (reply: TowerReply) => {
    if (reply.type === 'ready') ready(reply);
    else if (reply.type === 'failed') failed(fromPayload(reply.error));
    else {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.type === 'result') waiting?.resolve({ data: reply.data, dims: reply.dims });
      else waiting?.reject(fromPayload(reply.error));
    }
  });
  worker.on('error', (error) => stop(new AppError('INTERNAL', `The image model's worker failed: ${error.message}`)));
  worker.on('exit', (code) => stop(new AppError('INTERNAL', `The image model's worker stopped (exit code ${code}).`)));
  let reply: Extract<TowerReply, { type: 'ready' }> | null;
  try {
    reply = await loaded;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  if (reply === null) {
    console.error(`shoebox: the image model runs on the main thread: ${(gone as AppError | null)?.message ?? 'its worker did not start'}`);
    return null;
  }
  return {
    providers: reply.providers,
    threadId: reply.threadId,
    worker,
    run(pixels, dims) {
      if (gone !== null) return Promise.reject(gone);
      const id = nextId++;
      // transferred when the array owns its whole buffer; a view into a larger buffer is copied
      const owned = pixels.byteOffset === 0 && pixels.byteLength === pixels.buffer.byteLength && pixels.buffer instanceof ArrayBuffer;
      const sent = owned ? pixels : pixels.slice();
      return new Promise<TowerOutput>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: 'run', id, pixels: sent, dims } satisfies TowerRequest, [sent.buffer as ArrayBuffer]);
      });
    },
    async release() {
      stop(new AppError('MODEL_NOT_READY', 'The image model was closed.'));
      await worker.terminate();
    },
  };
}
