import { t } from '../../lib/i18n/i18n.svelte.js';
import type { Album } from '$contract/albums.js';
import type { SearchFilters } from '$contract/search.js';
import { fileName, formatDate } from '../../lib/format.js';
import type { FilterKey } from './search-query.js';

export interface ActiveFilter {
  key: FilterKey;
  label: string;
}

/** The file types the core can read, as the type filter offers them. */
export const FORMATS = ['jpeg', 'png', 'webp', 'heic', 'avif', 'gif', 'tiff', 'jxl'] as const;

/** One chip per filter in use, named the way the person chose it. */
export function activeFilters(filters: SearchFilters, albums: readonly Album[]): ActiveFilter[] {
  const chips: ActiveFilter[] = [];
  const add = (key: FilterKey, label: string): void => {
    chips.push({ key, label });
  };
  if (filters.from !== undefined) add('from', t('chip.from', { date: formatDate(filters.from) }));
  if (filters.to !== undefined) add('to', t('chip.to', { date: formatDate(filters.to) }));
  if (filters.folder !== undefined) add('folder', t('chip.folder', { folder: fileName(filters.folder) }));
  if (filters.camera !== undefined) add('camera', t('chip.camera', { camera: filters.camera }));
  if (filters.format !== undefined) add('format', filters.format.toUpperCase());
  if (filters.hasGps !== undefined) add('hasGps', filters.hasGps ? t('filters.placeYes') : t('filters.placeNo'));
  if (filters.album !== undefined) {
    add('album', t('chip.album', { album: albums.find((album) => album.id === filters.album)?.name ?? t('chip.deletedAlbum') }));
  }
  if (filters.tag !== undefined) add('tag', t('chip.tag', { tag: filters.tag }));
  if (filters.favourite === true) add('favourite', t('filters.favourites'));
  if (filters.minRating !== undefined) add('minRating', '★'.repeat(filters.minRating));
  return chips;
}
