import * as lancedb from '@lancedb/lancedb';
import path from 'node:path';

export interface RowCount {
  /** rows in the photos table as stored, duplicates included */
  rows: number;
  ids: number;
  paths: number;
}

/**
 * The rows of a library's first photos table read straight from LanceDB, not through the core (whose
 * in-memory keys would hide a duplicate row): one row per photo means rows = ids = paths.
 */
export async function photoTableRows(library: string, table = 'photos'): Promise<RowCount> {
  const db = await lancedb.connect(path.join(library, 'catalog'));
  try {
    const handle = await db.openTable(table);
    try {
      const rows = (await handle.query().select(['id', 'path']).toArray()) as { id: string; path: string }[];
      return { rows: rows.length, ids: new Set(rows.map((r) => r.id)).size, paths: new Set(rows.map((r) => r.path)).size };
    } finally {
      handle.close();
    }
  } finally {
    db.close();
  }
}
