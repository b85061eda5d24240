import { setTimeout as sleep } from 'node:timers/promises';
import { createCore } from '../../src-main/core/create-core.js';
import { progress, reportToParent, runMain } from './bench-env.js';

/**
 * A fresh process on an existing library, for what only a new process shows:
 *  - `first-answer`: the time from opening the core until the first search has answered (open the
 *    catalogue, load the text tower, encode the query, search), as a user who opens the app and types
 *    sees it; Node's start and module loading (here inflated by tsx transpiling) are reported apart;
 *  - `idle`: the resident memory of a process that has the library open and is doing nothing.
 *
 * argv: first-answer|idle LIBRARY_DIR MODEL_DIR
 */

export interface FirstAnswerResult {
  /** open the core, load the text tower, encode the query, search: what the app does after it started */
  firstAnswerMs: number;
  openMs: number;
  searchMs: number;
  /** from process start to the first line of the script: Node, tsx's transpiling and module loading */
  startMs: number;
  hits: number;
}

export interface IdleResult {
  rssMb: number;
  heapUsedMb: number;
  photos: number;
}

async function firstAnswer(libraryDir: string, modelDir: string): Promise<FirstAnswerResult> {
  // performance.now() counts from the process's start
  const opening = performance.now();
  const core = await createCore({ libraryDir, modelDir });
  const searching = performance.now();
  const result = await core.search({ text: 'a dog playing on the beach' });
  const answered = performance.now();
  await core.close();
  return {
    firstAnswerMs: answered - opening,
    openMs: searching - opening,
    searchMs: answered - searching,
    startMs: opening,
    hits: result.hits.length,
  };
}

async function idle(libraryDir: string, modelDir: string): Promise<IdleResult> {
  const core = await createCore({ libraryDir, modelDir });
  const status = await core.status({});
  // what settles after opening (background compaction, lazy allocations) gets time to settle
  await sleep(3000);
  const { rss, heapUsed } = process.memoryUsage();
  await core.close();
  return { rssMb: rss / 2 ** 20, heapUsedMb: heapUsed / 2 ** 20, photos: status.photos.indexed };
}

async function main(): Promise<void> {
  const [mode, libraryDir, modelDir] = process.argv.slice(2);
  if (libraryDir === undefined || modelDir === undefined) throw new Error('usage: search-child.ts first-answer|idle LIBRARY_DIR MODEL_DIR');
  if (mode === 'first-answer') {
    const result = await firstAnswer(libraryDir, modelDir);
    progress(
      `first answer in a new process: ${result.firstAnswerMs.toFixed(0)} ms (open ${result.openMs.toFixed(0)} ms, ` +
        `search ${result.searchMs.toFixed(0)} ms), after ${result.startMs.toFixed(0)} ms of process start and module loading`,
    );
    reportToParent(result);
  } else if (mode === 'idle') {
    const result = await idle(libraryDir, modelDir);
    progress(`idle process with ${result.photos.toLocaleString('en')} photos open: RSS ${result.rssMb.toFixed(0)} MB`);
    reportToParent(result);
  } else {
    throw new Error(`search-child.ts: unknown mode ${String(mode)}`);
  }
}

runMain(main);
