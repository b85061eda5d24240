import { rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { ImportRecord, UndoImportReport } from '../../contract/imports.js';
import type { FileActionRow } from '../catalog/album-schemas.js';
import { undoAction, type FileActionDeps } from '../albums/mirror/file-actions.js';
import { exists, holds } from '../albums/mirror/file-ops.js';
import { importActionTag } from './import-copy.js';

/** The done, not yet undone actions of an import: its copies, and what its filing rules did. */
function undoable(deps: FileActionDeps, record: ImportRecord): { filed: FileActionRow[]; copies: FileActionRow[] } {
  const live = (a: FileActionRow | undefined): a is FileActionRow => a?.state === 'done' && a.reverts === null;
  const filed = record.filedActionIds.map((id) => deps.actions.get(id)).filter(live);
  const tag = importActionTag(record.id);
  const copies = deps.actions.actions().filter((a) => a.album_id === tag && live(a));
  return { filed, copies };
}

/**
 * Reverses a whole import, newest action first (see [Note: import log]): what the filing rules
 * moved goes back, their copies and links go, then the import's own copies go, each only while
 * it is unchanged and its source still holds the same bytes; then the folders it made, if empty.
 */
export async function undoImportActions(deps: FileActionDeps, record: ImportRecord): Promise<UndoImportReport> {
  const report: UndoImportReport = { importId: record.id, removed: 0, movedBack: 0, kept: [] };
  const { filed, copies } = undoable(deps, record);
  for (const action of [...filed.reverse(), ...copies.reverse()]) {
    if ((await exists(action.dest)) && !(await holds(action.dest, action.sha256))) {
      report.kept.push({ path: action.dest, message: `${action.dest} changed since the import; it was kept` });
      continue;
    }
    const problem = await undoAction(deps, action);
    if (problem !== null) report.kept.push({ path: action.dest, message: problem });
    else if (action.mode === 'move') report.movedBack += 1;
    else if (action.album_id === importActionTag(record.id)) report.removed += 1;
  }
  // The deepest first, whatever order they were made in (a chunk makes its folders all at once).
  const depth = (folder: string): number => folder.split(path.sep).length;
  for (const folder of [...record.createdFolders].sort((a, b) => depth(b) - depth(a))) {
    await rmdir(folder).catch(() => undefined);
  }
  return report;
}
