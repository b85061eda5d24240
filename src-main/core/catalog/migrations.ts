import type { Connection, Table } from '@lancedb/lancedb';
import { AppError } from '../../contract/errors.js';
import { metaSchema, SCHEMA_VERSION, sqlString } from './schema.js';

/**
 * Numbered schema steps. Step N upgrades a library from version N-1 to N; a fresh library is
 * created at the newest version directly, so the steps run only for libraries written before.
 */
type Migration = (db: Connection) => Promise<void>;
const MIGRATIONS: Record<number, Migration> = {};

export async function readMeta(meta: Table, key: string): Promise<string | null> {
  const rows = (await meta.query().where(`key = ${sqlString(key)}`).limit(1).toArray()) as { value?: unknown }[];
  const value = rows[0]?.value;
  return typeof value === 'string' ? value : null;
}

export async function writeMeta(meta: Table, key: string, value: string): Promise<void> {
  await meta.mergeInsert('key').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute([{ key, value }]);
}

/** Opens (or creates) the meta table and brings the library to SCHEMA_VERSION. */
export async function migrate(db: Connection, isNew: boolean): Promise<Table> {
  const names = await db.tableNames();
  const meta = names.includes('meta')
    ? await db.openTable('meta')
    : await db.createEmptyTable('meta', metaSchema(), { existOk: true });
  const stored = await readMeta(meta, 'schema_version');
  let version = stored === null ? (isNew ? SCHEMA_VERSION : 1) : Number(stored);
  if (!Number.isInteger(version) || version < 1) {
    throw new AppError('CATALOG_ERROR', `The library's schema version "${stored ?? ''}" is not readable.`);
  }
  if (version > SCHEMA_VERSION) {
    throw new AppError(
      'CATALOG_ERROR',
      `This library was written by a newer Shoebox (schema ${version}, this one reads up to ${SCHEMA_VERSION}). Update Shoebox to open it.`,
    );
  }
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version + 1];
    if (step === undefined) throw new AppError('INTERNAL', `No migration to schema ${version + 1}.`);
    await step(db);
    version += 1;
    await writeMeta(meta, 'schema_version', String(version));
  }
  if (stored === null) await writeMeta(meta, 'schema_version', String(version));
  return meta;
}
