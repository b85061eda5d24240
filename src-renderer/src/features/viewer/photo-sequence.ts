import type { PhotoSummary } from '../../../../src-main/contract/library.js';

/**
 * What the viewer steps through: the library (paged, mostly not loaded) or a list of search
 * results. `ensure` loads the photo at an index before the viewer shows it.
 */
export interface PhotoSequence {
  readonly count: number;
  get(index: number): PhotoSummary | undefined;
  ensure(index: number): Promise<PhotoSummary | undefined>;
}

export function arraySequence(photos: readonly PhotoSummary[]): PhotoSequence {
  return {
    count: photos.length,
    get: (index) => photos[index],
    ensure: (index) => Promise.resolve(photos[index]),
  };
}
