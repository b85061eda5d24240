import { SvelteMap } from 'svelte/reactivity';
import type { PhotoApi } from '../../../../src-main/contract/api.js';
import type { PhotoSummary } from '../../../../src-main/contract/library.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import type { PhotoSequence } from '../viewer/photo-sequence.js';
import { monthGroups, PAGE_SIZE, pagesFor } from './photo-pages.js';

/** Wait this long after the viewport stops moving before fetching, so a fast fling loads only where it lands. */
const RANGE_SETTLE_MS = 60;

/**
 * The library as a paged sequence: pages of `listPhotos` load as the grid scrolls over them;
 * nothing holds all photos at once, so 100,000 photos cost only the pages looked at.
 */
export class LibraryManager implements PhotoSequence {
  total = $state(0);
  ready = $state(false);
  readonly pages = new SvelteMap<number, PhotoSummary[]>();
  readonly groups = $derived(monthGroups(this.pages, this.total));

  readonly #api: PhotoApi;
  readonly #errors: ErrorHandler;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping of requests, never rendered
  readonly #inFlight = new Map<number, Promise<void>>();
  #range = { start: 0, end: PAGE_SIZE };
  #settle: ReturnType<typeof setTimeout> | undefined;

  constructor(api: PhotoApi, errors: ErrorHandler) {
    this.#api = api;
    this.#errors = errors;
  }

  get count(): number {
    return this.total;
  }

  get(index: number): PhotoSummary | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  async ensure(index: number): Promise<PhotoSummary | undefined> {
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
   * Reloads the pages in view and drops the rest: photos arrive and leave while indexing, which
   * shifts every later index, so cached pages beyond the viewport would be stale.
   */
  async refresh(): Promise<void> {
    const wanted = pagesFor(this.#range.start, Math.max(this.#range.end, 1));
    const fetched = await this.#errors.attempt(() => Promise.all(wanted.map((page) => this.#fetch(page))));
    if (!fetched) return;
    this.pages.clear();
    for (const [i, page] of wanted.entries()) {
      const result = fetched[i];
      if (result && result.photos.length > 0) this.pages.set(page, result.photos);
    }
    this.total = fetched[0]?.total ?? 0;
    this.ready = true;
  }

  #loadPage(page: number): Promise<void> {
    if (this.pages.has(page) || page * PAGE_SIZE >= Math.max(this.total, 1)) return Promise.resolve();
    let loading = this.#inFlight.get(page);
    if (!loading) {
      loading = this.#errors
        .attempt(() => this.#fetch(page))
        .then((result) => {
          if (result) this.#store(page, result.total, result.photos);
        })
        .finally(() => this.#inFlight.delete(page));
      this.#inFlight.set(page, loading);
    }
    return loading;
  }

  #fetch(page: number): Promise<{ total: number; photos: PhotoSummary[] }> {
    return this.#api.listPhotos({ offset: page * PAGE_SIZE, limit: PAGE_SIZE });
  }

  #store(page: number, total: number, photos: PhotoSummary[]): void {
    this.pages.set(page, photos);
    this.total = total;
    this.ready = true;
  }
}
