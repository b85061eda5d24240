import { mkdir } from 'node:fs/promises';
import type { MirrorReport, UndoMirrorReport } from '../../../contract/albums.js';
import type { ApiService } from '../../../contract/api.js';
import { AppError } from '../../../contract/errors.js';
import { toAlbum, toRow } from '../album-record.js';
import type { AlbumsRuntime } from '../albums-runtime.js';
import { performPlanned, undoAction } from './file-actions.js';
import { checkMirrorFolder, planMirror } from './mirror-plan.js';

type MirrorMethods = 'setAlbumMirror' | 'applyAlbumMirror' | 'undoMirror';

/** Copies, links or moves an album's members into its folder, logged as [Note: file action log] says. */
async function apply(rt: AlbumsRuntime, albumId: string, dryRun: boolean): Promise<MirrorReport> {
  const record = rt.record(albumId);
  const mirror = record.mirror;
  if (!mirror) throw new AppError('INVALID_INPUT', `Album "${record.name}" is virtual. Give it a folder first (shoebox album mirror ID --to DIR --mode copy).`);
  const folder = await checkMirrorFolder(mirror.folder, mirror.mode, rt.deps.libraryDir, rt.deps.roots());
  const members = await rt.index.run(() => rt.index.members(albumId));
  const planned = await planMirror({ albumId, members, folder, mode: mirror.mode, photos: rt.photos, actions: rt.tables.fileActions });
  const report: MirrorReport = {
    albumId, folder, mode: mirror.mode, dryRun, done: 0, skipped: members.size - planned.length, failed: [],
    planned: planned.map((p) => ({ photoId: p.photo_id, from: p.source, to: p.dest })),
  };
  if (dryRun || planned.length === 0) return report;
  await mkdir(folder, { recursive: true });
  await performPlanned(rt.fileActionDeps(), planned, (outcome, done) => {
    if (outcome.state === 'done') report.done += 1;
    else report.failed.push({ photoId: outcome.photo_id, path: outcome.source, message: outcome.message ?? outcome.state });
    rt.deps.bus.emit('albumMirrorProgress', { albumId, done, total: planned.length });
  });
  return report;
}

export function mirrorService(rt: AlbumsRuntime): ApiService<MirrorMethods> {
  return {
    setAlbumMirror({ albumId, folder, mode, fileImports }) {
      return rt.index.run(async () => {
        const record = rt.record(albumId);
        if (mode !== 'none' && folder === undefined) throw new AppError('INVALID_INPUT', 'setAlbumMirror: folder: a folder is needed to mirror into.');
        const filing = fileImports ?? record.mirror?.fileImports ?? false;
        const mirror =
          mode === 'none' || folder === undefined
            ? null
            : { folder: await checkMirrorFolder(folder, mode, rt.deps.libraryDir, rt.deps.roots()), mode, ...(filing ? { fileImports: true } : {}) };
        const next = { ...record, mirror, updatedAt: Date.now() };
        await rt.tables.albums.put(toRow(next));
        return toAlbum(next, rt.index.members(albumId).size);
      });
    },

    applyAlbumMirror: ({ albumId, dryRun }) => rt.fileWork(() => apply(rt, albumId, dryRun)),

    undoMirror({ albumId }) {
      return rt.fileWork(async (): Promise<UndoMirrorReport> => {
        rt.record(albumId);
        const done = rt.tables.fileActions.actions().filter((a) => a.album_id === albumId && a.state === 'done' && a.reverts === null);
        const report: UndoMirrorReport = { albumId, restored: 0, failed: [] };
        for (const action of done.reverse()) {
          const problem = await undoAction(rt.fileActionDeps(), action);
          if (problem === null) report.restored += 1;
          else report.failed.push({ path: action.dest, message: problem });
        }
        return report;
      });
    },
  };
}
