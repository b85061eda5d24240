import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { ImportRecord } from '../../../src-main/contract/imports.js';
import { openAlbumTables, type AlbumTables } from '../../../src-main/core/catalog/album-tables.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

function record(id: string, startedAt: string, patch: Partial<ImportRecord> = {}): ImportRecord {
  return {
    id, state: 'running', sources: ['/card'], destination: '/pictures', pattern: '{yyyy}', startedAt, finishedAt: null, copied: 0,
    alreadyInLibrary: 0, failed: [], bytes: 0, indexed: 0, erasedFromSource: 0, filing: [], files: [], createdFolders: [], filedActionIds: [],
    message: null, ...patch,
  };
}

describe('the import history (real LanceDB)', () => {
  let db: string;
  let tables: AlbumTables;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    let dir: string;
    ({ dir, cleanup } = await makeTempDir('shoebox-imports-'));
    db = path.join(dir, 'catalog');
    tables = await openAlbumTables(db);
  });
  afterEach(async () => {
    await tables.close();
    await cleanup();
  });

  it('is each import\'s newest row, after a reopen, whatever order the rows are read in; new rows number on', async () => {
    const a = record('a', '2026-07-14T10:00:00Z');
    await tables.imports.save(a);
    const b = record('b', '2026-07-15T10:00:00Z');
    await tables.imports.save(b);
    for (let copied = 1; copied <= 3; copied++) await tables.imports.save({ ...a, copied });
    await tables.imports.save({ ...a, copied: 3, state: 'done', files: [{ from: '/card/1.jpg', to: '/pictures/1.jpg' }] });
    await tables.imports.save({ ...b, state: 'undone' });
    await tables.close();
    tables = await openAlbumTables(db);
    expect(tables.imports.list().map((r) => [r.id, r.state, r.copied, r.files.length])).toEqual([['b', 'undone', 0, 0], ['a', 'done', 3, 1]]);
    // the next row goes after every row there is, so it is the newest at the next open
    await tables.imports.save({ ...a, state: 'undone' });
    await tables.close();
    tables = await openAlbumTables(db);
    expect(tables.imports.get('a')?.state).toBe('undone');
  });
});
