import type { Album } from '../../../../src-main/contract/albums.js';
import type { SearchFilters } from '../../../../src-main/contract/search.js';
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
  if (filters.from !== undefined) add('from', `From ${formatDate(filters.from)}`);
  if (filters.to !== undefined) add('to', `Until ${formatDate(filters.to)}`);
  if (filters.folder !== undefined) add('folder', `In ${fileName(filters.folder)}`);
  if (filters.camera !== undefined) add('camera', `Camera: ${filters.camera}`);
  if (filters.format !== undefined) add('format', filters.format.toUpperCase());
  if (filters.hasGps !== undefined) add('hasGps', filters.hasGps ? 'With a place' : 'Without a place');
  if (filters.album !== undefined) {
    add('album', `Album: ${albums.find((album) => album.id === filters.album)?.name ?? 'deleted album'}`);
  }
  if (filters.tag !== undefined) add('tag', `Tag: ${filters.tag}`);
  return chips;
}
