import './quiet-logs.js';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ensureVitB32Model, type VitB32Folders } from '../fixtures/onnx/vit-b32-model.js';
import { CACHE_DIR, machineInfo, progress, runChild } from './bench-env.js';
import { measureTextEncoding } from './index-bench.js';
import { measureIndexing } from './indexing-rounds.js';
import { measureImport } from './import-bench.js';
import { ensurePhotos, totalBytes } from './photos.js';
import { importJson, importRows, indexRows, markdownTable, mediaRows, rowsTable, summaryJson, type BenchResults } from './report.js';
import { measureMultilingualText } from './multilingual-bench.js';
import { measureMedia } from './media-bench.js';
import { measureSearch } from './search-bench.js';
import { eventLoopTable, measureEventLoop, type EventLoopFigures } from './event-loop-bench.js';
import type { FirstAnswerResult, IdleResult } from './search-child.js';
import { measureUi, uiTable } from './ui-bench.js';

/**
 * `npm run bench [-- --json] [-- --quick | --full | --import-only [--copy-only] | --media-only | --event-loop | --ui | --index-only | --search-only [--full]]`: indexing, search and camera imports measured against the
 * machine's limits and against transformers.js, all in one run on the same photos and model files.
 * Everything slow to make (model, photos, the peer's install, the synthetic libraries, their index) is
 * made once under .cache/bench and reused. Progress goes to stderr; stdout gets the table, or with
 * --json the one summary object.
 */

interface Plan {
  json: boolean;
  /** only the import figures (copy-and-verify vs cp, import to searchable): minutes, not the whole bench */
  importOnly: boolean;
  /** with --import-only: the copy-and-verify figures alone, without import to searchable */
  copyOnly: boolean;
  /** only the media figures (RAW, video, 200 MP) */
  mediaOnly: boolean;
  /** only the event-loop delay while indexing, image tower on the main thread and in its worker */
  eventLoopOnly: boolean;
  /** only the app at 100k photos in headless Chromium (first thumbnails, a fling, searches, JS heap) */
  uiOnly: boolean;
  /** only L, D, E (through `shoebox index`) and the peer */
  indexOnly: boolean;
  /** only the search figures, on the cached libraries and indexes (no rebuild): minutes, not the whole bench */
  searchOnly: boolean;
  quick: boolean;
  full: boolean;
  photos: number;
  queries: number;
}

const WARMUP_PHOTOS = 8;
/** photos indexed per event-loop run (each mode, each round) */
const EVENT_LOOP_PHOTOS = 40;

function planFrom(argv: readonly string[]): Plan {
  const known = new Set(['--json', '--quick', '--full', '--import-only', '--copy-only', '--media-only', '--event-loop', '--ui', '--index-only', '--search-only']);
  const unknown = argv.filter((a) => !known.has(a));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')}; use --json, --quick, --full, --import-only, --media-only, --event-loop, --ui, --index-only or --search-only`);
  const quick = argv.includes('--quick');
  const full = argv.includes('--full');
  if (quick && full) throw new Error('--quick and --full exclude each other');
  if (argv.includes('--copy-only') && !argv.includes('--import-only')) throw new Error('--copy-only goes with --import-only');
  return {
    json: argv.includes('--json'),
    importOnly: argv.includes('--import-only'),
    copyOnly: argv.includes('--copy-only'),
    mediaOnly: argv.includes('--media-only'),
    eventLoopOnly: argv.includes('--event-loop'),
    uiOnly: argv.includes('--ui'),
    indexOnly: argv.includes('--index-only'),
    searchOnly: argv.includes('--search-only'),
    quick,
    full,
    // quick: 13 full batches of 8 for E and for the peer (fewer would leave the peer's batches half empty)
    photos: argv.includes('--event-loop') ? EVENT_LOOP_PHOTOS : quick ? 104 : 200,
    queries: quick ? 20 : 50,
  };
}

/**
 * Frees what this process no longer holds, then waits until it has stopped working (at most `maxMs`): after a 1M
 * measurement V8's memory reducer otherwise collects gigabytes (the exact answers, the keys) some seconds later,
 * on the cores the next child, a new process opening the library as a person's would on a quiet machine, needs.
 * Seen: this process at 70 % of a core, its RSS falling from 1.6 to 0.8 GB, while the first-answer child opened the
 * 1M catalogue in 4.0–4.3 s against 1.7–2.2 s alone.
 */
async function settle(maxMs = 10_000): Promise<void> {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  const until = performance.now() + maxMs;
  while (performance.now() < until) {
    const cpu = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const used = process.cpuUsage(cpu);
    if ((used.user + used.system) / 1000 < 25) return;
  }
}

async function measureSearches(plan: Plan, models: VitB32Folders): Promise<Pick<BenchResults, 'search100k' | 'search1m' | 'firstAnswer' | 'idle' | 'firstAnswer1m' | 'idle1m' | 'textEncodeMs'>> {
  const textEncodeMs = { fp32: await measureTextEncoding(models.fp32, 'fp32'), int8: await measureTextEncoding(models.int8, 'int8') };
  const library100k = path.join(CACHE_DIR, 'library-100k-v1');
  const modelId = path.basename(models.fp32);
  const search100k = await measureSearch(library100k, 100_000, { queries: plan.queries, rebuild: !plan.quick && !plan.searchOnly, modelId });
  await settle();
  const firstAnswer = await runChild<FirstAnswerResult>('search-child.ts', ['first-answer', library100k, models.fp32]);
  const idle = await runChild<IdleResult>('search-child.ts', ['idle', library100k, models.fp32]);
  const library1m = path.join(CACHE_DIR, 'library-1m-v1');
  const search1m = plan.full ? await measureSearch(library1m, 1_000_000, { queries: plan.queries, rebuild: !plan.searchOnly, modelId }) : null;
  if (plan.full) await settle();
  const firstAnswer1m = plan.full ? await runChild<FirstAnswerResult>('search-child.ts', ['first-answer', library1m, models.fp32]) : null;
  const idle1m = plan.full ? await runChild<IdleResult>('search-child.ts', ['idle', library1m, models.fp32]) : null;
  return { textEncodeMs, search100k, search1m, firstAnswer, idle, firstAnswer1m, idle1m };
}

async function main(): Promise<void> {
  const plan = planFrom(process.argv.slice(2));
  const started = performance.now();
  const machine = machineInfo();
  progress(`${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB; load average ${machine.loadAverage.join(' ')}`);
  await mkdir(CACHE_DIR, { recursive: true });
  const models = await ensureVitB32Model(CACHE_DIR, progress);
  if (plan.uiOnly) {
    const ui = await measureUi(models.fp32);
    await writeFile(path.join(CACHE_DIR, 'last-ui-run.json'), `${JSON.stringify({ ...ui, command: `npm run bench -- ${process.argv.slice(2).join(' ')}` }, null, 2)}\n`);
    process.stdout.write(plan.json ? `${JSON.stringify({ ui })}\n` : `${uiTable(ui)}\n`);
    return;
  }
  const warmupDir = path.join(CACHE_DIR, 'warmup');
  await ensurePhotos(warmupDir, WARMUP_PHOTOS, progress, 10_000);
  if (plan.mediaOnly) {
    const media = await measureMedia(models.fp32, warmupDir, plan.quick);
    process.stdout.write(`${plan.json ? JSON.stringify(media) : rowsTable(mediaRows(media))}\n`);
    return;
  }
  if (plan.searchOnly) {
    const searches = await measureSearches(plan, models);
    const result = { machine: { ...machine, loadAverage: machineInfo().loadAverage }, date: new Date().toISOString(), command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, ...searches };
    await writeFile(path.join(CACHE_DIR, 'last-search-run.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const photos = await ensurePhotos(path.join(CACHE_DIR, 'photos'), plan.photos, progress);

  const eventLoop = async (): Promise<EventLoopFigures> => {
    const figures = await measureEventLoop(models.fp32, photos.slice(0, EVENT_LOOP_PHOTOS), warmupDir, plan.quick ? 1 : 2);
    await writeFile(path.join(CACHE_DIR, 'last-event-loop-run.json'), `${JSON.stringify({ ...figures, command: `npm run bench -- ${process.argv.slice(2).join(' ')}` }, null, 2)}\n`);
    return figures;
  };
  if (plan.eventLoopOnly) {
    const figures = await eventLoop();
    process.stdout.write(plan.json ? `${JSON.stringify({ eventLoop: figures })}\n` : `${eventLoopTable(figures)}\n`);
    return;
  }
  if (plan.importOnly) {
    const imports = await measureImport(photos, plan.copyOnly ? null : models.fp32, warmupDir);
    const result = { machine: { ...machine, loadAverage: machineInfo().loadAverage }, date: new Date().toISOString(), command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, imports };
    await writeFile(path.join(CACHE_DIR, 'last-import-run.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(plan.json ? `${JSON.stringify({ import: importJson(imports) })}\n` : `${rowsTable(importRows(imports))}\n`);
    return;
  }
  const indexing = await measureIndexing(models, photos, warmupDir, { rounds: plan.quick ? 1 : 2 });
  if (plan.indexOnly) {
    const result = { machine: { ...machine, loadAverage: machineInfo().loadAverage }, date: new Date().toISOString(), command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, photos: photos.length, ...indexing };
    await writeFile(path.join(CACHE_DIR, 'last-index-run.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${plan.json ? JSON.stringify(result) : rowsTable(indexRows(indexing))}\n`);
    return;
  }
  const searches = await measureSearches(plan, models);
  const imports = await measureImport(photos, models.fp32, warmupDir);
  const media = await measureMedia(models.fp32, warmupDir, plan.quick);
  const loop = await eventLoop();
  const results: BenchResults = {
    machine: { ...machine, loadAverage: machineInfo().loadAverage },
    date: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    photos: { count: photos.length, averageMb: (await totalBytes(photos)) / photos.length / 1e6 },
    ...indexing,
    ...searches,
    imports,
    multilingualText: await measureMultilingualText(),
    media,
  };
  await writeFile(path.join(CACHE_DIR, 'last-run.json'), `${JSON.stringify(results, null, 2)}\n`);
  progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s; all figures in ${path.join(CACHE_DIR, 'last-run.json')}`);
  process.stdout.write(
    plan.json ? `${JSON.stringify({ ...summaryJson(results), eventLoop: loop })}\n` : `${markdownTable(results)}\n\n${eventLoopTable(loop)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
