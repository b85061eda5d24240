import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore } from '../../src-main/core/create-core.js';
import { CACHE_DIR, progress, runMain, withTempDir } from './bench-env.js';

/**
 * Heavy background work at 100k photos and the main thread meanwhile: the duplicates scan and a smart
 * album's scoring over every vector (after an edit; its prompts' vectors are cached), on the bench's synthetic 100k library (hard-linked into a
 * temporary folder, so the cached library is never written). For each: wall time, and the main thread's
 * event-loop delay (perf_hooks, 1 ms resolution: p99 and max) and how often a 1 ms timer got to run, with the
 * work on the main thread (as before [Note: vector work off the main thread]) and in its worker, side by side.
 *
 * `npx tsx test/bench/background-work-bench.ts [--json]` (the 100k library must exist: `npm run bench` builds it)
 */

interface Figures {
  mode: 'main' | 'worker';
  job: string;
  wallSeconds: number;
  delayP99Ms: number;
  delayMaxMs: number;
  timerTicks: number;
  detail: string;
}

const ms = (ns: number): number => Math.round(ns / 1e4) / 100;

async function measure(mode: Figures['mode'], job: string, work: () => Promise<string>): Promise<Figures> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 1);
  delay.enable();
  const start = performance.now();
  const detail = await work();
  const wallSeconds = (performance.now() - start) / 1000;
  delay.disable();
  clearInterval(timer);
  const figures = { mode, job, wallSeconds, delayP99Ms: ms(delay.percentile(99)), delayMaxMs: ms(delay.max), timerTicks: ticks, detail };
  progress(`${mode} thread, ${job}: ${wallSeconds.toFixed(1)} s, event-loop delay p99 ${figures.delayP99Ms} ms, max ${figures.delayMaxMs} ms, ${ticks} timer ticks; ${detail}`);
  return figures;
}

async function main(): Promise<void> {
  const source = path.join(CACHE_DIR, 'library-100k-v1');
  const modelDir = path.join(CACHE_DIR, 'clip-vit-b32-random-v1');
  progress(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const results: Figures[] = [];
  // the same work on the main thread (vectorWorkerFrom: Infinity, as before the worker) and in the worker, side by side
  for (const mode of ['main', 'worker'] as const) {
    results.push(...(await withTempDir('shoebox-bench-background-', async (dir) => {
      const libraryDir = path.join(dir, 'library');
      // LanceDB never rewrites a file in place: hard links keep the cache as it was.
      execFileSync('cp', ['-al', source, libraryDir]);
      const core = await createCore({ libraryDir, modelDir, vectorWorkerFrom: mode === 'main' ? Number.POSITIVE_INFINITY : 0 });
      try {
        const out: Figures[] = [];
        if (!process.argv.includes('--albums-only')) out.push(await measure(mode, 'duplicates', async () => {
          const report = await core.findDuplicates({});
          return `${report.photos} photos, ${report.groups.length} groups`;
        }));
        // creating an album also runs the text tower on its prompts (on the main thread, as a search does)
        const album = await core.createAlbum({ name: 'Beach', prompts: ['a dog on the beach', 'waves'], negativePrompts: ['people'] });
        out.push(await measure(mode, 'album scoring', async () => {
          // a new threshold scores the album over every vector again; its prompts' vectors are cached
          const edited = await core.updateAlbum({ albumId: album.id, threshold: album.threshold + 0.01 });
          return `${edited.memberCount} members (was ${album.memberCount})`;
        }));
        return out;
      } finally {
        await core.close();
      }
    })));
  }
  progress(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(results)}\n`);
}

runMain(main);
