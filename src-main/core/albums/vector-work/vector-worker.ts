import { Worker } from 'node:worker_threads';
import { AppError } from '../../../contract/errors.js';
import { workerEntry } from '../../util/worker-entry.js';
import type { VectorBatch } from '../vector-scan.js';
import { createJob, type JobResult, type JobSpec, type PhaseReport } from './vector-job.js';
import type { VectorReply, VectorRequest } from './vector-thread.js';

/** Sends the job one pass of batches (a scan of the catalogue); `send` resolves when the job may take the next. */
export type Feed = (send: (batch: VectorBatch) => Promise<void>) => Promise<void>;

export interface RunOptions {
  signal?: AbortSignal | undefined;
  onProgress?: PhaseReport | undefined;
}

/** Where a job ran: 0 for the main thread, else the worker's threadId (tests check it). */
export interface RunOutcome<R extends JobResult> {
  result: R;
  threadId: number;
}

/** Batches in flight to a worker before the scan waits for it: the scan never runs far ahead of the work. */
const IN_FLIGHT = 2;

const cancelled = (): AppError => new AppError('CANCELLED', 'The work was cancelled.');

/**
 * [Note: vector work off the main thread]
 * The duplicates scan and an album's scoring read every photo's vector; at 100k photos the duplicates scan
 * held the main thread for tens of seconds at a stretch (59 s in all, 21 s in one go, on two loaded cores),
 * so the UI and the API stopped answering. Such a job now runs in a worker thread of its own, started for
 * the job and terminated after it: the main thread only streams the catalogue's Arrow batches to it, each as
 * one Float32Array whose copy is transferred, not cloned, at most two batches ahead of the worker (a bounded
 * queue), pass after pass, and gets back small results (groups and their vectors; one score per photo and
 * album as a Float64Array), which it applies in slices between which the event loop runs. Cancelling
 * terminates the worker, so a job stops at once even inside a long loop, and rejects with CANCELLED. The
 * job's code is one module (vector-job.ts) that runs the same in process: below `inWorkerFrom` photos
 * (a few thousand, where the work takes milliseconds and starting a thread costs more), where the
 * worker's entry is not on disk beside this module, and (logged) where the worker fails before it is ready. A worker does not share the main thread's LanceDB
 * connection, so the catalogue is read where it is open and only numbers cross. Progress (phase, count,
 * rate, ETA) goes out as `backgroundWork` events, like an indexing run's.
 */
export class VectorWork {
  constructor(private readonly inWorkerFrom: number) {}

  async run<R extends JobResult>(spec: JobSpec, rows: number, feed: Feed, options: RunOptions = {}): Promise<RunOutcome<R>> {
    const { signal } = options;
    if (signal?.aborted === true) throw cancelled();
    const entry = rows >= this.inWorkerFrom ? workerEntry(import.meta.url, 'vector-thread') : null;
    if (entry === null) return { result: (await runInProcess(spec, feed, options)) as R, threadId: 0 };
    const worker = new Worker(entry.code, { eval: entry.eval, workerData: spec });
    try {
      return (await runInWorker(worker, feed, options)) as RunOutcome<R>;
    } catch (error) {
      if (!(error instanceof WorkerDidNotStart)) throw error;
      // its packaging makes the entry unreadable: the work runs here, as below the size limit
      console.error(`shoebox: background work runs on the main thread: ${error.message}`);
      return { result: (await runInProcess(spec, feed, options)) as R, threadId: 0 };
    } finally {
      await worker.terminate();
    }
  }
}

/** The worker failed before it said it was ready: nothing was sent to it yet. */
class WorkerDidNotStart extends Error {
  override readonly name = 'WorkerDidNotStart';
}

async function runInProcess(spec: JobSpec, feed: Feed, { signal, onProgress }: RunOptions): Promise<JobResult> {
  const job = createJob(spec, onProgress ?? (() => undefined));
  const check = (): void => {
    if (signal?.aborted === true) throw cancelled();
  };
  do {
    await feed((batch) => {
      check();
      job.add(batch);
      return Promise.resolve();
    });
    check();
  } while (job.endPass());
  return job.result();
}

/** Replies in order: one waiter per expected reply, rejected all at once when the worker fails or is cancelled. */
function replies(worker: Worker, signal: AbortSignal | undefined, onProgress: PhaseReport | undefined) {
  const waiting: { resolve: (reply: VectorReply) => void; reject: (error: AppError) => void }[] = [];
  const early: VectorReply[] = [];
  let failure: AppError | null = null;
  const fail = (error: AppError): void => {
    failure ??= error;
    for (const w of waiting.splice(0)) w.reject(failure);
  };
  worker.on('message', (reply: VectorReply) => {
    if (reply.type === 'progress') onProgress?.(reply.progress);
    else if (reply.type === 'error') fail(new AppError(reply.error.code, reply.error.message, reply.error.details));
    else {
      const next = waiting.shift();
      if (next) next.resolve(reply);
      else early.push(reply);
    }
  });
  worker.on('error', (error) => fail(new AppError('INTERNAL', `A background worker failed: ${error.message}`)));
  worker.on('exit', (code) => fail(new AppError('INTERNAL', `A background worker stopped (exit code ${code}).`)));
  const abort = (): void => {
    fail(cancelled());
    void worker.terminate();
  };
  signal?.addEventListener('abort', abort, { once: true });
  return {
    next(): Promise<VectorReply> {
      const ready = early.shift();
      if (ready) return Promise.resolve(ready);
      if (failure !== null) return Promise.reject(failure);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    done: () => signal?.removeEventListener('abort', abort),
  };
}

async function runInWorker(worker: Worker, feed: Feed, { signal, onProgress }: RunOptions): Promise<RunOutcome<JobResult>> {
  const queue = replies(worker, signal, onProgress);
  try {
    const ready = await queue.next().catch((error: unknown) => {
      throw (error as { code?: unknown }).code === 'CANCELLED' ? error : new WorkerDidNotStart((error as Error).message);
    });
    const threadId = ready.type === 'ready' ? ready.threadId : -1;
    for (;;) {
      let inFlight = 0;
      await feed(async ({ ids, values, dim }) => {
        if (signal?.aborted === true) throw cancelled();
        // a copy the worker owns: the batch's array is a view into the Arrow reader's buffer
        const copy = values.slice();
        worker.postMessage({ type: 'batch', ids, values: copy, dim } satisfies VectorRequest, [copy.buffer]);
        inFlight += 1;
        if (inFlight >= IN_FLIGHT) {
          await queue.next();
          inFlight -= 1;
        }
      });
      for (; inFlight > 0; inFlight -= 1) await queue.next();
      worker.postMessage({ type: 'end' } satisfies VectorRequest);
      const reply = await queue.next();
      if (reply.type === 'result') return { result: reply.result, threadId };
      if (reply.type !== 'again') throw new AppError('INTERNAL', `A background worker answered ${reply.type} to the end of a pass.`);
    }
  } finally {
    queue.done();
  }
}
