import type { PhotoApi } from '$contract/api.js';
import type { PhotoSummary } from '$contract/library.js';
import type { SearchFilters, SearchSort } from '$contract/search.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import { fileName } from '../../lib/format.js';
import { PAGE_SIZE } from '../library/photo-pages.js';
import { readAsBase64 } from './image-search.js';
import { emptyQuery, hasQuery, searchInput, type FilterKey, type SearchQuery } from './search-query.js';
import { SearchResults } from './search-results.svelte.js';

export const SEARCH_DEBOUNCE_MS = 250;

export interface SearchOptions {
  debounceMs?: number;
}

/**
 * Search as you type: one `search` call per pause in typing, and only the latest answer is shown.
 * A filter, the order, a dropped photo or "more like this" starts a new search at once.
 */
export class SearchManager {
  query = $state.raw<SearchQuery>(emptyQuery());
  results = $state.raw<SearchResults | null>(null);
  pending = $state(false);
  /** every tag in the library, for the tag filter; fetched when the filters open */
  tags = $state.raw<string[]>([]);

  readonly active = $derived(hasQuery(this.query));

  readonly #api: PhotoApi;
  readonly #errors: ErrorHandler;
  readonly #debounceMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #request = 0;

  constructor(api: PhotoApi, errors: ErrorHandler, options: SearchOptions = {}) {
    this.#api = api;
    this.#errors = errors;
    this.#debounceMs = options.debounceMs ?? SEARCH_DEBOUNCE_MS;
  }

  get text(): string {
    return this.query.text;
  }

  /** Called on every keystroke. */
  type(text: string): void {
    this.query = { ...this.query, text };
    clearTimeout(this.#timer);
    if (!hasQuery(this.query)) {
      this.#reset();
      return;
    }
    this.#timer = setTimeout(() => void this.#run(), this.#debounceMs);
  }

  /** Enter in the search box: no need to wait for the pause. */
  submit(): Promise<void> {
    clearTimeout(this.#timer);
    return hasQuery(this.query) ? this.#run() : Promise.resolve();
  }

  /** Back to the library; the filters stay for the next search. */
  clear(): void {
    clearTimeout(this.#timer);
    this.query = { ...emptyQuery(), filters: this.query.filters };
    this.#reset();
  }

  setFilter<K extends FilterKey>(key: K, value: SearchQuery['filters'][K] | undefined): Promise<void> {
    const others = Object.entries(this.query.filters).filter(([name]) => name !== key);
    const kept = value === undefined || value === '' ? others : [...others, [key, value]];
    this.query = { ...this.query, filters: Object.fromEntries(kept) as SearchFilters };
    return this.#rerun();
  }

  setSort(sort: SearchSort): Promise<void> {
    this.query = { ...this.query, sort };
    return this.#rerun();
  }

  /** Drops the image from the query; the text, if any, is searched alone. */
  removeImage(): Promise<void> {
    this.query = { ...this.query, image: null, imageName: null };
    if (hasQuery(this.query)) return this.#rerun();
    this.#reset();
    return Promise.resolve();
  }

  async loadTags(): Promise<void> {
    const tags = await this.#errors.attempt(() => this.#api.listTags({}));
    if (tags) this.tags = tags.map((t) => t.tag);
  }

  /** A file dropped on the window (or picked): embedded by the core for this search, never added. */
  async searchByFile(file: File): Promise<void> {
    const bytesBase64 = await this.#errors.attempt(() => readAsBase64(file));
    if (bytesBase64 === undefined) return;
    this.#searchByImage({ bytesBase64, name: file.name }, file.name);
    await this.#run();
  }

  /** "More like this": the library photo as the query, the text cleared. */
  moreLikeThis(photo: PhotoSummary): Promise<void> {
    this.#searchByImage({ photoId: photo.id }, fileName(photo.path));
    return this.#run();
  }

  #searchByImage(image: NonNullable<SearchQuery['image']>, imageName: string): void {
    clearTimeout(this.#timer);
    this.query = { ...this.query, text: '', image, imageName };
  }

  #rerun(): Promise<void> {
    clearTimeout(this.#timer);
    return hasQuery(this.query) ? this.#run() : Promise.resolve();
  }

  async #run(): Promise<void> {
    const request = ++this.#request;
    const query = this.query;
    this.pending = true;
    const first = await this.#errors.attempt(() => this.#api.search(searchInput(query, 0, PAGE_SIZE)), 'search');
    // An older, slower answer must not replace the one for what is asked now.
    if (request !== this.#request) return;
    this.pending = false;
    if (first) this.results = new SearchResults(this.#api, this.#errors, query, first);
  }

  #reset(): void {
    this.#errors.clear('search');
    this.#request += 1;
    this.pending = false;
    this.results = null;
  }
}
