import { describe, expect, it } from 'vitest';
import { threadId as mainThread } from 'node:worker_threads';
import type { VectorBatch } from '../../../src-main/core/albums/vector-scan.js';
import type { NearPairsResult, ScoresResult } from '../../../src-main/core/albums/vector-work/vector-job.js';
import { VectorWork, type Feed } from '../../../src-main/core/albums/vector-work/vector-worker.js';
import type { PhaseProgress } from '../../../src-main/core/albums/vector-work/vector-job.js';

const DIM = 256;
const ROWS = 12_000;
const BATCH = 1000;

/** Seeded unit vectors; every 1000th row is followed by a near copy of itself (cosine about 0.99). */
function library(): { ids: string[]; values: Float32Array } {
  let state = 42;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const values = new Float32Array(ROWS * DIM);
  for (let r = 0; r < ROWS; r += 1) {
    const copyOf = r % 1000 === 1 ? r - 1 : -1;
    let norm = 0;
    for (let j = 0; j < DIM; j += 1) {
      const v = copyOf >= 0 ? (values[copyOf * DIM + j] as number) + 0.006 * next() : next();
      values[r * DIM + j] = v;
      norm += v * v;
    }
    for (let j = 0; j < DIM; j += 1) values[r * DIM + j] = (values[r * DIM + j] as number) / Math.sqrt(norm);
  }
  return { ids: Array.from({ length: ROWS }, (_, i) => `p${i}`), values };
}

const LIBRARY = library();

/** The catalogue's scan, stood in by batches of the library above (each a view, as Arrow gives them). */
const feed: Feed = async (send) => {
  for (let start = 0; start < ROWS; start += BATCH) {
    const batch: VectorBatch = { ids: LIBRARY.ids.slice(start, start + BATCH), values: LIBRARY.values.subarray(start * DIM, (start + BATCH) * DIM), dim: DIM };
    await send(batch);
  }
};

const spec = { kind: 'near-pairs' as const, threshold: 0.95, total: ROWS, dim: DIM, reps: [] as [string, string][] };

/** Counts how often a 1 ms interval ran on this thread while `work` was under way. */
async function ticksDuring<T>(work: () => Promise<T>): Promise<{ value: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 1);
  try {
    return { value: await work(), ticks };
  } finally {
    clearInterval(timer);
  }
}

describe('vector work off the main thread', () => {
  it('finds the same near copies in a worker thread as in process, while this thread keeps running timers', async () => {
    const inProcess = await ticksDuring(() => new VectorWork(Number.POSITIVE_INFINITY).run<NearPairsResult>(spec, ROWS, feed));
    const phases: PhaseProgress[] = [];
    const inWorker = await ticksDuring(() => new VectorWork(0).run<NearPairsResult>(spec, ROWS, feed, { onProgress: (p) => phases.push(p) }));

    expect(inProcess.value.threadId).toBe(0);
    expect(inWorker.value.threadId).not.toBe(0);
    expect(inWorker.value.threadId).not.toBe(mainThread);
    const sorted = (r: NearPairsResult): string[] => r.groups.map((g) => [...g].sort().join(',')).sort();
    expect(sorted(inWorker.value.result)).toEqual(sorted(inProcess.value.result));
    expect(sorted(inWorker.value.result)).toEqual(Array.from({ length: ROWS / 1000 }, (_, k) => `p${k * 1000},p${k * 1000 + 1}`).sort());
    expect(inWorker.value.result.values).toHaveLength(inWorker.value.result.ids.length * DIM);
    // in process the whole job ran without letting one timer through; in the worker, timers kept running
    expect(inProcess.ticks).toBe(0);
    expect(inWorker.ticks).toBeGreaterThan(10);
    expect(new Set(phases.map((p) => p.phase))).toEqual(new Set(['reading', 'comparing', 'checking']));
    expect(phases.filter((p) => p.phase === 'reading').at(-1)).toEqual({ phase: 'reading', done: ROWS, total: ROWS });
  });

  it('scores albums the same in a worker thread as in process', async () => {
    const prompt = LIBRARY.values.slice(5 * DIM, 6 * DIM);
    const negative = LIBRARY.values.slice(7 * DIM, 8 * DIM);
    const scores = { kind: 'scores' as const, total: ROWS, dim: DIM, albums: [{ prompts: [prompt], negatives: [negative], promptScores: true, probe: { weights: negative, bias: 0.5 } }] };
    const local = await new VectorWork(Number.POSITIVE_INFINITY).run<ScoresResult>(scores, ROWS, feed);
    const remote = await new VectorWork(0).run<ScoresResult>(scores, ROWS, feed);
    expect(remote.threadId).not.toBe(0);
    expect(remote.result.count).toBe(ROWS);
    expect(Array.from(remote.result.scores[0] ?? [])).toEqual(Array.from(local.result.scores[0] ?? []));
    expect(Array.from(remote.result.probes[0] ?? [])).toEqual(Array.from(local.result.probes[0] ?? []));
    // row 5 is the prompt itself; row 7 the negative prompt
    expect(remote.result.scores[0]?.[5]).toBeCloseTo(1 - (remote.result.probes[0]?.[5] ?? 0) + 0.5, 5);
    expect(remote.result.probes[0]?.[7]).toBeCloseTo(1.5, 5);
  });

  it('stops at once when cancelled, in a worker thread and in process', async () => {
    for (const from of [0, Number.POSITIVE_INFINITY]) {
      const controller = new AbortController();
      const run = new VectorWork(from).run(spec, ROWS, feed, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.done >= 2 * BATCH) controller.abort();
        },
      });
      await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    }
    const aborted = AbortSignal.abort();
    await expect(new VectorWork(0).run(spec, ROWS, feed, { signal: aborted })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
