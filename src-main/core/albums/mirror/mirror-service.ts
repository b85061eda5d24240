import { mkdir, realpath } from 'node:fs/promises';
import type { MirrorMode, MirrorReport, UndoMirrorReport } from '../../../contract/albums.js';
import type { ApiService } from '../../../contract/api.js';
import { AppError } from '../../../contract/errors.js';
import { toAlbum, toRow } from '../album-record.js';
import type { AlbumsRuntime } from '../albums-runtime.js';
import { performPlanned, undoAction } from './file-actions.js';
import { isInside } from '../../library/supported-files.js';
import { checkMirrorFolder, planMirror } from './mirror-plan.js';

type MirrorMethods = 'setAlbumMirror' | 'applyAlbumMirror' | 'undoMirror' | 'cancelAlbumMirror';

/**
 * Copies, links or moves an album's members into its folder, logged as [Note: file action log] says. `signal` is
 * the run's cancel, there from the moment it was asked for: a cancel while it waits its turn or while it plans
 * stops it before anything is logged or copied; one while it copies stops after the file under way.
 */
async function apply(rt: AlbumsRuntime, albumId: string, dryRun: boolean, unsaved: { folder?: string | undefined; mode?: MirrorMode | undefined }, signal: AbortSignal): Promise<MirrorReport> {
  const record = rt.record(albumId);
  if ((unsaved.folder !== undefined || unsaved.mode !== undefined) && !dryRun) {
    throw new AppError('INVALID_INPUT', 'applyAlbumMirror: folder and mode preview a setting not saved yet, so they go with dryRun only; save the setting with setAlbumMirror first.');
  }
  const mirror = unsaved.folder !== undefined
    ? { folder: unsaved.folder, mode: unsaved.mode ?? record.mirror?.mode ?? 'copy' }
    : record.mirror && { ...record.mirror, mode: unsaved.mode ?? record.mirror.mode };
  if (!mirror) throw new AppError('INVALID_INPUT', `Album "${record.name}" is virtual. Give it a folder first (shoebox album mirror ID --to DIR --mode copy).`);
  const folder = await checkMirrorFolder(mirror.folder, mirror.mode, rt.deps.libraryDir, rt.deps.roots());
  const realRoots = await Promise.all(rt.deps.roots().map((root) => realpath(root).catch(() => root)));
  const insideRoot = mirror.mode === 'move' ? null : (realRoots.find((root) => isInside(folder, root)) ?? null);
  const report: MirrorReport = { albumId, folder, mode: mirror.mode, dryRun, done: 0, skipped: 0, failed: [], insideRoot, cancelled: false, planned: [] };
  const members = signal.aborted ? new Set<string>() : await rt.index.run(() => rt.index.members(albumId));
  const planned = await planMirror({ albumId, members, folder, mode: mirror.mode, photos: rt.photos, actions: rt.tables.fileActions, signal });
  // (a function: the signal changes under the awaits below)
  const cancelled = (): boolean => signal.aborted;
  // Cancelled before or while it planned: nothing was logged or copied, and a plan cut short is not shown.
  if (cancelled()) return { ...report, cancelled: true };
  report.skipped = members.size - planned.length;
  report.planned = planned.map((p) => ({ photoId: p.photo_id, from: p.source, to: p.dest }));
  if (dryRun || planned.length === 0) return report;
  await mkdir(folder, { recursive: true });
  await performPlanned({ ...rt.fileActionDeps(), signal }, planned, (outcome, done) => {
    if (outcome.state === 'done') report.done += 1;
    // rolled back: the copy under way when the run was cancelled, removed again
    else if (outcome.state !== 'rolled-back') report.failed.push({ photoId: outcome.photo_id, path: outcome.source, message: outcome.message ?? outcome.state });
    rt.deps.bus.emit('albumMirrorProgress', { albumId, done, total: planned.length });
  });
  // a cancel that came after the last file changed nothing
  report.cancelled = cancelled() && report.done + report.failed.length < planned.length;
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

    applyAlbumMirror: async ({ albumId, dryRun, folder, mode }) => {
      // registered before it waits its turn, so cancelAlbumMirror reaches it while it waits and while it plans
      const run = { albumId, controller: new AbortController() };
      rt.running.mirrors.add(run);
      try {
        return await rt.fileWork(() => apply(rt, albumId, dryRun, { folder, mode }, run.controller.signal));
      } finally {
        rt.running.mirrors.delete(run);
      }
    },

    cancelAlbumMirror({ albumId }) {
      const runs = [...rt.running.mirrors].filter((run) => albumId === undefined || run.albumId === albumId);
      for (const run of runs) run.controller.abort();
      return Promise.resolve({ cancelled: runs.length > 0 });
    },

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
