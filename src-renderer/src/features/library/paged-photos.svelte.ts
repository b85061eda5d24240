import { SvelteMap } from 'svelte/reactivity';
import type { PhotoSummary } from '$contract/library.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import type { PhotoSequence } from '../viewer/photo-sequence.js';
import { PAGE_SIZE, pagesFor } from './photo-pages.js';

/**
 * Wait this long after the viewport stops moving before fetching, so a fast fling loads only where it lands: two
 * frames (60 ms left the bottom of a fling at 100k photos blank 110 ms before its page was even asked; `npm run bench -- --ui`).
 */
const RANGE_SETTLE_MS = 30;

export interface PhotoPage<T> {
  total: number;
  photos: T[];
}

/**
 * A long list of photos as pages that load as the grid scrolls over them (the library, an
 * album): nothing holds all photos at once, so 100,000 photos cost only the pages looked at.
 */
export abstract class PagedPhotos<T extends PhotoSummary> implements PhotoSequence {
  total = $state(0);
  ready = $state(false);
  readonly pages = new SvelteMap<number, T[]>();

  protected readonly errors: ErrorHandler;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping of requests, never rendered
  readonly #inFlight = new Map<number, Promise<void>>();
  #range = { start: 0, end: PAGE_SIZE };
  #settle: ReturnType<typeof setTimeout> | undefined;

  constructor(errors: ErrorHandler) {
    this.errors = errors;
  }

  /** One page from the core. */
  protected abstract fetchPage(offset: number, limit: number): Promise<PhotoPage<T>>;

  get count(): number {
    return this.total;
  }

  get(index: number): T | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  async ensure(index: number): Promise<T | undefined> {
    await this.#loadPage(Math.floor(index / PAGE_SIZE));
    return this.get(index);
  }

  /** Called by the grid with the items under its viewport. */
  showRange(start: number, end: number): void {
    this.#range = { start, end };
    clearTimeout(this.#settle);
    this.#settle = setTimeout(() => {
      for (const page of pagesFor(start, end)) void this.#loadPage(page);
    }, RANGE_SETTLE_MS);
  }

  /**
   * Reloads the pages in view and drops the rest: photos arrive and leave while indexing (and
   * corrections move photos in and out of an album), which shifts every later index.
   */
  async refresh(): Promise<void> {
    await this.#refresh((work) => this.errors.attempt(work));
  }

  /**
   * `refresh` that keeps a failure to itself and answers whether it worked: the first page asked before the app
   * knows whether there is a library to show (a first run has no model, so no page) says nothing when it fails.
   */
  tryRefresh(): Promise<boolean> {
    return this.#refresh((work) => work().catch(() => undefined));
  }

  async #refresh(attempt: <R>(work: () => Promise<R>) => Promise<R | undefined>): Promise<boolean> {
    const wanted = pagesFor(this.#range.start, Math.max(this.#range.end, 1));
    const fetched = await attempt(() => Promise.all(wanted.map((page) => this.#fetch(page))));
    if (!fetched) return false;
    this.pages.clear();
    for (const [i, page] of wanted.entries()) {
      const result = fetched[i];
      if (result && result.photos.length > 0) this.pages.set(page, result.photos);
    }
    this.total = fetched[0]?.total ?? 0;
    this.ready = true;
    return true;
  }

  #loadPage(page: number): Promise<void> {
    if (this.pages.has(page) || page * PAGE_SIZE >= Math.max(this.total, 1)) return Promise.resolve();
    let loading = this.#inFlight.get(page);
    if (!loading) {
      loading = this.errors
        .attempt(() => this.#fetch(page))
        .then((result) => {
          if (result) this.storePage(page, result);
        })
        .finally(() => this.#inFlight.delete(page));
      this.#inFlight.set(page, loading);
    }
    return loading;
  }

  #fetch(page: number): Promise<PhotoPage<T>> {
    return this.fetchPage(page * PAGE_SIZE, PAGE_SIZE);
  }

  /** Keeps a page fetched elsewhere (a search's first page comes with the search itself). */
  protected storePage(page: number, result: PhotoPage<T>): void {
    this.pages.set(page, result.photos);
    this.total = result.total;
    this.ready = true;
  }
}
