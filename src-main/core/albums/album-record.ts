import type { Album, AlbumFilters, AlbumMirror } from '../../contract/albums.js';
import type { AlbumRow } from '../catalog/album-schemas.js';
import type { PhotoKey } from '../catalog/photo-store.js';
import { isInside } from '../library/supported-files.js';

/** The few-shot probe as stored (see [Note: album probe]); weights apply to raw unit vectors. */
export interface StoredProbe {
  modelId: string;
  weights: number[];
  bias: number;
  /** the weight of the prompt margin (score - threshold) / spread in the logit */
  promptWeight: number;
  /** the spread of prompt scores over the library when it was fitted */
  spread: number;
  /** what it was fitted against: a change of either makes it stale */
  threshold: number;
  promptsKey: string;
  trainedAt: number;
  positives: number;
  negatives: number;
}

export interface AlbumRecord {
  id: string;
  name: string;
  prompts: string[];
  negativePrompts: string[];
  threshold: number;
  filters: AlbumFilters;
  probe: StoredProbe | null;
  mirror: AlbumMirror | null;
  createdAt: number;
  updatedAt: number;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback;
  return JSON.parse(text) as T;
}

export function fromRow(row: AlbumRow): AlbumRecord {
  return {
    id: row.id,
    name: row.name,
    prompts: parseJson<string[]>(row.prompts, []),
    negativePrompts: parseJson<string[]>(row.negative_prompts, []),
    threshold: row.threshold,
    filters: parseJson<AlbumFilters>(row.filters, {}),
    probe: parseJson<StoredProbe | null>(row.probe, null),
    mirror: parseJson<AlbumMirror | null>(row.mirror, null),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toRow(album: AlbumRecord): AlbumRow {
  return {
    id: album.id,
    name: album.name,
    prompts: JSON.stringify(album.prompts),
    negative_prompts: JSON.stringify(album.negativePrompts),
    threshold: album.threshold,
    filters: JSON.stringify(album.filters),
    probe: album.probe === null ? null : JSON.stringify(album.probe),
    mirror: album.mirror === null ? null : JSON.stringify(album.mirror),
    created_at: album.createdAt,
    updated_at: album.updatedAt,
  };
}

/** Identifies what a probe was fitted against: the prompts and negatives, in order. */
export function promptsKey(album: Pick<AlbumRecord, 'prompts' | 'negativePrompts'>): string {
  return JSON.stringify([album.prompts, album.negativePrompts]);
}

/** A manual album has no prompt: its members are exactly the photos the person put in it. */
export function isManual(album: Pick<AlbumRecord, 'prompts'>): boolean {
  return album.prompts.length === 0;
}

export function toAlbum(album: AlbumRecord, memberCount: number): Album {
  const probe = album.probe;
  return {
    id: album.id,
    name: album.name,
    kind: isManual(album) ? 'manual' : 'smart',
    prompts: album.prompts,
    negativePrompts: album.negativePrompts,
    threshold: album.threshold,
    filters: album.filters,
    mirror: album.mirror,
    probe:
      probe === null
        ? null
        : {
            positives: probe.positives,
            negatives: probe.negatives,
            trainedAt: new Date(probe.trainedAt).toISOString(),
            modelId: probe.modelId,
          },
    memberCount,
    createdAt: new Date(album.createdAt).toISOString(),
    updatedAt: new Date(album.updatedAt).toISOString(),
  };
}

/** The album's folder and date filters; a photo without a taken date is judged by its file time. */
export function passesFilters(filters: AlbumFilters, key: PhotoKey): boolean {
  if (filters.folder !== undefined && !isInside(key.path, filters.folder)) return false;
  const when = key.takenAt ?? key.mtime;
  if (filters.from !== undefined && when < Date.parse(filters.from)) return false;
  if (filters.to !== undefined && when > endOfDay(filters.to)) return false;
  return true;
}

/** "to: 2024-06-30" includes that whole day. */
function endOfDay(date: string): number {
  const at = Date.parse(date);
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? at + 86_400_000 - 1 : at;
}
