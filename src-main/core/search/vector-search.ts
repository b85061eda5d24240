import type { SearchHit } from '../../contract/search.js';
import type { PhotoStore } from '../catalog/photo-store.js';
import { PHOTO_COLUMNS } from '../catalog/schema.js';
import { toSummary } from '../library/photo-view.js';
import type { PhotoMeta } from '../catalog/photo-store.js';

/** Top-k photos by cosine similarity to a unit query vector, best first. */
export async function searchByVector(
  photos: PhotoStore,
  vector: Float32Array,
  limit: number,
  where?: string,
): Promise<SearchHit[]> {
  if (photos.count === 0) return [];
  let query = photos.table
    .vectorSearch(Array.from(vector))
    .distanceType('cosine')
    .select([...PHOTO_COLUMNS, '_distance'])
    .limit(limit);
  if (where !== undefined) query = query.where(where);
  const rows = (await query.toArray()) as (PhotoMeta & { _distance: number })[];
  return rows.map((row) => ({ ...toSummary(row), score: 1 - row._distance }));
}
