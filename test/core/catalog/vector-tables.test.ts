import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as lancedb from '@lancedb/lancedb';
import path from 'node:path';
import { VectorTables } from '../../../src-main/core/catalog/vector-tables.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('the serving record', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  async function metaVersion(catalogDir: string): Promise<number> {
    const db = await lancedb.connect(catalogDir);
    const meta = await db.openTable('meta');
    const version = await meta.version();
    meta.close();
    db.close();
    return version;
  }

  it('is written when it changes and not when an open sets what is stored already', async () => {
    const catalogDir = path.join(dir, 'catalog');
    const first = { id: 'model-a', dir: '/models/a', table: 'photos' };
    let tables = await VectorTables.open(catalogDir);
    expect(await tables.serving()).toBeNull();
    await tables.setServing(first);
    tables.close();

    // a later open reads the record and sets the same one: no commit
    const before = await metaVersion(catalogDir);
    tables = await VectorTables.open(catalogDir);
    expect(await tables.serving()).toEqual(first);
    await tables.setServing({ ...first });
    tables.close();
    expect(await metaVersion(catalogDir)).toBe(before);

    // another folder for the same model, then another model: each is written
    const moved = { ...first, dir: '/models/a-moved' };
    tables = await VectorTables.open(catalogDir);
    await tables.serving();
    await tables.setServing(moved);
    await tables.setServing(moved);
    tables.close();
    expect(await metaVersion(catalogDir)).toBe(before + 1);
    tables = await VectorTables.open(catalogDir);
    expect(await tables.serving()).toEqual(moved);
    // set without reading first: written, whatever is stored
    await tables.setServing({ id: 'model-b', dir: '/models/b', table: 'photos__model-b' });
    tables.close();
    tables = await VectorTables.open(catalogDir);
    expect(await tables.serving()).toEqual({ id: 'model-b', dir: '/models/b', table: 'photos__model-b' });
    tables.close();
  });
});
