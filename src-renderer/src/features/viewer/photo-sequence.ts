import type { PhotoSummary } from '$contract/library.js';

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

/** Photos known only by id (duplicates, similar photos): each is fetched when the viewer reaches it. */
export function idSequence(ids: readonly string[], fetch: (id: string) => Promise<PhotoSummary | undefined>): PhotoSequence {
  const loaded = new Map<string, PhotoSummary>();
  return {
    count: ids.length,
    get: (index) => loaded.get(ids[index] ?? ''),
    async ensure(index) {
      const id = ids[index];
      if (id === undefined) return undefined;
      const photo = loaded.get(id) ?? (await fetch(id));
      if (photo) loaded.set(id, photo);
      return photo;
    },
  };
}
