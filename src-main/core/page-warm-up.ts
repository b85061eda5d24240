/**
 * [Note: warming for the page]
 * A core that a person's page opens on (the app's window, browser mode, `npm run serve`) prepares what that page
 * will ask for before it asks, in two phases; a core no page opens on (the CLI's `index`, `search`, `watch`)
 * never calls `warmForPage` and pays for neither.
 * 1. At once: the first screen's listings (the status with the roots' counts, the grid's order of every photo,
 *    the folder tree, the timeline). They are made from the catalogue's keys and kept until the keys change
 *    (KeysMemo), so the page's own calls, arriving while its script loads, find them made.
 * 2. Once the grid's first page has been answered (or NO_PAGE_MS after the page opened, if it shows something
 *    else first) and the page's calls have paused: what the first search would otherwise make inside itself
 *    (search-service.ts `warm`): CLIP's text tower, tokenizer and onnxruntime session, loaded in a worker thread
 *    of its own (onnxruntime loads a model synchronously: on the main thread that held every request for 0.5 s on
 *    a quiet machine and 3 s on a busy one, and left the bottom of a fling blank for a second), the generic
 *    captions' vectors, LanceDB's read of the ANN index, and the keyword index of every name in small slices.
 *    The multilingual add-on, when installed, still loads on this thread (as every search's first step does).
 *    Measured at 100k photos (2 cores): about 1 s of the first search in process, which the bench saw painted
 *    1.4–2.2 s after the last keystroke against 0.45–0.55 s for the next ones; after, 0.1 s and 0.45–0.5 s.
 * Every step waits first until no call of the page has started or ended for QUIET_MS and none is still running
 * (calls running longer than LONG_CALL_MS, a rescan or a duplicates scan, do not hold it back), so thumbnails and
 * pages asked while scrolling are answered between steps; what a step does on this thread is short (at most
 * 0.1 s measured at 100k under load). A search made during the warm-up shares what is being made (the tower's
 * load, the captions' promises), never makes a second. A model switch stops it (the engine it warms is retired),
 * and close() stops it between two steps and waits for the step under way.
 */

/** What a page's warm-up did with the first search's pieces; 'failed' was said on stderr. */
export type PageWarmUpOutcome = 'warmed' | 'stopped' | 'no model' | 'failed';

/** How long the page's calls must have paused before a warm-up step starts. */
const QUIET_MS = 500;
/** Calls running longer than this (a rescan, a scan for duplicates) are long work, not the page waiting. */
const LONG_CALL_MS = 5_000;
/** Without a first page of the grid, the search is warmed this long after the page opened. */
const NO_PAGE_MS = 10_000;

export interface PageWarmUpDeps {
  /** the first screen's listings, made and kept by the library service; `proceed` as for `search` */
  firstScreen: (proceed: () => Promise<boolean>) => Promise<void>;
  /** the first search's pieces (SearchFeature.warm): `proceed` is awaited before each step, false stops it */
  search: (proceed: () => Promise<boolean>) => Promise<Exclude<PageWarmUpOutcome, 'failed'>>;
  /** the call whose first answer is the grid's first page */
  firstPageMethod: string;
}

export class PageWarmUp {
  private lastActivity = performance.now();
  private readonly running = new Map<Promise<unknown>, number>();
  private closed = false;
  private work: Promise<PageWarmUpOutcome> | null = null;
  private firstPageAnswered = false;
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly deps: PageWarmUpDeps) {}

  /** Notes one call of the page (an API method, a thumbnail): warm-up steps wait for these to pause. */
  track<T>(method: string, call: Promise<T>): Promise<T> {
    this.lastActivity = performance.now();
    this.running.set(call, this.lastActivity);
    const done = (): void => {
      this.running.delete(call);
      this.lastActivity = performance.now();
      if (method === this.deps.firstPageMethod && !this.firstPageAnswered) {
        this.firstPageAnswered = true;
        this.wakeAll();
      }
    };
    call.then(done, done);
    return call;
  }

  /** Starts the warm-up once; resolves when it is done, stopped by close(), or has failed (said on stderr). */
  start(): Promise<PageWarmUpOutcome> {
    this.work ??= this.run().catch((error: unknown) => {
      console.warn(`shoebox: preparing for the page failed (the first search will make what it needs): ${String(error)}`);
      return 'failed' as const;
    });
    return this.work;
  }

  /** Stops the warm-up between two steps and waits for the step under way. */
  async close(): Promise<void> {
    this.closed = true;
    this.wakeAll();
    await this.work;
  }

  private async run(): Promise<PageWarmUpOutcome> {
    const step = async (): Promise<boolean> => {
      await new Promise((resolve) => setImmediate(resolve));
      return !this.closed;
    };
    await this.deps.firstScreen(step);
    const opened = performance.now();
    while (!this.firstPageAnswered && !this.closed && performance.now() - opened < NO_PAGE_MS) {
      await this.sleep(NO_PAGE_MS - (performance.now() - opened));
    }
    return this.deps.search(() => this.quiet());
  }

  /** Resolves true once the page's calls have paused for QUIET_MS, false once closing. */
  private async quiet(): Promise<boolean> {
    for (;;) {
      if (this.closed) return false;
      const now = performance.now();
      const busy = [...this.running.values()].some((started) => now - started < LONG_CALL_MS);
      const idleFor = now - this.lastActivity;
      if (!busy && idleFor >= QUIET_MS) return true;
      await this.sleep(busy ? QUIET_MS : QUIET_MS - idleFor);
    }
  }

  /** A timer that close() (or the first page) cuts short, and that never keeps the process alive. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(1, ms));
      timer.unref();
      this.sleepers.add(wake);
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.sleepers]) wake();
  }
}
