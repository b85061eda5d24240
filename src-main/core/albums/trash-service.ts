import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ApiService } from '../../contract/api.js';
import { AppError } from '../../contract/errors.js';
import type { ExportReport, TrashApi, TrashBatch, TrashReport, UndoTrashReport } from '../../contract/trash.js';
import type { FileActionRow } from '../catalog/album-schemas.js';
import type { FileActionEntry } from '../catalog/file-actions-store.js';
import { fullHashForCopy } from '../library/full-hash-later.js';
import { isInside } from '../library/supported-files.js';
import { openWithOs } from '../util/os-open.js';
import type { AlbumsRuntime } from './albums-runtime.js';
import { entryOf, tempNameFor } from './mirror/file-actions.js';
import { exists, freeName } from './mirror/file-ops.js';
import { moveLogged } from './trash-moves.js';

/** How file actions of a trash batch and of an export are told apart from an album's in the log. */
const TRASH_TAG = 'trash:';
const EXPORT_TAG = 'export:';

export interface TrashDeps {
  /** indexes the roots again (a library without a watcher): photos put back get their rows again */
  reindex: (() => Promise<void>) | null;
  /** opens a folder in the file manager; the OS's opener unless a test gives another */
  openFolder?: (folder: string) => Promise<boolean>;
}

/**
 * [Note: library trash]
 * In the browser mode (and the CLI) a photo moved "to the trash" goes into `<library>/trash/<batch>/`
 * by the file action log's verified move ([Note: file action log]): an intent first, then copy, verify,
 * link into place, delete the original, so a kill never loses the photo. Its catalogue row goes at
 * once (the grid drops it) but its id, and with it its tags, marks and album corrections, stays in
 * the labels and marks tables: `undoTrash` moves the files back (itself a logged move) and indexing
 * gives them the same id again. `emptyTrash` marks the batches emptied, then deletes the folder.
 * The desktop app uses the OS trash instead (`shell.trashItem`, see shell/system-actions.ts).
 */
export function trashService(rt: AlbumsRuntime, deps: TrashDeps): ApiService<keyof TrashApi> {
  const trashDir = path.join(rt.deps.libraryDir, 'trash');
  const actions = () => rt.tables.fileActions;
  const live = (a: FileActionRow): boolean => a.album_id.startsWith(TRASH_TAG) && a.state === 'done' && a.reverts === null;
  const batches = (): Map<string, FileActionRow[]> => {
    const out = new Map<string, FileActionRow[]>();
    for (const a of actions().actions().filter(live)) out.set(a.album_id.slice(TRASH_TAG.length), [...(out.get(a.album_id.slice(TRASH_TAG.length)) ?? []), a]);
    return out;
  };
  const located = (ids: readonly string[]) =>
    [...new Set(ids)].flatMap((id) => {
      const key = rt.photos.key(id);
      return key ? [{ id, key }] : [];
    });
  /** Drops catalogue rows and tells every screen, as the indexer does for a deleted file. */
  const forget = async (ids: readonly { id: string; path: string }[]): Promise<void> => {
    if (ids.length === 0) return;
    await rt.photos.remove(ids.map((p) => p.id));
    for (const p of ids) rt.deps.bus.emit('photoRemoved', { id: p.id, path: p.path });
  };
  const plan = (tag: string, folder: string, mode: 'move' | 'copy', photos: ReturnType<typeof located>) =>
    (async (): Promise<FileActionEntry[]> => {
      const taken = new Set<string>();
      const planned: FileActionEntry[] = [];
      for (const { id, key } of photos) {
        const dest = await freeName(folder, path.basename(key.path), taken);
        taken.add(dest);
        const actionId = randomUUID();
        planned.push({
          action_id: actionId, album_id: tag, photo_id: id, mode, source: key.path, dest, temp: tempNameFor(dest, actionId),
          sha256: await fullHashForCopy(rt.photos, key), state: 'intent', reverts: null, message: null,
        });
      }
      return planned;
    })();

  return {
    trashPhotos({ photoIds }) {
      return rt.fileWork(async (): Promise<TrashReport> => {
        const photos = located(photoIds);
        if (photos.length === 0) throw new AppError('NOT_FOUND', `No photo with id ${photoIds[0] ?? ''} in this library.`);
        const batchId = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
        const folder = path.join(trashDir, batchId);
        await mkdir(folder, { recursive: true });
        const report: TrashReport = { place: 'library', batchId, trashed: [], failed: [] };
        const outcomes = await moveLogged(rt.fileActionDeps(), await plan(TRASH_TAG + batchId, folder, 'move', photos), (outcome) => {
          if (outcome.state === 'done') report.trashed.push(outcome.photo_id);
          else report.failed.push({ photoId: outcome.photo_id, path: outcome.source, message: outcome.message ?? outcome.state });
        });
        await forget(outcomes.filter((o) => o.state === 'done').map((o) => ({ id: o.photo_id, path: o.source })));
        return report;
      });
    },

    listTrash() {
      return Promise.resolve(
        [...batches()].map(([batchId, rows]): TrashBatch => ({
          batchId,
          at: new Date(rows[0]?.at ?? 0).toISOString(),
          photos: rows.map((r) => ({ photoId: r.photo_id, from: r.source, path: r.dest })),
        })).reverse(),
      );
    },

    undoTrash({ batchId }) {
      return rt.fileWork(async (): Promise<UndoTrashReport> => {
        const all = batches();
        const id = batchId ?? [...all.keys()].at(-1);
        const rows = id === undefined ? undefined : all.get(id);
        if (id === undefined || rows === undefined) throw new AppError('NOT_FOUND', 'There is nothing in the trash to put back.');
        const report: UndoTrashReport = { batchId: id, restored: 0, failed: [] };
        // each photo goes back by a logged move that `reverts` its trashing, logged a chunk at a time
        const back: FileActionEntry[] = [];
        const taken = new Set<string>();
        for (const action of rows) {
          const folder = path.dirname(action.source);
          await mkdir(folder, { recursive: true });
          const dest = await freeName(folder, path.basename(action.source), taken);
          taken.add(dest);
          const actionId = randomUUID();
          back.push({ ...entryOf(action), action_id: actionId, source: action.dest, dest, temp: tempNameFor(dest, actionId), state: 'intent', reverts: action.action_id, message: null });
        }
        const outcomes = await moveLogged(rt.fileActionDeps(), back, (outcome) => {
          if (outcome.state === 'done') report.restored += 1;
          else report.failed.push({ path: outcome.source, message: outcome.message ?? outcome.state });
        });
        const undone = outcomes.flatMap((o) => {
          const original = o.state === 'done' && o.reverts !== null ? actions().get(o.reverts) : undefined;
          return original ? [{ ...entryOf(original), state: 'undone' as const, message: null }] : [];
        });
        await actions().record(undone);
        await rm(path.join(trashDir, id), { recursive: true, force: true }).catch(() => undefined);
        await deps.reindex?.();
        return report;
      });
    },

    emptyTrash() {
      return rt.fileWork(async () => {
        const rows = [...batches().values()].flat();
        // logged first: a kill after this leaves files the next emptying sweeps, never a batch that claims to be undoable
        await actions().record(rows.map((r) => ({ ...entryOf(r), state: 'undone', message: 'emptied from the trash' })));
        await rm(trashDir, { recursive: true, force: true });
        return { removed: rows.length };
      });
    },

    exportCopies({ photoIds, folder }) {
      return rt.fileWork(async (): Promise<ExportReport> => {
        const target = path.resolve(folder);
        if (isInside(target, rt.deps.libraryDir)) throw new AppError('INVALID_INPUT', `${target} is inside the library's own folder. Choose another folder.`);
        await mkdir(target, { recursive: true });
        const report: ExportReport = { folder: target, copied: 0, failed: [] };
        await moveLogged(rt.fileActionDeps(), await plan(EXPORT_TAG + randomUUID(), target, 'copy', located(photoIds)), (outcome) => {
          if (outcome.state === 'done') report.copied += 1;
          else report.failed.push({ photoId: outcome.photo_id, path: outcome.source, message: outcome.message ?? outcome.state });
        });
        return report;
      });
    },

    async showInFolder({ photoId }) {
      const key = rt.photos.key(photoId);
      if (!key) throw new AppError('NOT_FOUND', `No photo with id ${photoId}.`);
      const folder = path.dirname(key.path);
      if (!(await exists(folder))) throw new AppError('NOT_FOUND', `${folder} is no longer on disk.`);
      return { folder, opened: await (deps.openFolder ?? openWithOs)(folder) };
    },

    locatePhotos({ photoIds }) {
      return Promise.resolve(located(photoIds).map(({ id, key }) => ({ id, path: key.path })));
    },

    async forgetPhotos({ photoIds }) {
      const gone: { id: string; path: string }[] = [];
      for (const { id, key } of located(photoIds)) if (!(await exists(key.path))) gone.push({ id, path: key.path });
      await forget(gone);
      return { forgotten: gone.map((g) => g.id) };
    },
  };
}
