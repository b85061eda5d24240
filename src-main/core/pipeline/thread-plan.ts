import { availableParallelism } from 'node:os';
import { defaultThreadCount } from '../model/session.js';

/** How the indexing pipeline uses the machine's cores. */
export interface ThreadPlan {
  /** onnxruntime intra-op threads of each session (the image tower's worker and the text tower) */
  inferenceThreads: number;
  /** photos decoding at once (file read, hash, EXIF and sharp's decode) while batches infer */
  decodesInFlight: number;
  /** libvips threads inside one sharp decode */
  vipsThreads: number;
}

/** What a person or a test may pin; each one left out is chosen from the machine. */
export interface ThreadOverrides {
  threads?: number | null | undefined;
  decodeConcurrency?: number | undefined;
  vipsThreads?: number | undefined;
}

export interface MachineShape {
  /** logical cores (os.availableParallelism) */
  logical: number;
  /** physical cores, as onnxruntime counts them (defaultThreadCount) */
  physical: number;
  /** libuv's thread pool, which runs sharp's decodes (UV_THREADPOOL_SIZE, 4 by default) */
  uvPool: number;
}

export function thisMachine(): MachineShape {
  const pool = Number.parseInt(process.env['UV_THREADPOOL_SIZE'] ?? '', 10);
  return { logical: availableParallelism(), physical: defaultThreadCount(), uvPool: Number.isInteger(pool) && pool > 0 ? pool : 4 };
}

const positive = (value: number | null | undefined): number | undefined =>
  value !== null && value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : undefined;

/**
 * [Note: thread plan]
 * The one place that turns the machine into thread counts; `CoreOptions` (threads, decodeConcurrency,
 * vipsThreads) and the library's `threads` setting override each part.
 * - Inference: one onnxruntime intra-op thread per physical core, without spinning: the image tower runs
 *   in its own worker thread ([Note: inference in a worker]), so it no longer takes turns with the
 *   decodes and gets the whole machine's vector units while they wait on libuv.
 * - Decodes in flight: enough to keep libuv's pool busy and one more whose file is being read and hashed,
 *   but no more than the cores can decode at once plus one (2 cores: 3, the figure measured best on
 *   2 cores; 16 cores with the default pool of 4: 5). More would only hold decoded images in memory.
 * - libvips threads: 1 per decode ([Note: sharp threads and cache]) until the cores outnumber what the
 *   tower and the pool keep busy; then the spare cores are shared among the decodes (16 cores: 2).
 */
export function planThreads(overrides: ThreadOverrides = {}, machine: MachineShape = thisMachine()): ThreadPlan {
  const inferenceThreads = positive(overrides.threads) ?? machine.physical;
  const decodesInFlight = positive(overrides.decodeConcurrency) ?? Math.max(2, Math.min(machine.logical, machine.uvPool)) + 1;
  const spare = machine.logical - machine.physical - Math.min(machine.logical, machine.uvPool);
  const vipsThreads = positive(overrides.vipsThreads) ?? Math.max(1, 1 + Math.floor(spare / machine.uvPool));
  return { inferenceThreads, decodesInFlight, vipsThreads };
}
