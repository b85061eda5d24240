import type { PhotoDetail, PhotoSummary } from '../../contract/library.js';
import type { KeyFields, PhotoMeta } from '../catalog/photo-store.js';

function iso(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}

/** Catalog rows as the contract shows them. */
export function toSummary(row: PhotoMeta): PhotoSummary {
  return {
    id: row.id,
    path: row.path,
    root: row.root,
    takenAt: iso(row.taken_at),
    width: row.width,
    height: row.height,
    format: row.format,
    status: 'indexed',
  };
}

/** The same summary from the in-memory keys (see [Note: columnar keys]): no read of the table. */
export function summaryOfKey(key: KeyFields): PhotoSummary {
  return {
    id: key.id,
    path: key.path,
    root: key.root,
    takenAt: iso(key.takenAt),
    width: key.width,
    height: key.height,
    format: key.format,
    status: 'indexed',
  };
}

export function toDetail(row: PhotoMeta): PhotoDetail {
  return {
    ...toSummary(row),
    size: row.size,
    mtime: new Date(row.mtime).toISOString(),
    camera: row.camera,
    gps: row.lat !== null && row.lon !== null ? { latitude: row.lat, longitude: row.lon } : null,
    error: null,
    modelId: row.model_id,
  };
}
