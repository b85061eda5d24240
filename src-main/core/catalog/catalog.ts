import * as lancedb from '@lancedb/lancedb';
import { mkdir } from 'node:fs/promises';
import { AppError } from '../../contract/errors.js';
import { migrate } from './migrations.js';
import { FailureStore } from './failures.js';
import { PhotoStore } from './photo-store.js';
import { warmTableIndex } from './photo-vectors.js';
import { MomentStore } from './moment-store.js';
import { failuresSchema, momentsSchema, photosSchema } from './schema.js';

/**
 * The LanceDB catalogue of one library: photos (with vectors), failures, and the schema meta.
 * Writes go through the stores, which batch and compact; reads of the per-photo keys are
 * served from memory (see PhotoStore).
 */
export interface Catalog {
  readonly dir: string;
  readonly photos: PhotoStore;
  readonly failures: FailureStore;
  /** the sampled frames of videos, for the same model as `photos` */
  readonly moments: MomentStore;
  /** the read of the ANN index started at open ([Note: the index read at open]); null when none was asked for */
  readonly indexRead: Promise<void> | null;
  close(): Promise<void>;
}

/** The moments table beside a model's photos table: `moments` beside `photos`, `moments__m` beside `photos__m`. */
export function momentsTableFor(photosTable: string): string {
  return photosTable.replace(/^photos/, 'moments');
}

/**
 * `photosTable`: the vector table of the model in use (see [Note: one vector table per model] in vector-tables.ts).
 * `warmIndex`: start LanceDB's read of the ANN index before the keys load ([Note: the index read at open]).
 */
export async function openCatalog(dir: string, dimension: number, photosTable = 'photos', options: { warmIndex?: boolean } = {}): Promise<Catalog> {
  await mkdir(dir, { recursive: true });
  let db: lancedb.Connection;
  try {
    db = await lancedb.connect(dir);
  } catch (error) {
    throw new AppError('CATALOG_ERROR', `Cannot open the catalogue in ${dir}: ${String(error)}`, undefined, {
      cause: error,
    });
  }
  const names = await db.tableNames();
  await migrate(db, !names.includes('photos'));
  const vectorsTable = names.includes(photosTable)
    ? await db.openTable(photosTable)
    : await db.createEmptyTable(photosTable, photosSchema(dimension), { existOk: true });
  const failuresTable = names.includes('failures')
    ? await db.openTable('failures')
    : await db.createEmptyTable('failures', failuresSchema(), { existOk: true });
  // created when missing, so a library written before videos were indexed opens as it was
  const momentsName = momentsTableFor(photosTable);
  const momentsTable = names.includes(momentsName)
    ? await db.openTable(momentsName)
    : await db.createEmptyTable(momentsName, momentsSchema(dimension), { existOk: true });
  const indexRead = options.warmIndex === true ? warmTableIndex(vectorsTable, dimension) : null;
  const photos = await PhotoStore.open(vectorsTable, dimension);
  const failures = await FailureStore.open(failuresTable);
  const moments = await MomentStore.open(momentsTable);
  photos.onRemoved = (ids) => moments.remove(ids);
  await moments.sweep((id) => photos.has(id));
  let closed = false;
  return {
    dir,
    photos,
    failures,
    moments,
    indexRead,
    async close() {
      if (closed) return;
      closed = true;
      await photos.flush();
      vectorsTable.close();
      failuresTable.close();
      momentsTable.close();
      db.close();
    },
  };
}
