import type { PhotoApi } from '$contract/api.js';
import type { PhotoSummary } from '$contract/library.js';
import type { SearchFilters } from '$contract/search.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import { PagedPhotos, type PhotoPage } from './paged-photos.svelte.js';
import { monthGroups } from './photo-pages.js';

/** The whole library, newest first, grouped by month as its pages arrive. */
export class LibraryManager extends PagedPhotos<PhotoSummary> {
  readonly groups = $derived(monthGroups(this.pages, this.total));

  readonly #api: PhotoApi;
  readonly #filters: () => SearchFilters;

  /** `filters`: the filters in use, a search's, which narrow the library grid too (the folder tree sets one). */
  constructor(api: PhotoApi, errors: ErrorHandler, filters: () => SearchFilters = () => ({})) {
    super(errors);
    this.#api = api;
    this.#filters = filters;
  }

  protected fetchPage(offset: number, limit: number): Promise<PhotoPage<PhotoSummary>> {
    const filters = this.#filters();
    return this.#api.listPhotos(Object.keys(filters).length === 0 ? { offset, limit } : { offset, limit, filters });
  }

  /** The filters changed: the grid starts again from its first page. */
  async refilter(): Promise<void> {
    this.pages.clear();
    await this.refresh();
  }
}
