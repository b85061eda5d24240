import type { PhotoApi } from '../../../../src-main/contract/api.js';
import type { SearchResult } from '../../../../src-main/contract/search.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import { arraySequence, type PhotoSequence } from '../viewer/photo-sequence.js';
import { readImageFile, type ImageSearch } from './image-search.js';
import { applyChips, arrangeHits, chipsFor, sameChip, type FilterChip, type ResultView, type SearchSort } from './search-results.js';

export const SEARCH_DEBOUNCE_MS = 250;
const RESULT_LIMIT = 200;

export interface SearchOptions {
  debounceMs?: number;
  /** absent until the contract can search by an image (see [Note: image search hook]) */
  imageSearch?: ImageSearch;
}

/** Search as you type: one `search` call per pause in typing, and only the latest answer is shown. */
export class SearchManager {
  text = $state('');
  /** the file a result came from, when searching by a dropped photo */
  imageName = $state<string | null>(null);
  sort = $state<SearchSort>('relevance');
  result = $state.raw<SearchResult | null>(null);
  pending = $state(false);
  selectedChips = $state.raw<FilterChip[]>([]);

  readonly active = $derived(this.text.trim() !== '' || this.imageName !== null);
  readonly chips = $derived(chipsFor(this.result?.hits ?? []));
  readonly view: ResultView = $derived(arrangeHits(applyChips(this.result?.hits ?? [], this.selectedChips), this.sort));
  readonly sequence: PhotoSequence = $derived(arraySequence(this.view.hits));

  readonly #api: PhotoApi;
  readonly #errors: ErrorHandler;
  readonly #debounceMs: number;
  readonly #imageSearch: ImageSearch | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #request = 0;

  constructor(api: PhotoApi, errors: ErrorHandler, options: SearchOptions = {}) {
    this.#api = api;
    this.#errors = errors;
    this.#debounceMs = options.debounceMs ?? SEARCH_DEBOUNCE_MS;
    this.#imageSearch = options.imageSearch;
  }

  /** Called on every keystroke. */
  type(text: string): void {
    this.text = text;
    this.imageName = null;
    clearTimeout(this.#timer);
    if (text.trim() === '') {
      this.#reset();
      return;
    }
    this.#timer = setTimeout(() => void this.#runText(text.trim()), this.#debounceMs);
  }

  /** Enter in the search box: no need to wait for the pause. */
  submit(): Promise<void> {
    clearTimeout(this.#timer);
    return this.text.trim() === '' ? Promise.resolve() : this.#runText(this.text.trim());
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.text = '';
    this.imageName = null;
    this.#reset();
  }

  toggleChip(chip: FilterChip): void {
    const on = this.selectedChips.some((c) => sameChip(c, chip));
    this.selectedChips = on ? this.selectedChips.filter((c) => !sameChip(c, chip)) : [...this.selectedChips, chip];
  }

  async searchByImage(file: File): Promise<void> {
    const imageSearch = this.#imageSearch;
    if (!imageSearch) {
      this.#errors.notify('Searching by a photo is not available yet', 'This version of the Shoebox core cannot search with a file from outside the library.');
      return;
    }
    clearTimeout(this.#timer);
    this.text = '';
    this.imageName = file.name;
    const query = await readImageFile(file);
    await this.#run(() => imageSearch(query));
  }

  #runText(text: string): Promise<void> {
    return this.#run(() => this.#api.search({ text, limit: RESULT_LIMIT }));
  }

  async #run(search: () => Promise<SearchResult>): Promise<void> {
    const request = ++this.#request;
    this.pending = true;
    const result = await this.#errors.attempt(search);
    // An older, slower answer must not replace the one for what is typed now.
    if (request !== this.#request) return;
    this.pending = false;
    if (result) {
      this.result = result;
      this.selectedChips = [];
    }
  }

  #reset(): void {
    this.#request += 1;
    this.pending = false;
    this.result = null;
    this.selectedChips = [];
  }
}
