import { undoAction } from '../../src-main/core/albums/mirror/file-actions.js';
import { openAlbumTables } from '../../src-main/core/catalog/album-tables.js';

/**
 * A process that undoes one logged move of the catalogue at CATALOG, pausing for a minute at its PAUSE-th
 * step (1: the copy back verified at its temp name; 2: the copy placed, the album's file not yet removed)
 * after printing `paused`, so a test can kill it there with SIGKILL.
 */
const [catalog = '', actionId = '', pauseText = '0'] = process.argv.slice(2);
const tables = await openAlbumTables(catalog);
const action = tables.fileActions.get(actionId);
if (action === undefined) throw new Error(`no action ${actionId}`);
let steps = 0;
const why = await undoAction(
  {
    actions: tables.fileActions,
    relocated: () => Promise.resolve(),
    pauseMs: () => {
      steps += 1;
      if (steps !== Number(pauseText)) return 0;
      process.stdout.write('paused\n');
      return 60_000;
    },
  },
  action,
);
process.stdout.write(`finished ${why ?? 'undone'}\n`);
await tables.close();
