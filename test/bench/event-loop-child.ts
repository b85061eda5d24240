import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore } from '../../src-main/core/create-core.js';
import { progress, reportToParent, runMain, secondsSince, withTempDir } from './bench-env.js';

/**
 * The main thread's event-loop delay while the real core indexes a folder, in a process of its own, with the
 * image tower in its worker thread or (`main`) on the main thread as before ([Note: inference in a worker]).
 * A warm-up folder is indexed first, so model load is not in the figures. The delay histogram
 * (perf_hooks, 1 ms resolution) covers the timed scan only. Its percentiles count samples, and a 400 ms
 * stall is one sample among hundreds of 1 ms ones, so the child also keeps its own 1 ms probe and
 * reports the time-weighted p99 (the delay that 1 % of the scan's wall time is spent waiting beyond) and
 * the share of the scan spent in stalls over 20 ms.
 *
 * argv: MODEL_DIR PHOTO_DIR WARMUP_DIR worker|main
 */

export interface EventLoopChildResult {
  mode: 'worker' | 'main';
  photos: number;
  failed: number;
  perSecond: number;
  cpuMsPerPhoto: number;
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
  /** the wait that 1 % of the scan's time is spent beyond */
  timeWeightedP99Ms: number;
  /** share of the scan's wall time inside stalls longer than 20 ms */
  stalledShare: number;
  /**
   * The stalls over 20 ms taken apart by the main thread's scheduler counters (Linux: /proc/thread-self/schedstat):
   * milliseconds it ran (its own work: JavaScript, native calls, GC), waited runnable for a core (the machine's other
   * threads had them), and the rest (asleep: the timer was due but nothing woke the thread). Null where not on Linux.
   */
  stalls: { count: number; totalMs: number; runningMs: number; waitingMs: number; otherMs: number } | null;
}

/** The main thread's time on a core and runnable waiting for one, in ms (Linux only). */
function schedstat(): [number, number] | null {
  try {
    const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return [(run ?? 0) / 1e6, (wait ?? 0) / 1e6];
  } catch {
    return null;
  }
}

/**
 * A 1 ms timer whose lateness is kept: each sample stands for the time from its due moment to its run. Each
 * stall over 20 ms is also taken apart by the main thread's scheduler counters read before and after it.
 */
function probe(): { stop: () => { samples: number[]; stalls: EventLoopChildResult['stalls'] } } {
  const samples: number[] = [];
  const stalls = { count: 0, totalMs: 0, runningMs: 0, waitingMs: 0, otherMs: 0 };
  let before = schedstat();
  const onLinux = before !== null;
  let due = performance.now() + 1;
  let timer = setTimeout(function tick() {
    const now = performance.now();
    const late = Math.max(0, now - due);
    samples.push(late);
    const after = onLinux ? schedstat() : null;
    if (late > 20 && before !== null && after !== null) {
      const running = Math.min(late, after[0] - before[0]);
      const waiting = Math.min(late - running, after[1] - before[1]);
      stalls.count += 1;
      stalls.totalMs += late;
      stalls.runningMs += running;
      stalls.waitingMs += waiting;
      stalls.otherMs += late - running - waiting;
    }
    before = after;
    due = now + 1;
    timer = setTimeout(tick, 1);
  }, 1);
  const round = (n: number): number => Math.round(n * 10) / 10;
  return {
    stop: () => {
      clearTimeout(timer);
      const taken = onLinux
        ? { count: stalls.count, totalMs: round(stalls.totalMs), runningMs: round(stalls.runningMs), waitingMs: round(stalls.waitingMs), otherMs: round(stalls.otherMs) }
        : null;
      return { samples, stalls: taken };
    },
  };
}

/** The lateness below which 99 % of the probed time lies, each sample weighted by the time it covered. */
function timeWeightedP99(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, s) => sum + s + 1, 0);
  let covered = 0;
  for (const s of sorted) {
    covered += s + 1;
    if (covered >= total * 0.99) return Math.round(s * 100) / 100;
  }
  return Math.round((sorted.at(-1) ?? 0) * 100) / 100;
}

const ms = (ns: number): number => Math.round(ns / 1e4) / 100;

async function main(): Promise<void> {
  const [modelDir, photoDir, warmupDir, mode] = process.argv.slice(2);
  if (modelDir === undefined || photoDir === undefined || warmupDir === undefined || (mode !== 'worker' && mode !== 'main')) {
    throw new Error('usage: event-loop-child.ts MODEL_DIR PHOTO_DIR WARMUP_DIR worker|main');
  }
  const which: EventLoopChildResult['mode'] = mode;
  const result = await withTempDir('shoebox-bench-library-', async (libraryDir): Promise<EventLoopChildResult> => {
    const core = await createCore({ libraryDir, modelDir, imageWorker: which === 'worker' });
    try {
      await core.addRoot({ path: warmupDir });
      await core.rescan({});
      await core.addRoot({ path: photoDir });
      const delay = monitorEventLoopDelay({ resolution: 1 });
      const start = performance.now();
      const cpu = process.cpuUsage();
      delay.enable();
      const probing = probe();
      const summary = await core.rescan({});
      const { samples, stalls } = probing.stop();
      delay.disable();
      const seconds = secondsSince(start);
      const stalled = samples.filter((s) => s > 20).reduce((sum, s) => sum + s, 0);
      const { user, system } = process.cpuUsage(cpu);
      return {
        mode: which,
        photos: summary.indexed,
        failed: summary.failed.length,
        perSecond: summary.indexed / seconds,
        cpuMsPerPhoto: (user + system) / 1000 / summary.indexed,
        delayP50Ms: ms(delay.percentile(50)),
        delayP99Ms: ms(delay.percentile(99)),
        delayMaxMs: ms(delay.max),
        timeWeightedP99Ms: timeWeightedP99(samples),
        stalledShare: Math.round((stalled / (seconds * 1000)) * 1000) / 1000,
        stalls,
      };
    } finally {
      await core.close();
    }
  });
  progress(
    `${mode}: ${result.photos} photos, ${result.perSecond.toFixed(2)} photos/s, event-loop delay p50 ${result.delayP50Ms} ms, ` +
      `p99 ${result.delayP99Ms} ms, max ${result.delayMaxMs} ms, time-weighted p99 ${result.timeWeightedP99Ms} ms, ` +
      `${(result.stalledShare * 100).toFixed(1)} % of the time in stalls over 20 ms` +
      (result.stalls === null ? '' : ` (${JSON.stringify(result.stalls)})`),
  );
  reportToParent(result);
}

runMain(main);
