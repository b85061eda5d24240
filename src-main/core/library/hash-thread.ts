import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

/*
 * [Note: hashing off the main thread]
 * The full SHA-256 of a photo ([Note: photo identity]) is the largest single cost of a RAW after its decode
 * (which is why indexing now leaves it for later, [Note: full hash later]):
 * a 24 MP camera's RAW is 25 to 60 MB, eight times its JPEG, and Node hashes on the thread that calls
 * `update`. Streamed on the main thread, 1 MB chunks each freshly allocated, a 55 MB DNG cost 85 ms of
 * main-thread time (hash 44, reads 14, garbage collection 27: `--cpu-prof` of an indexing run), while the
 * main thread also hands decodes and batches along. So files are hashed by one worker thread: the main
 * thread opens the file (the regular-file gate, [Note: only regular files are read]) and hands the worker
 * its descriptor; the worker reads it with one reused 4 MB buffer and hashes as it goes. Between buffers the job
 * with the fewest bytes left goes on, so a RAW is not held behind a long video and files of one size finish
 * in the order they came (taking turns, three RAWs would all finish last). The pipeline awaits a photo's hash
 * only when its row is written, so a decode does not wait for it ([Note: pipeline overlap]). The worker's code is a few lines of plain
 * JavaScript, so it needs no entry file and runs the same from the sources and from a bundle. It holds the
 * process open only while it has work; one that fails or dies fails its jobs, and the next hash starts a
 * new one; where no worker can start, the file is hashed here, with the same reused buffer.
 */

const CHUNK = 4 * 1024 * 1024;

const WORKER_CODE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { fstatSync, readSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(${CHUNK});
const jobs = [];
function step() {
  // the job with the fewest bytes left goes next: a RAW is done before a long video, each in the order it came
  let job = jobs[0];
  for (const other of jobs) if (other.size - other.position < job.size - job.position) job = other;
  try {
    const read = readSync(job.fd, buffer, 0, buffer.length, job.position);
    if (read > 0) {
      job.hash.update(buffer.subarray(0, read));
      job.position += read;
    } else {
      jobs.splice(jobs.indexOf(job), 1);
      parentPort.postMessage({ id: job.id, hash: job.hash.digest('hex') });
    }
  } catch (error) {
    jobs.splice(jobs.indexOf(job), 1);
    parentPort.postMessage({ id: job.id, error: { code: error.code, message: error.message } });
  }
  if (jobs.length > 0) setImmediate(step);
}
parentPort.on('message', ({ id, fd }) => {
  let size = 0;
  try {
    size = fstatSync(fd).size;
  } catch {
    // the read reports it
  }
  jobs.push({ id, fd, size, position: 0, hash: createHash('sha256') });
  if (jobs.length === 1) setImmediate(step);
});
`;

type Reply = { id: number; hash: string } | { id: number; error: { code?: string; message: string } };

interface Pending {
  resolve: (hash: string) => void;
  reject: (error: Error) => void;
}

class HashThread {
  private readonly pending = new Map<number, Pending>();
  private next = 0;

  constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (error) => this.stop(error));
    worker.on('exit', (code) => this.stop(new Error(`the hashing thread stopped (exit code ${code})`)));
  }

  get alive(): boolean {
    return this.worker.threadId !== -1;
  }

  hash(fd: number): Promise<string> {
    const id = this.next++;
    return new Promise<string>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // only while it has work does the thread keep the process alive: a CLI run awaiting a hash must not end
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ id, fd });
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }

  private settle(reply: Reply): void {
    const waiting = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (!waiting) return;
    if ('hash' in reply) waiting.resolve(reply.hash);
    else waiting.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
  }

  private stop(error: Error): void {
    if (thread === this) thread = null;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

let thread: HashThread | null = null;
let unavailable = false;

function hashThread(): HashThread | null {
  if (thread?.alive || unavailable) return thread;
  try {
    thread = new HashThread(new Worker(WORKER_CODE, { eval: true }));
  } catch (error) {
    unavailable = true;
    console.error(`shoebox: files are hashed on the main thread: ${error instanceof Error ? error.message : String(error)}`);
  }
  return thread;
}

/** The same work on this thread, where no worker can run. */
async function hashHere(handle: FileHandle): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(CHUNK);
  for (let position = 0; ; ) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) return hash.digest('hex');
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
}

/** The SHA-256 (hex) of an open file's bytes from its start, on the hashing thread ([Note: hashing off the main thread]). */
export function hashOpenFile(handle: FileHandle): Promise<string> {
  return hashThread()?.hash(handle.fd) ?? hashHere(handle);
}

/** Ends the hashing thread, if one runs (the library closing); the next hash starts another. */
export async function closeHashThread(): Promise<void> {
  const running = thread;
  thread = null;
  await running?.close();
}
