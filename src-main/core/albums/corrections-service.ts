import type { CorrectionResult, MembershipChange } from '../../contract/albums.js';
import type { ApiService } from '../../contract/api.js';
import { AppError } from '../../contract/errors.js';
import type { LabelRow } from '../catalog/album-schemas.js';
import { toAlbum } from './album-record.js';
import type { AlbumsRuntime } from './albums-runtime.js';
import type { MembershipDiff } from './album-index.js';

type CorrectionMethods = 'setAlbumMembership' | 'addTag' | 'removeTag' | 'listTags' | 'undoLastCorrection';

/** Tags are compared as typed, trimmed, with runs of spaces made one and in lower case: "Beach " is "beach". */
import { normaliseTag } from './tag-name.js';

function requirePhoto(rt: AlbumsRuntime, photoId: string): void {
  if (!rt.photos.key(photoId)) {
    throw new AppError('NOT_FOUND', `No photo with id ${photoId}. Find ids with: shoebox search --json`);
  }
}

function change(rt: AlbumsRuntime, albumId: string, diff: MembershipDiff): MembershipChange {
  const probe = toAlbum(rt.record(albumId), 0).probe;
  return { albumId, changed: diff.added.length + diff.removed.length, ...diff, probe };
}

/** Corrections (album membership), tags, and undo: the labels table. */
export function correctionsService(rt: AlbumsRuntime): ApiService<CorrectionMethods> {
  const tagsOf = (rt: AlbumsRuntime, photoId: string) => ({ photoId, tags: rt.tables.labels.tagsOf(photoId) });

  return {
    setAlbumMembership({ albumId, photoId, include }) {
      return rt.index.run(async () => {
        rt.record(albumId);
        requirePhoto(rt, photoId);
        const value = include === null ? 0 : include ? 1 : -1;
        if (rt.tables.labels.value('album', albumId, photoId) !== value) {
          await rt.tables.labels.set([{ photoId, kind: 'album', target: albumId, value }]);
        }
        return change(rt, albumId, await rt.index.relabel(albumId));
      });
    },

    async addTag({ photoId, tag }) {
      requirePhoto(rt, photoId);
      const target = normaliseTag(tag);
      if (rt.tables.labels.value('tag', target, photoId) <= 0) {
        await rt.tables.labels.set([{ photoId, kind: 'tag', target, value: 1 }]);
      }
      return tagsOf(rt, photoId);
    },

    async removeTag({ photoId, tag }) {
      const target = normaliseTag(tag);
      if (rt.tables.labels.value('tag', target, photoId) > 0) {
        await rt.tables.labels.set([{ photoId, kind: 'tag', target, value: 0 }]);
      }
      return tagsOf(rt, photoId);
    },

    listTags({ photoId }) {
      if (photoId !== undefined) return Promise.resolve(rt.tables.labels.tagsOf(photoId).map((tag) => ({ tag, count: 1 })));
      const counts = new Map<string, number>();
      for (const key of rt.photos.keys()) {
        for (const tag of rt.tables.labels.tagsOf(key.id)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      }
      return Promise.resolve([...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => a.tag.localeCompare(b.tag)));
    },

    undoLastCorrection({ albumId }) {
      return rt.index.run(async () => {
        const live = (row: LabelRow): boolean =>
          row.source === 'user' &&
          (albumId === undefined ? row.target_kind === 'tag' || rt.tables.albums.get(row.target) !== undefined
            : row.target_kind === 'album' && row.target === albumId);
        const result = await rt.tables.labels.undoLast(live);
        if (result === null) return { albumId: albumId ?? null, undone: null, changed: 0, added: [], removed: [], probe: null };
        const { undone, restored } = result;
        const summary: CorrectionResult['undone'] = {
          photoId: undone.photo_id,
          kind: undone.target_kind,
          target: undone.target,
          restored: restored.value > 0 ? 1 : restored.value < 0 ? -1 : null,
        };
        if (undone.target_kind === 'tag') return { albumId: null, undone: summary, changed: 0, added: [], removed: [], probe: null };
        return { ...change(rt, undone.target, await rt.index.relabel(undone.target)), undone: summary };
      });
    },
  };
}
