import type { PhotoApi } from '../../../../src-main/contract/api.js';
import type { SearchHit, SearchResult } from '../../../../src-main/contract/search.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import type { GridGroup } from '../../lib/grid/grid-layout.js';
import { PagedPhotos, type PhotoPage } from '../library/paged-photos.svelte.js';
import { monthGroups } from '../library/photo-pages.js';
import { searchInput, tierGroups, type SearchQuery } from './search-query.js';

/**
 * One search's ranked list, paged as the grid scrolls: later pages ask for the same `resultId`,
 * so they continue exactly the list the first page started, whatever is indexed meanwhile.
 */
export class SearchResults extends PagedPhotos<SearchHit> {
  readonly first: SearchResult;
  readonly query: SearchQuery;

  readonly #api: PhotoApi;

  constructor(api: PhotoApi, errors: ErrorHandler, query: SearchQuery, first: SearchResult) {
    super(errors);
    this.#api = api;
    this.query = query;
    this.first = first;
    this.storePage(0, { total: first.total, photos: first.hits });
  }

  /** By relevance: best matches then more; by date: months, as the pages arrive. */
  get groups(): GridGroup[] {
    return this.query.sort === 'relevance' ? tierGroups(this.first) : monthGroups(this.pages, this.total);
  }

  protected async fetchPage(offset: number, limit: number): Promise<PhotoPage<SearchHit>> {
    const result = await this.#api.search(searchInput(this.query, offset, limit, this.first.resultId));
    return { total: result.total, photos: result.hits };
  }
}
