import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { MirrorReport, UndoMirrorReport } from '../../../contract/albums.js';
import type { ApiService } from '../../../contract/api.js';
import { AppError } from '../../../contract/errors.js';
import type { FileActionRow } from '../../catalog/album-schemas.js';
import type { FileActionEntry } from '../../catalog/file-actions-store.js';
import { toAlbum, toRow } from '../album-record.js';
import type { AlbumsRuntime } from '../albums-runtime.js';
import { entryOf, perform, tempNameFor } from './file-actions.js';
import { freeName, holds, removeDurably } from './file-ops.js';
import { checkMirrorFolder, planMirror } from './mirror-plan.js';

type MirrorMethods = 'setAlbumMirror' | 'applyAlbumMirror' | 'undoMirror';

/** Intents are logged this many at a time: one catalogue write announces a chunk of file operations. */
const CHUNK = 32;

/** Copies, links or moves an album's members into its folder, logged as [Note: file action log] says. */
async function apply(rt: AlbumsRuntime, albumId: string, dryRun: boolean): Promise<MirrorReport> {
  const record = rt.record(albumId);
  const mirror = record.mirror;
  if (!mirror) throw new AppError('INVALID_INPUT', `Album "${record.name}" is virtual. Give it a folder first (shoebox album mirror ID --to DIR --mode copy).`);
  const folder = await checkMirrorFolder(mirror.folder, mirror.mode, rt.deps.libraryDir, rt.deps.roots());
  const members = await rt.index.run(() => rt.index.members(albumId));
  const actions = rt.tables.fileActions;
  const planned = await planMirror({ albumId, members, folder, mode: mirror.mode, photos: rt.photos, actions });
  const report: MirrorReport = {
    albumId, folder, mode: mirror.mode, dryRun, done: 0, skipped: members.size - planned.length, failed: [],
    planned: planned.map((p) => ({ photoId: p.photo_id, from: p.source, to: p.dest })),
  };
  if (dryRun || planned.length === 0) return report;
  await mkdir(folder, { recursive: true });
  for (let i = 0; i < planned.length; i += CHUNK) {
    const intents = await actions.record(planned.slice(i, i + CHUNK));
    const outcomes: FileActionEntry[] = [];
    for (const intent of intents) {
      const outcome = await perform(rt.fileActionDeps(), intent);
      outcomes.push(outcome);
      if (outcome.state === 'done') report.done += 1;
      else report.failed.push({ photoId: outcome.photo_id, path: outcome.source, message: outcome.message ?? outcome.state });
      rt.deps.bus.emit('albumMirrorProgress', { albumId, done: i + outcomes.length, total: planned.length });
    }
    await actions.record(outcomes);
  }
  return report;
}

/** Undoes one done action: a copy or link is removed (only while the original is intact), a move goes back. */
async function undoOne(rt: AlbumsRuntime, action: FileActionRow): Promise<string | null> {
  const actions = rt.tables.fileActions;
  if (action.mode !== 'move') {
    if (await holds(action.dest, action.sha256)) {
      if (!(await holds(action.source, action.sha256))) return `${action.source} is gone or changed; its copy ${action.dest} was kept`;
      await removeDurably(action.dest);
    }
    await actions.record([{ ...entryOf(action), state: 'undone', message: null }]);
    return null;
  }
  await mkdir(path.dirname(action.source), { recursive: true });
  const back = await freeName(path.dirname(action.source), path.basename(action.source), new Set());
  const actionId = randomUUID();
  const [intent] = await actions.record([
    { ...entryOf(action), action_id: actionId, source: action.dest, dest: back, temp: tempNameFor(back, actionId), state: 'intent', reverts: action.action_id, message: null },
  ]);
  if (!intent) return 'the undo could not be logged';
  const outcome = await perform(rt.fileActionDeps(), intent);
  await actions.record([outcome]);
  if (outcome.state !== 'done') return outcome.message ?? outcome.state;
  await actions.record([{ ...entryOf(action), state: 'undone', message: null }]);
  return null;
}

export function mirrorService(rt: AlbumsRuntime): ApiService<MirrorMethods> {
  return {
    setAlbumMirror({ albumId, folder, mode }) {
      return rt.index.run(async () => {
        const record = rt.record(albumId);
        if (mode !== 'none' && folder === undefined) throw new AppError('INVALID_INPUT', 'setAlbumMirror: folder: a folder is needed to mirror into.');
        const mirror =
          mode === 'none' || folder === undefined
            ? null
            : { folder: await checkMirrorFolder(folder, mode, rt.deps.libraryDir, rt.deps.roots()), mode };
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
          const problem = await undoOne(rt, action);
          if (problem === null) report.restored += 1;
          else report.failed.push({ path: action.dest, message: problem });
        }
        return report;
      });
    },
  };
}
