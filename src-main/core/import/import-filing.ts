import path from 'node:path';
import type { FilingLine, ImportRecord } from '../../contract/imports.js';
import { fromRow } from '../albums/album-record.js';
import type { AlbumsRuntime } from '../albums/albums-runtime.js';
import { performPlanned } from '../albums/mirror/file-actions.js';
import { checkMirrorFolder, planMirror } from '../albums/mirror/mirror-plan.js';
import { makeFolder } from './import-copy.js';

/**
 * Files the photos an import just brought in where their albums' filing rules say (an album's
 * folder with `fileImports`), through the mirror's logged, verified file actions. Only this
 * import's photos are considered, so older photos never move because a rule was added. Fills
 * `record.filing`: one line per album that took photos, and one per folder for those that stayed.
 */
export async function fileImported(rt: AlbumsRuntime, record: ImportRecord, save: () => Promise<void>): Promise<void> {
  const photos = rt.deps.serving()?.photos ?? null;
  const ids = new Map<string, string>();
  for (const file of record.files) {
    const key = photos?.keyByPath(file.to);
    if (key) ids.set(key.id, file.to);
  }
  const movedAway = new Set<string>();
  record.filing = [];
  if (photos && ids.size > 0) {
    await rt.settleArrivals();
    for (const album of rt.tables.albums.list().map(fromRow)) {
      const rule = album.mirror;
      if (!rule?.fileImports) continue;
      const members = await rt.index.run(() => rt.index.members(album.id));
      const fresh = new Set([...ids.keys()].filter((id) => members.has(id)));
      if (fresh.size === 0) continue;
      const folder = await checkMirrorFolder(rule.folder, rule.mode, rt.deps.libraryDir, rt.deps.roots());
      const planned = await planMirror({ albumId: album.id, members: fresh, folder, mode: rule.mode, photos, actions: rt.tables.fileActions });
      record.filedActionIds.push(...planned.map((p) => p.action_id));
      await makeFolder(folder, record.createdFolders);
      await save();
      let count = 0;
      await performPlanned(rt.fileActionDeps(), planned, (outcome) => {
        if (outcome.state !== 'done') {
          record.failed.push({ path: outcome.source, code: 'FILE_OPERATION_FAILED', message: `filing into ${album.name}: ${outcome.message ?? outcome.state}` });
          return;
        }
        count += 1;
        if (rule.mode === 'move') movedAway.add(ids.get(outcome.photo_id) ?? '');
      });
      record.filing.push({ albumId: album.id, albumName: album.name, folder, mode: rule.mode, count });
    }
  }
  const stayed = new Map<string, number>();
  for (const file of record.files) {
    if (movedAway.has(file.to)) continue;
    const folder = path.relative(record.destination, path.dirname(file.to)) || '.';
    stayed.set(folder, (stayed.get(folder) ?? 0) + 1);
  }
  for (const [folder, count] of [...stayed].sort()) record.filing.push({ albumId: null, albumName: null, folder, mode: null, count } satisfies FilingLine);
}
