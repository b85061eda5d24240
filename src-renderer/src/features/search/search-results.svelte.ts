import type { PhotoApi } from '$contract/api.js';
import type { SearchHit, SearchResult } from '$contract/search.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import type { GridGroup } from '../../lib/grid/grid-layout.js';
import { PagedPhotos, type PhotoPage } from '../library/paged-photos.svelte.js';
import { monthGroups } from '../library/photo-pages.js';
import { t } from '../../lib/i18n/i18n.svelte.js';
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

  /**
   * By relevance: best matches then more; by date: the core lists the best matches by date, then
   * the rest by date, so the months of each part are labelled with it and never run together.
   */
  get groups(): GridGroup[] {
    if (this.query.sort === 'relevance') return tierGroups(this.first);
    const { bestCount, nothingMatched } = this.first;
    const best = { key: 'best', label: t('search.groupBest') };
    const rest = nothingMatched ? { key: 'nearest', label: t('search.groupNearest') } : { key: 'more', label: t('search.groupMore') };
    return monthGroups(this.pages, this.total, (index) => (!nothingMatched && index < bestCount ? best : rest));
  }

  protected async fetchPage(offset: number, limit: number): Promise<PhotoPage<SearchHit>> {
    const result = await this.#api.search(searchInput(this.query, offset, limit, this.first.resultId));
    return { total: result.total, photos: result.hits };
  }
}
