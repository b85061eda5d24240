import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openCatalog } from '../../../src-main/core/catalog/catalog.js';
import type { PhotoRow } from '../../../src-main/core/catalog/schema.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

function row(id: string, p: string, vector: number[]): PhotoRow {
  return {
    id,
    content_hash: `c-${id}`,
    full_hash: `f-${id}`,
    path: p,
    root: '/photos',
    size: 100,
    mtime: 1,
    width: 10,
    height: 20,
    taken_at: null,
    taken_offset: null,
    camera: null,
    lat: null,
    lon: null,
    format: 'jpeg',
    model_id: 'tiny',
    indexed_at: Date.now(),
    vector,
  };
}

describe('catalog', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('keeps one row per photo id across repeated upserts and reopening', async () => {
    const db = path.join(dir, 'catalog');
    const catalog = await openCatalog(db, 3);
    await catalog.photos.upsert([row('a', '/photos/a.jpg', [1, 0, 0]), row('b', "/photos/it's b.jpg", [0, 1, 0])]);
    await catalog.photos.upsert([row('a', '/photos/a.jpg', [0, 0, 1])]);
    expect(catalog.photos.count).toBe(2);
    await catalog.close();

    const reopened = await openCatalog(db, 3);
    expect(await reopened.photos.table.countRows()).toBe(2);
    expect(reopened.photos.keyByPath("/photos/it's b.jpg")?.id).toBe('b');
    const vectors = await reopened.photos.vectors(['a']);
    expect(Array.from(vectors.get('a') ?? [])).toEqual([0, 0, 1]);
    await reopened.close();
  });

  it('relocates and removes rows, and refuses a model of another dimension', async () => {
    const db = path.join(dir, 'catalog');
    const catalog = await openCatalog(db, 3);
    await catalog.photos.upsert([row('a', '/photos/a.jpg', [1, 0, 0])]);
    await catalog.photos.relocate('a', '/photos/moved/a.jpg', '/photos', 2);
    expect(catalog.photos.keyByPath('/photos/a.jpg')).toBeUndefined();
    const [meta] = await catalog.photos.get(['a']);
    expect(meta?.path).toBe('/photos/moved/a.jpg');
    await catalog.photos.remove(['a']);
    expect(await catalog.photos.table.countRows()).toBe(0);
    await catalog.close();
    await expect(openCatalog(db, 4)).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  });

  it('remembers failures by path, size and mtime', async () => {
    const catalog = await openCatalog(path.join(dir, 'catalog'), 3);
    await catalog.failures.record([
      { path: '/p/x.jpg', root: '/p', size: 0, mtime: 5, code: 'FILE_EMPTY', message: 'empty', failed_at: 1 },
    ]);
    expect(catalog.failures.isKnown('/p/x.jpg', 0, 5)).toBe(true);
    expect(catalog.failures.isKnown('/p/x.jpg', 10, 6)).toBe(false);
    await catalog.failures.clear(['/p/x.jpg']);
    expect(catalog.failures.count).toBe(0);
    await catalog.close();
  });
});
