import path from 'node:path';
import type { CDPSession, Page, Request } from 'playwright-core';
import { createCore } from '../../src-main/core/create-core.js';
import { ensureRendererBuilt } from '../../src-main/server/renderer-build.js';
import { startServer } from '../../src-main/server/start-server.js';
import { launchBrowser } from '../e2e/harness/browser.js';
import { CACHE_DIR, machineInfo, median, progress, type MachineInfo } from './bench-env.js';
import { PROBE, type ProbeState, type UiBenchHooks } from './ui-page-probe.js';
import { ensureUiLibrary } from './ui-library.js';

/** `SEARCH_DEBOUNCE_MS` in the renderer's search manager: how long typing must pause before a search runs */
const DEBOUNCE_MS = 250;
const GRID = 'All photos, newest first';
const RESULTS = 'Search results';
const QUERIES = ['a dog on the beach', 'snowy mountains', 'birthday cake', 'red car in the street', 'sunset over the sea', 'my cat asleep'];

export interface UiFigures {
  machine: MachineInfo;
  date: string;
  photos: number;
  /** from navigation start: the first thumbnail painted, and every cell of the first screen painted */
  firstThumbMs: number;
  firstScreenMs: number;
  fling: {
    durationMs: number;
    cellsSeen: number;
    longestBlankMs: number;
    blanksOver200: number;
    p99BlankMs: number;
    bottomFilledMs: number | null;
    /** after the scrolling stopped, ms from the stop: the page of photos asked and answered, the thumbnails asked and all loaded */
    afterStop: { pageAsked: number | null; pageAnswered: number | null; thumbs: number; thumbsFirstAsked: number | null; thumbsAllLoaded: number | null };
  };
  /** each query: ms from the last keystroke to every result cell in view painted */
  searches: { query: string; screenPaintMs: number }[];
  /** Chromium's JS heap of the page (CDP Performance metrics), at its largest sample and after a forced collection */
  heapMb: { peak: number; afterGc: number };
}

/**
 * The functions given to the page are serialised on their own (no closures over this module) and called through
 * the hooks PROBE installed; the page's CSP forbids evaluating strings.
 */
type HookWindow = { __uiBench: UiBenchHooks };

/** The requests the bottom of the grid made once the scrolling stopped, in ms from the stop. */
function afterStop(requests: readonly { url: string; start: number; end: number }[], stopped: number): UiFigures['fling']['afterStop'] {
  const late = requests.filter((r) => r.end >= stopped);
  const pages = late.filter((r) => r.url.endsWith('/listPhotos'));
  const thumbs = late.filter((r) => r.url.startsWith('/thumb/'));
  const at = (t: number | undefined): number | null => (t === undefined ? null : Math.round(t - stopped));
  return {
    pageAsked: at(pages[0]?.start),
    pageAnswered: at(pages[0]?.end),
    thumbs: thumbs.length,
    thumbsFirstAsked: at(thumbs.length > 0 ? Math.min(...thumbs.map((r) => r.start)) : undefined),
    thumbsAllLoaded: at(thumbs.length > 0 ? Math.max(...thumbs.map((r) => r.end)) : undefined),
  };
}

const probe = (page: Page): Promise<ProbeState> => page.evaluate(() => (globalThis as unknown as HookWindow).__uiBench.read());

async function heapMb(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20;
}

/**
 * The app at 100k photos in a real browser ([Note: the e2e browser]): the complete synthetic library
 * (ensureUiLibrary) served as `npm run serve` serves it, opened in headless Chromium at 1280×800. Measured in the
 * page (ui-page-probe.ts, every animation frame), not asserted: first thumbnails painted after the page opens, a
 * fling from the top to the bottom of the grid (how long any cell in view stayed blank), searches typed as a person
 * types (from the last keystroke to the results painted; the app waits DEBOUNCE_MS of no typing before it
 * searches), and the page's JS heap.
 */
export async function measureUi(modelDir: string): Promise<UiFigures> {
  const rows = 100_000;
  const libraryDir = await ensureUiLibrary(path.join(CACHE_DIR, 'library-100k-ui-v1'), rows, path.basename(modelDir));
  const core = await createCore({ libraryDir, modelDir });
  const server = await startServer({ core, staticDir: await ensureRendererBuilt() });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    await context.addInitScript({ content: PROBE });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap: number[] = [];
    progress('UI: opening the app on 100,000 photos');
    await page.goto(server.url);
    const grid = page.getByRole('grid', { name: GRID });
    await page.waitForFunction(() => (globalThis as unknown as HookWindow).__uiBench.read().firstScreenMs !== null, undefined, { timeout: 60_000 });
    const opened = await probe(page);
    heap.push(await heapMb(cdp));
    await page.screenshot({ path: path.join(CACHE_DIR, 'last-ui-run.png') });
    progress(`UI: first thumbnail ${opened.firstThumbMs?.toFixed(0)} ms, first screen ${opened.firstScreenMs?.toFixed(0)} ms after navigation start`);

    await grid.hover();
    const before = (await probe(page)).blanks.length;
    const flingMs = 3000;
    const requests: { url: string; start: number; end: number }[] = [];
    const onFinished = (request: Request): void => {
      const timing = request.timing();
      requests.push({ url: new URL(request.url()).pathname, start: timing.startTime, end: timing.startTime + timing.responseEnd });
    };
    page.on('requestfinished', onFinished);
    const stopped = await page.evaluate(([label, ms]) => (globalThis as unknown as HookWindow).__uiBench.fling(label, ms, 2000), [GRID, flingMs] as const);
    page.off('requestfinished', onFinished);
    const flung = await probe(page);
    heap.push(await heapMb(cdp));
    const blanks = flung.blanks.slice(before).filter(([label]) => label === GRID);
    const durations = blanks.map(([, , ms]) => ms).sort((a, b) => a - b);
    const stillBlank = Object.keys(flung.open).length;
    const bottomBlanks = blanks.filter(([, index]) => index >= rows - 60).map(([, , ms]) => ms);
    const figuresFling = {
      durationMs: flingMs,
      cellsSeen: new Set(blanks.map(([, i]) => i)).size,
      longestBlankMs: durations.at(-1) ?? 0,
      blanksOver200: durations.filter((d) => d > 200).length + stillBlank,
      p99BlankMs: durations[Math.floor(durations.length * 0.99)] ?? 0,
      bottomFilledMs: stillBlank > 0 ? null : Math.max(0, ...bottomBlanks),
      afterStop: afterStop(requests, stopped),
    };
    progress(`UI: fling ${JSON.stringify(figuresFling)}`);

    const searches: UiFigures['searches'] = [];
    const box = page.getByRole('searchbox', { name: 'Search photos' });
    for (const query of QUERIES) {
      await box.fill('');
      await page.waitForTimeout(400);
      await box.click();
      // a new result is a new grid element ({#key results} in SearchView): the old one is marked to tell them apart
      await page.evaluate((label) => { (globalThis as unknown as HookWindow).__uiBench.markOld(label); }, RESULTS);
      await page.keyboard.type(query, { delay: 60 });
      const done = await page.waitForFunction(([label, text]) => (globalThis as unknown as HookWindow).__uiBench.screenPainted(label, text), [RESULTS, query] as const, { timeout: 60_000, polling: 'raf' });
      const { now, lastInput } = (await done.jsonValue()) as { now: number; lastInput: number };
      searches.push({ query, screenPaintMs: now - lastInput });
      heap.push(await heapMb(cdp));
      progress(`UI: search "${query}" painted ${(now - lastInput).toFixed(0)} ms after the last keystroke`);
    }
    await cdp.send('HeapProfiler.collectGarbage');
    const afterGc = await heapMb(cdp);
    return {
      machine: machineInfo(),
      date: new Date().toISOString(),
      photos: rows,
      firstThumbMs: opened.firstThumbMs ?? Number.NaN,
      firstScreenMs: opened.firstScreenMs ?? Number.NaN,
      fling: figuresFling,
      searches,
      heapMb: { peak: Math.max(...heap), afterGc },
    };
  } finally {
    await browser.close();
    await server.close();
    await core.close();
  }
}

export function uiTable(f: UiFigures): string {
  const ms = (n: number): string => `${Math.round(n)} ms`;
  const searchMs = f.searches.map((s) => s.screenPaintMs);
  const rows: [string, string, string][] = [
    ['first thumbnail painted, from navigation start', ms(f.firstThumbMs), ''],
    ['first screen of thumbnails painted, from navigation start', ms(f.firstScreenMs), '≤ 1000 ms'],
    [`fling top to bottom (${f.fling.durationMs} ms, then held): cells seen, longest blank in view`, `${f.fling.cellsSeen}, ${ms(f.fling.longestBlankMs)}`, '≤ 200 ms'],
    ['cells blank in view > 200 ms during the fling; p99 blank', `${f.fling.blanksOver200}; ${ms(f.fling.p99BlankMs)}`, ''],
    [
      'after the fling stopped: page of photos asked / answered; thumbnails: count, first asked, all loaded (ms from the stop)',
      `${f.fling.afterStop.pageAsked ?? '–'} / ${f.fling.afterStop.pageAnswered ?? '–'}; ${f.fling.afterStop.thumbs}, ${f.fling.afterStop.thumbsFirstAsked ?? '–'}, ${f.fling.afterStop.thumbsAllLoaded ?? '–'}`,
      '',
    ],
    [`search painted after the last keystroke (${DEBOUNCE_MS} ms of it the app's typing pause): median, slowest of ${f.searches.length}`, `${ms(median(searchMs))}, ${ms(Math.max(...searchMs))}`, `≤ ${DEBOUNCE_MS + 300} ms`],
    ['JS heap of the page: largest sample, after a forced GC', `${f.heapMb.peak.toFixed(0)} MB, ${f.heapMb.afterGc.toFixed(0)} MB`, '≤ 300 MB'],
  ];
  return [
    `${f.photos.toLocaleString('en')} photos; ${f.machine.cpu}, ${f.machine.cores} cores; load average ${f.machine.loadAverage.join(' ')}`,
    '',
    '| figure | value | target |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}
