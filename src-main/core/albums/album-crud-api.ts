import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Album, AlbumFilters, AlbumPhoto } from '../../contract/albums.js';
import type { ApiParsed, ApiService } from '../../contract/api.js';
import { AppError } from '../../contract/errors.js';
import { toSummary } from '../library/photo-view.js';
import { passesFilters, toAlbum, toRow, type AlbumRecord } from './album-record.js';
import { probability, type Decision } from './album-state.js';
import type { AlbumsRuntime } from './albums-runtime.js';
import { otsuThreshold, previewOf } from './score-histogram.js';

type CrudMethods = 'listAlbums' | 'getAlbum' | 'createAlbum' | 'updateAlbum' | 'deleteAlbum' | 'albumPhotos' | 'previewAlbum';

/** Filters as parsed (absent keys may be undefined) made exact, with the folder absolute. */
function cleanFilters(filters: { [K in keyof AlbumFilters]?: string | undefined }): AlbumFilters {
  const out: AlbumFilters = {};
  if (filters.folder !== undefined) out.folder = path.resolve(filters.folder);
  if (filters.from !== undefined) out.from = filters.from;
  if (filters.to !== undefined) out.to = filters.to;
  return out;
}

/** The album CRUD half of the albums API: create, edit, list, page through members, preview a threshold (albums-service.ts composes it with corrections, auto-sort and the rest). */
export function albumCrudApi(rt: AlbumsRuntime): ApiService<CrudMethods> {
  const albumOf = (rt: AlbumsRuntime, record: AlbumRecord): Album => toAlbum(record, rt.index.members(record.id).size);

  const checkName = (rt: AlbumsRuntime, name: string, except?: string): void => {
    const taken = rt.tables.albums.list().some((a) => a.id !== except && a.name.toLowerCase() === name.toLowerCase());
    if (taken) throw new AppError('ALREADY_EXISTS', `An album named "${name}" exists already. Pick another name.`);
  };

  /** Otsu's threshold of the candidate's scores, for an album created without one. */
  const readThreshold = async (rt: AlbumsRuntime, record: AlbumRecord): Promise<number> => {
    const state = await rt.index.scoreCandidate(record);
    return otsuThreshold([...state.scores.values()]);
  };

  return {
    listAlbums() {
      return rt.index.run(() => rt.tables.albums.list().map((row) => albumOf(rt, rt.record(row.id))));
    },

    getAlbum({ albumId }) {
      return rt.index.run(() => albumOf(rt, rt.record(albumId)));
    },

    createAlbum(input: ApiParsed<'createAlbum'>) {
      return rt.index.run(async () => {
        checkName(rt, input.name);
        const now = Date.now();
        const record: AlbumRecord = {
          id: randomBytes(5).toString('hex'),
          name: input.name,
          prompts: input.prompts,
          negativePrompts: input.negativePrompts,
          threshold: input.threshold ?? 0,
          filters: cleanFilters(input.filters),
          probe: null,
          mirror: null,
          createdAt: now,
          updatedAt: now,
        };
        if (input.threshold === undefined) record.threshold = await readThreshold(rt, record);
        await rt.tables.albums.put(toRow(record));
        await rt.index.install(record);
        return albumOf(rt, record);
      });
    },

    updateAlbum(input: ApiParsed<'updateAlbum'>) {
      return rt.index.run(async () => {
        const current = rt.record(input.albumId);
        if (input.name !== undefined) checkName(rt, input.name, current.id);
        const record: AlbumRecord = {
          ...current,
          name: input.name ?? current.name,
          prompts: input.prompts ?? current.prompts,
          negativePrompts: input.negativePrompts ?? current.negativePrompts,
          threshold: input.threshold ?? current.threshold,
          filters: input.filters === undefined ? current.filters : cleanFilters(input.filters),
          updatedAt: Date.now(),
        };
        await rt.tables.albums.put(toRow(record));
        await rt.index.install(record);
        return albumOf(rt, record);
      });
    },

    deleteAlbum({ albumId }) {
      return rt.index.run(async () => {
        rt.record(albumId);
        const members = rt.index.members(albumId);
        await rt.tables.albums.delete(albumId);
        rt.index.remove(albumId);
        if (members.size > 0) rt.emit({ albumId, added: [], removed: [...members] });
      });
    },

    albumPhotos({ albumId, offset, limit, suggestions }) {
      return rt.index.run(async () => {
        const record = rt.record(albumId);
        const decisions = [...rt.index.decisions(albumId)];
        const members = decisions.filter(([, d]) => d.member).sort(byBelief);
        const near = decisions.filter(([, d]) => !d.member && d.label === null).sort(byBelief).slice(0, suggestions);
        return {
          album: toAlbum(record, members.length),
          total: members.length,
          photos: await toAlbumPhotos(rt, members.slice(offset, offset + limit)),
          suggestions: await toAlbumPhotos(rt, near),
          undoable: rt.tables.labels.hasUndoable((row) => row.source === 'user' && row.target_kind === 'album' && row.target === albumId),
        };
      });
    },

    previewAlbum(input: ApiParsed<'previewAlbum'>) {
      return rt.index.run(async () => {
        const filters = cleanFilters(input.filters);
        const candidate: AlbumRecord = {
          id: '',
          name: '',
          prompts: input.prompts,
          negativePrompts: input.negativePrompts,
          threshold: 0,
          filters,
          probe: null,
          mirror: null,
          createdAt: 0,
          updatedAt: 0,
        };
        const state = await rt.index.scoreCandidate(candidate);
        const scored = [...state.scores].flatMap(([id, score]) => {
          const key = rt.photos.key(id);
          return key && passesFilters(filters, key) ? [{ id, score }] : [];
        });
        return previewOf(scored, input.bins);
      });
    },
  };
}

function byBelief([, a]: [string, Decision], [, b]: [string, Decision]): number {
  return b.logit - a.logit || (b.score || 0) - (a.score || 0);
}

async function toAlbumPhotos(rt: AlbumsRuntime, entries: [string, Decision][]): Promise<AlbumPhoto[]> {
  const rows = await rt.photos.get(entries.map(([id]) => id));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return entries.flatMap(([id, d]) => {
    const row = byId.get(id);
    if (!row) return [];
    return [{ ...toSummary(row), score: Number.isNaN(d.score) ? null : d.score, probability: probability(d), by: d.by, label: d.label }];
  });
}
