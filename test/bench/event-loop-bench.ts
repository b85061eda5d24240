import path from 'node:path';
import { CACHE_DIR, machineInfo, progress, runChild, type MachineInfo } from './bench-env.js';
import type { EventLoopChildResult } from './event-loop-child.js';
import { folderOf } from './photos.js';

export interface EventLoopFigures {
  machine: MachineInfo;
  date: string;
  photos: number;
  /** rounds alternate main, worker, so a change in the machine's load falls on both */
  runs: EventLoopChildResult[];
}

/**
 * The main thread's event-loop delay and the photos/s while indexing the same photos with the same model, the
 * image tower on the main thread (as before) and in its worker thread, side by side in one run.
 */
export async function measureEventLoop(modelDir: string, photos: readonly string[], warmupDir: string, rounds: number): Promise<EventLoopFigures> {
  const dir = await folderOf(photos, path.join(CACHE_DIR, `event-loop-${photos.length}`));
  const runs: EventLoopChildResult[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const mode of ['main', 'worker'] as const) {
      progress(`event loop, round ${round + 1} of ${rounds}: image tower on the ${mode === 'main' ? 'main thread' : 'worker thread'}`);
      runs.push(await runChild<EventLoopChildResult>('event-loop-child.ts', [modelDir, dir, warmupDir, mode]));
    }
  }
  return { machine: machineInfo(), date: new Date().toISOString(), photos: photos.length, runs };
}

const stallParts = (r: EventLoopChildResult): string =>
  r.stalls === null ? '–' : `${r.stalls.runningMs.toFixed(0)} / ${r.stalls.waitingMs.toFixed(0)} / ${r.stalls.otherMs.toFixed(0)}`;

export function eventLoopTable(figures: EventLoopFigures): string {
  const rows = figures.runs.map(
    (r) =>
      `| ${r.mode === 'main' ? 'main thread (before)' : 'worker thread (after)'} | ${r.perSecond.toFixed(2)} | ${r.cpuMsPerPhoto.toFixed(0)} | ` +
      `${r.delayP50Ms} | ${r.delayP99Ms} | ${r.timeWeightedP99Ms.toFixed(1)} | ${r.delayMaxMs} | ${(r.stalledShare * 100).toFixed(1)} % | ${stallParts(r)} | ${r.failed} |`,
  );
  return [
    `${figures.photos} photos; ${figures.machine.cpu}, ${figures.machine.cores} cores; load average ${figures.machine.loadAverage.join(' ')}`,
    '',
    '| image tower | photos/s | CPU ms/photo | loop delay p50 ms | p99 ms (per sample) | p99 ms (time-weighted) | max ms | time in stalls > 20 ms | those stalls: running / waiting for a core / asleep ms | failed |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
