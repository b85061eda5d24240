import { setTimeout as sleep } from 'node:timers/promises';
import { createCore } from '../../src-main/core/create-core.js';
import { median, percentile, progress, reportToParent, runMain } from './bench-env.js';

const APP_QUERIES = 20;
const QUERY_WORDS = ['a cat on a sofa', 'mountains at sunset', 'a birthday cake', 'snow in the city', 'a red car', 'children at the beach', 'a bowl of soup'];

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
  /** then the app's own search (core.search: text tower, 2,000 candidates ranked, a page of 50), 20 other queries */
  appP50Ms: number;
  appP95Ms: number;
  /** the same with a date filter (the year 2020, about a tenth of the library) */
  appP50MsFiltered: number;
  appP95MsFiltered: number;
}

export interface IdleResult {
  rssMb: number;
  heapUsedMb: number;
  photos: number;
}

async function firstAnswer(libraryDir: string, modelDir: string): Promise<FirstAnswerResult> {
  // performance.now() counts from the process's start
  const opening = performance.now();
  // opened as the app and `shoebox search` open it: it will search soon ([Note: the index read at open])
  const core = await createCore({ libraryDir, modelDir, searchSoon: true });
  const searching = performance.now();
  const result = await core.search({ text: 'a dog playing on the beach' });
  const answered = performance.now();
  const timeQueries = async (filters: { from?: string; to?: string }): Promise<number[]> => {
    const ms: number[] = [];
    for (let i = 0; i < APP_QUERIES; i++) {
      const start = performance.now();
      await core.search({ text: `${QUERY_WORDS[i % QUERY_WORDS.length] ?? ''} ${i}`, filters, limit: 50 });
      ms.push(performance.now() - start);
    }
    return ms;
  };
  const plain = await timeQueries({});
  const filtered = await timeQueries({ from: '2020-01-01', to: '2020-12-31' });
  await core.close();
  return {
    appP50Ms: median(plain),
    appP95Ms: percentile(plain, 95),
    appP50MsFiltered: median(filtered),
    appP95MsFiltered: percentile(filtered, 95),
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
        `search ${result.searchMs.toFixed(0)} ms), after ${result.startMs.toFixed(0)} ms of process start and module loading; ` +
        `then the app's search p50/p95 ${result.appP50Ms.toFixed(1)}/${result.appP95Ms.toFixed(1)} ms, with a date filter ${result.appP50MsFiltered.toFixed(1)}/${result.appP95MsFiltered.toFixed(1)} ms`,
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
