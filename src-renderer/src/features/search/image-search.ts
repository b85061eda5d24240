import type { SearchResult } from '../../../../src-main/contract/search.js';

/**
 * [Note: image search hook]
 * Searching by a photo from outside the library (a file dropped on the window) needs a contract
 * method that the search issue adds. Until then the app passes no `ImageSearch` to the search
 * manager and a drop says so; wiring it is one function in App.svelte, nothing else changes.
 */
export interface ImageQuery {
  name: string;
  type: string;
  bytes: Uint8Array;
}

export type ImageSearch = (query: ImageQuery) => Promise<SearchResult>;

const IMAGE_TYPES = /^image\//;

export function isImageFile(file: File): boolean {
  return IMAGE_TYPES.test(file.type) || /\.(jpe?g|png|webp|gif|heic|heif|avif|tiff?)$/i.test(file.name);
}

export async function readImageFile(file: File): Promise<ImageQuery> {
  return { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) };
}
