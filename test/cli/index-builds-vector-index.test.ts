import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as lancedb from '@lancedb/lancedb';
import path from 'node:path';
import { INDEX_NAME } from '../../src-main/core/catalog/vector-index.js';
import { libraryPaths } from '../../src-main/core/library/library-paths.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { writePhoto } from '../helpers/photos.js';
import { tinyModelDir } from '../helpers/tiny-model.js';
import { cli } from './cli-io.js';

/** Rows the ANN index of the library's photos table covers, or null without one. */
async function indexedRows(library: string): Promise<number | null> {
  const db = await lancedb.connect(libraryPaths(library).catalog);
  const table = await db.openTable('photos');
  try {
    return (await table.indexStats(INDEX_NAME))?.numIndexedRows ?? null;
  } finally {
    table.close();
    db.close();
  }
}

describe('shoebox index', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => {
    delete process.env['SHOEBOX_TEST_INDEX_MIN_ROWS'];
    await cleanup();
  });

  it('builds the vector index once the library crosses the threshold, so the next search is not an exact scan', async () => {
    const photos = path.join(dir, 'photos');
    const library = path.join(dir, 'library');
    const model = await tinyModelDir();
    for (let i = 0; i < 12; i += 1) await writePhoto(path.join(photos, `p${i}.jpg`), [20 * i, 100, 255 - 20 * i], { seed: i + 1, width: 64, height: 48 });
    // the threshold lowered to 20 photos: 12 stay under it, no index
    process.env['SHOEBOX_TEST_INDEX_MIN_ROWS'] = '20';
    expect((await cli('index', photos, '--library', library, '--model', model)).code).toBe(0);
    expect(await indexedRows(library)).toBeNull();
    // at 10 the same library is over it: the command builds the index before it exits
    process.env['SHOEBOX_TEST_INDEX_MIN_ROWS'] = '10';
    expect((await cli('index', photos, '--library', library, '--model', model)).code).toBe(0);
    expect(await indexedRows(library)).toBe(12);
    const search = await cli('search', 'blue', '--library', library, '--model', model, '--json');
    expect(search.code).toBe(0);
  });
});
