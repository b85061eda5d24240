import { randomBytes } from 'node:crypto';
import type { ApiParsed, ApiService } from '../../contract/api.js';
import { AppError } from '../../contract/errors.js';
import type { BulkAlbumResult, MarksApi, PhotoMarks } from '../../contract/marks.js';
import type { LabelChange } from '../catalog/labels-store.js';
import type { Marks } from '../catalog/marks-store.js';
import { toSummary } from '../library/photo-view.js';
import { isManual, toAlbum, toRow, type AlbumRecord } from './album-record.js';
import type { AlbumsRuntime } from './albums-runtime.js';
import { normaliseTag } from './tag-name.js';

const view = (id: string, marks: Marks): PhotoMarks => ({ id, ...marks });

/** The next marks of one photo after a request: only what the request names changes. */
function nextMarks(current: Marks, input: ApiParsed<'setMarks'>): Marks {
  const turned = input.rotateBy === undefined ? (input.rotation ?? current.rotation) : (current.rotation + input.rotateBy + 360) % 360;
  return {
    favourite: input.favourite ?? current.favourite,
    rating: input.rating ?? current.rating,
    rotation: turned,
  };
}

const same = (a: Marks, b: Marks): boolean => a.favourite === b.favourite && a.rating === b.rating && a.rotation === b.rotation;

/**
 * Marks (favourite, rating, rotation), manual albums and the bulk album and tag actions of a
 * selection. Every bulk request is one durable write however many photos it names: one merge
 * for marks, one append of labels for corrections and tags, then one re-derivation of the album.
 */
export function marksService(rt: AlbumsRuntime): ApiService<keyof MarksApi> {
  const marks = () => rt.tables.marks;
  /** The ids the library knows, in the order given, without repeats. */
  const known = (ids: readonly string[]): string[] => [...new Set(ids)].filter((id) => rt.photos.key(id) !== undefined);

  const membership = (albumId: string, photoIds: readonly string[], add: boolean): Promise<BulkAlbumResult> =>
    rt.index.run(async () => {
      const record = rt.record(albumId);
      // manual album: in (1) or out (0); smart album: the person's include (1) or exclude (-1) correction
      const value = add ? 1 : isManual(record) ? 0 : -1;
      const ids = known(photoIds);
      const labels = rt.tables.labels;
      const changes: LabelChange[] = ids
        .filter((id) => labels.value('album', albumId, id) !== value)
        .map((photoId) => ({ photoId, kind: 'album', target: albumId, value }));
      await labels.set(changes);
      const diff = await rt.index.relabel(albumId);
      const probe = toAlbum(rt.record(albumId), 0).probe;
      return { albumId, applied: ids.length, changed: diff.added.length + diff.removed.length, ...diff, probe };
    });

  return {
    getMarks({ photoIds }) {
      return Promise.resolve(photoIds.map((id) => view(id, marks().get(id))));
    },

    async setMarks(input) {
      const ids = known(input.photoIds);
      if (ids.length === 0) throw new AppError('NOT_FOUND', `No photo with id ${input.photoIds[0] ?? ''} in this library.`);
      const next = ids.map((photoId) => ({ photoId, before: marks().get(photoId), marks: nextMarks(marks().get(photoId), input) }));
      const changed = next.filter((n) => !same(n.before, n.marks));
      await marks().put(changed);
      return { changed: changed.length, marks: next.map((n) => view(n.photoId, n.marks)) };
    },

    async markedPhotos({ favourite, minRating, offset, limit }) {
      const chosen = marks().matching((m) => (favourite === undefined || m.favourite === favourite) && m.rating >= (minRating ?? 0));
      const ordered = [...chosen]
        .flatMap((id) => rt.photos.key(id) ?? [])
        .sort((a, b) => (b.takenAt ?? 0) - (a.takenAt ?? 0) || a.path.localeCompare(b.path));
      const rows = await rt.photos.get(ordered.slice(offset, offset + limit).map((k) => k.id));
      const byId = new Map(rows.map((r) => [r.id, r]));
      const photos = ordered.slice(offset, offset + limit).flatMap((k) => {
        const row = byId.get(k.id);
        return row ? [toSummary(row)] : [];
      });
      return { total: ordered.length, photos };
    },

    createManualAlbum({ name, photoIds }) {
      return rt.index.run(async () => {
        const taken = rt.tables.albums.list().some((a) => a.name.toLowerCase() === name.toLowerCase());
        if (taken) throw new AppError('ALREADY_EXISTS', `An album named "${name}" exists already. Pick another name.`);
        const now = Date.now();
        const record: AlbumRecord = {
          id: randomBytes(5).toString('hex'),
          name,
          prompts: [],
          negativePrompts: [],
          threshold: 0,
          filters: {},
          probe: null,
          mirror: null,
          createdAt: now,
          updatedAt: now,
        };
        const ids = photoIds.length === 0 ? [] : known(photoIds);
        // the members first: a kill between the two writes leaves labels of no album, which nothing reads
        await rt.tables.labels.set(ids.map((photoId) => ({ photoId, kind: 'album', target: record.id, value: 1 })));
        await rt.tables.albums.put(toRow(record));
        await rt.index.install(record);
        return toAlbum(record, rt.index.members(record.id).size);
      });
    },

    addToAlbum: ({ albumId, photoIds }) => membership(albumId, photoIds, true),
    removeFromAlbum: ({ albumId, photoIds }) => membership(albumId, photoIds, false),

    async tagPhotos({ photoIds, tag, remove }) {
      const target = normaliseTag(tag);
      const labels = rt.tables.labels;
      const value = remove ? 0 : 1;
      const changes: LabelChange[] = known(photoIds)
        .filter((id) => (labels.value('tag', target, id) > 0) === remove)
        .map((photoId) => ({ photoId, kind: 'tag', target, value }));
      await labels.set(changes);
      return { tag: target, changed: changes.length };
    },
  };
}
