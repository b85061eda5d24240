import { Worker } from 'node:worker_threads';
import { AppError, type ErrorPayload } from '../../contract/errors.js';
import { workerEntry } from '../util/worker-entry.js';
import type { ProviderResult } from './providers.js';
import type { TowerOutput, TowerReply } from './tower-thread.js';

/** The host's end of a tower's worker thread (tower-thread.ts `serveTower` is the other). */
export interface TowerWorker<Request> {
  readonly providers: ProviderResult;
  readonly threadId: number;
  /** its 'exit' event tells when it is gone */
  readonly worker: Worker;
  /** sends one request (its id is added), the buffers in `transfer` handed over */
  call(request: Omit<Request, 'id'>, transfer?: ArrayBuffer[]): Promise<TowerOutput>;
  release(): Promise<void>;
}

function fromPayload(payload: ErrorPayload): AppError {
  return new AppError(payload.code, payload.message, payload.details);
}

/**
 * Starts the worker thread `entryName` (beside this module, or a file of the bundle) with `data`, and waits for
 * its tower to load: a load failure rejects with the coded error the thread sent; a worker that cannot start at
 * all (no entry on disk, one its packaging makes unreadable) gives null, and the caller runs the tower in process.
 * A worker that dies rejects every request it held, so nothing waits forever. `what` names the tower in errors.
 */
export async function startTowerWorker<Request extends { id: number }>(entryName: string, data: unknown, what: string): Promise<TowerWorker<Request> | null> {
  const entry = workerEntry(import.meta.url, entryName);
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
  worker.on('error', (error) => stop(new AppError('INTERNAL', `The ${what}'s worker failed: ${error.message}`)));
  worker.on('exit', (code) => stop(new AppError('INTERNAL', `The ${what}'s worker stopped (exit code ${code}).`)));
  let reply: Extract<TowerReply, { type: 'ready' }> | null;
  try {
    reply = await loaded;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  if (reply === null) {
    console.error(`shoebox: the ${what} runs on the main thread: ${(gone as AppError | null)?.message ?? 'its worker did not start'}`);
    return null;
  }
  return {
    providers: reply.providers,
    threadId: reply.threadId,
    worker,
    call(request, transfer = []) {
      if (gone !== null) return Promise.reject(gone);
      const id = nextId++;
      return new Promise<TowerOutput>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ ...request, id }, transfer);
      });
    },
    async release() {
      stop(new AppError('MODEL_NOT_READY', `The ${what} was closed.`));
      await worker.terminate();
    },
  };
}
