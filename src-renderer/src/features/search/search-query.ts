import { t } from '../../lib/i18n/i18n.svelte.js';
import type { ApiInput } from '$contract/api.js';
import type { ImageQuery, SearchFilters, SearchResult, SearchSort } from '$contract/search.js';
import type { GridGroup } from '../../lib/grid/grid-layout.js';

/** What the person asked for: text, an image (a dropped file or a library photo), filters and the order. */
export interface SearchQuery {
  text: string;
  image: ImageQuery | null;
  /** how the image is named on screen: the dropped file's name, or the library photo's */
  imageName: string | null;
  filters: SearchFilters;
  sort: SearchSort;
}

export type FilterKey = keyof SearchFilters;

export function emptyQuery(): SearchQuery {
  return { text: '', image: null, imageName: null, filters: {}, sort: 'relevance' };
}

export function hasQuery(query: SearchQuery): boolean {
  return query.text.trim() !== '' || query.image !== null;
}

export function searchInput(query: SearchQuery, offset: number, limit: number, resultId?: string): ApiInput<'search'> {
  const input: ApiInput<'search'> = { text: query.text.trim(), filters: query.filters, sort: query.sort, offset, limit };
  if (query.image) input.image = query.image;
  if (resultId !== undefined) input.resultId = resultId;
  return input;
}

/** The heading of a result: what was searched, in the person's words. */
export function describeQuery(query: SearchQuery): string {
  const text = query.text.trim();
  if (query.imageName === null) return t('search.resultsFor', { text });
  return text === '' ? t('search.photosLike', { name: query.imageName }) : t('search.photosLikeAnd', { name: query.imageName, text });
}

/** The parsed terms echoed back, so the query syntax shows what it did: `dog ×2 · beach · not people`. */
export function describeTerms(result: SearchResult): string {
  if (result.terms.length < 2 && result.terms.every((term) => term.weight === 1)) return '';
  return result.terms
    .map((term) => {
      if (term.weight < 0) return `not ${term.text}${term.weight === -1 ? '' : ` ×${String(-term.weight)}`}`;
      return term.weight === 1 ? term.text : `${term.text} ×${String(term.weight)}`;
    })
    .join(' · ');
}

/** By relevance the best matches come first, so the two groups are known from the counts alone. */
export function tierGroups(result: SearchResult): GridGroup[] {
  if (result.nothingMatched) return [{ key: 'nearest', label: t('search.groupNearest'), count: result.total }];
  const groups: GridGroup[] = [
    { key: 'best', label: t('search.groupBest'), count: result.bestCount },
    { key: 'more', label: t('search.groupMore'), count: result.total - result.bestCount },
  ];
  return groups.filter((group) => group.count > 0);
}
