import { InferenceSession } from 'onnxruntime-node';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { PageWarmUp } from '../../src-main/core/page-warm-up.js';
import { names, openSearchLibrary, type PhotoSpec, type SearchLibrary } from './search/search-library.js';

/** [Note: warming for the page]: what a page's core makes before the person searches, and when. */

const SPECS: PhotoSpec[] = [
  { file: 'red-car.jpg', shade: 'bright-red' },
  { file: 'sea.jpg', shade: 'blue' },
  { file: 'lemon.jpg', shade: 'yellow' },
];

/** Longer than the warm-up's pause for the page's calls (QUIET_MS, 500 ms). */
const PAST_THE_PAUSE_MS = 1200;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('warming for the page', () => {
  let library: SearchLibrary;
  let create: MockInstance<typeof InferenceSession.create>;
  /** text tower sessions made on this thread: the warm-up makes its own in a worker, which this does not see */
  const textSessionsHere = (): number => create.mock.calls.filter(([file]) => String(file).endsWith('text_model.onnx')).length;
  let warnings: MockInstance<typeof console.warn>;

  beforeEach(async () => {
    library = await openSearchLibrary(SPECS);
    // the real onnxruntime, watched: every session this thread makes is counted
    create = vi.spyOn(InferenceSession, 'create');
    warnings = vi.spyOn(console, 'warn');
  });
  afterEach(async () => {
    await library.close();
    vi.restoreAllMocks();
  });

  it('a core no page opens on makes nothing ahead: its first search loads the text tower on this thread', async () => {
    await library.core.listPhotos({ offset: 0, limit: 10 });
    await pause(PAST_THE_PAUSE_MS);
    expect(textSessionsHere()).toBe(0);
    const result = await library.core.search({ text: 'red', limit: 3 });
    expect(names(result.hits)[0]).toBe('red-car.jpg');
    expect(textSessionsHere()).toBe(1);
  });

  it('waits for the grid\'s first page: a search before it loads its own tower, and the warm-up makes no second', async () => {
    const warm = library.core.warmForPage();
    await pause(PAST_THE_PAUSE_MS);
    // the page has not asked for its grid: the warm-up has loaded nothing, so this search loads the tower here
    const result = await library.core.search({ text: 'blue', limit: 3 });
    expect(names(result.hits)[0]).toBe('sea.jpg');
    expect(textSessionsHere()).toBe(1);
    await library.core.listPhotos({ offset: 0, limit: 10 });
    expect(await warm).toBe('warmed');
    await library.core.search({ text: 'yellow', limit: 3 });
    expect(textSessionsHere()).toBe(1);
  });

  it('after the first page and a pause, warms once, in a worker: the first search then loads nothing', async () => {
    const warm = library.core.warmForPage();
    await library.core.listPhotos({ offset: 0, limit: 10 });
    expect(await warm).toBe('warmed');
    // a second call is the same warm-up, not another
    expect(library.core.warmForPage()).toBe(warm);
    const result = await library.core.search({ text: 'red', limit: 3 });
    expect(names(result.hits)[0]).toBe('red-car.jpg');
    // the tower the warm-up loaded in its worker answered: no session was made here, before or by the search
    expect(textSessionsHere()).toBe(0);
    expect(warnings).not.toHaveBeenCalled();
  });

  it('close stops the warm-up without an error, whatever step it is at', async () => {
    const warm = library.core.warmForPage();
    await library.core.listPhotos({ offset: 0, limit: 10 });
    // just past the pause: the warm-up is loading the text tower in its worker, or about to
    await pause(550);
    await library.core.close();
    expect(['stopped', 'warmed']).toContain(await warm);
    expect(warnings).not.toHaveBeenCalled();
  });
});

describe('PageWarmUp: when its steps run', () => {
  /** a warm-up whose search phase is one step, noted when `proceed` lets it go */
  const oneStep = () => {
    const ran: boolean[] = [];
    const warmUp = new PageWarmUp({
      firstPageMethod: 'listPhotos',
      firstScreen: () => Promise.resolve(),
      search: async (proceed) => {
        const go = await proceed();
        ran.push(go);
        return go ? 'warmed' : 'stopped';
      },
    });
    return { warmUp, ran };
  };

  it('holds a step while a call of the page runs, and until its calls have paused after it', async () => {
    const { warmUp, ran } = oneStep();
    const outcome = warmUp.start();
    await warmUp.track('listPhotos', Promise.resolve());
    let release: () => void = () => undefined;
    const thumbnail = warmUp.track('thumbnailFile', new Promise<void>((resolve) => (release = resolve)));
    await pause(PAST_THE_PAUSE_MS);
    expect(ran).toEqual([]);
    release();
    await thumbnail;
    await pause(100);
    expect(ran).toEqual([]);
    expect(await outcome).toBe('warmed');
    expect(ran).toEqual([true]);
  });

  it('close lets a held step go with false, and the warm-up says it stopped', async () => {
    const { warmUp, ran } = oneStep();
    const outcome = warmUp.start();
    await warmUp.track('listPhotos', Promise.resolve());
    void warmUp.track('thumbnailFile', new Promise<void>(() => undefined));
    await warmUp.close();
    expect(await outcome).toBe('stopped');
    expect(ran).toEqual([false]);
  });
});
