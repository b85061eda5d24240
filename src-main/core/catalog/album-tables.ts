import * as lancedb from '@lancedb/lancedb';
import type { Connection, Table } from '@lancedb/lancedb';
import { AppError } from '../../contract/errors.js';
import type { ArrowSchema } from './arrow.js';
import { albumsSchema, fileActionsSchema, labelsSchema } from './album-schemas.js';
import { AlbumStore } from './albums-store.js';
import { FileActionStore } from './file-actions-store.js';
import { ImportStore, importsSchema } from './imports-store.js';
import { LabelStore } from './labels-store.js';
import { MarkStore, marksSchema } from './marks-store.js';

/**
 * The user's own data beside the photos: albums, corrections and tags, and the auto-sort log.
 * They belong to the library, not to a model: a library may hold one vector table per model and
 * open several while switching, but these tables are opened once, on their own connection to the
 * same catalogue folder, so there is only ever one copy of them in memory.
 */
export interface AlbumTables {
  readonly albums: AlbumStore;
  readonly labels: LabelStore;
  readonly fileActions: FileActionStore;
  readonly imports: ImportStore;
  /** favourite, rating, rotation per photo ([Note: marks live in the library]) */
  readonly marks: MarkStore;
  close(): Promise<void>;
}

async function openOrCreate(db: Connection, names: readonly string[], name: string, schema: ArrowSchema): Promise<Table> {
  return names.includes(name) ? db.openTable(name) : db.createEmptyTable(name, schema, { existOk: true });
}

/** Opens the tables, creating any that an older library lacks (new tables, not changes: no migration). */
export async function openAlbumTables(catalogDir: string): Promise<AlbumTables> {
  let db: Connection;
  try {
    db = await lancedb.connect(catalogDir);
  } catch (error) {
    throw new AppError('CATALOG_ERROR', `Cannot open the catalogue in ${catalogDir}: ${String(error)}`, undefined, { cause: error });
  }
  const names = await db.tableNames();
  const tables = [
    await openOrCreate(db, names, 'albums', albumsSchema()),
    await openOrCreate(db, names, 'labels', labelsSchema()),
    await openOrCreate(db, names, 'file_actions', fileActionsSchema()),
    await openOrCreate(db, names, 'imports', importsSchema()),
    await openOrCreate(db, names, 'marks', marksSchema()),
  ] as const;
  const [albumsTable, labelsTable, actionsTable, importsTable, marksTable] = tables;
  const albums = await AlbumStore.open(albumsTable);
  const labels = await LabelStore.open(labelsTable);
  const fileActions = await FileActionStore.open(actionsTable);
  const imports = await ImportStore.open(importsTable);
  const marks = await MarkStore.open(marksTable);
  return {
    albums,
    labels,
    fileActions,
    imports,
    marks,
    async close() {
      await albums.flush();
      await labels.flush();
      await fileActions.flush();
      await imports.flush();
      await marks.flush();
      for (const table of tables) table.close();
      db.close();
    },
  };
}
