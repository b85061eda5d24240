import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openCatalog, type Catalog } from '../../../src-main/core/catalog/catalog.js';
import type { FailureRow } from '../../../src-main/core/catalog/schema.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

function failure(p: string, extra: Partial<FailureRow> = {}): FailureRow {
  return { path: p, root: '/p', size: 10, mtime: 5, code: 'FILE_EMPTY', message: `bad ${p}`, failed_at: 1, ...extra };
}

/** The rows on disk, read back through a fresh catalogue (not the store's memory). */
async function onDisk(db: string): Promise<FailureRow[]> {
  const reopened = await openCatalog(db, 3);
  try {
    return reopened.failures.list().map(({ path: p, root, size, mtime, code, message, failed_at }) => ({
      path: p,
      root,
      size,
      mtime,
      code,
      message,
      failed_at,
    }));
  } finally {
    await reopened.close();
  }
}

describe('the failure store (real LanceDB)', () => {
  let dir: string;
  let db: string;
  let catalog: Catalog;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir('shoebox-failures-'));
    db = path.join(dir, 'catalog');
    catalog = await openCatalog(db, 3);
  });
  afterEach(async () => {
    await catalog.close();
    await cleanup();
  });

  it('knows a failure only for the same path, size and mtime', async () => {
    await catalog.failures.record([failure('/p/x.jpg', { size: 10, mtime: 5 })]);
    expect(catalog.failures.isKnown('/p/x.jpg', 10, 5)).toBe(true);
    expect(catalog.failures.isKnown('/p/x.jpg', 11, 5)).toBe(false);
    expect(catalog.failures.isKnown('/p/x.jpg', 10, 6)).toBe(false);
    expect(catalog.failures.isKnown('/p/y.jpg', 10, 5)).toBe(false);
    expect(catalog.failures.get('/p/x.jpg')).toMatchObject({ code: 'FILE_EMPTY', message: 'bad /p/x.jpg' });
    expect(catalog.failures.get('/p/y.jpg')).toBeUndefined();
  });

  it('lists by path, counts, and keeps every field across a reopen', async () => {
    await catalog.failures.record([failure('/p/c.jpg'), failure('/p/a.jpg', { code: 'DECODE_FAILED', size: 7 })]);
    await catalog.failures.record([failure('/p/b.jpg')]);
    expect(catalog.failures.count).toBe(3);
    expect(catalog.failures.list().map((r) => r.path)).toEqual(['/p/a.jpg', '/p/b.jpg', '/p/c.jpg']);
    expect([...catalog.failures.paths()].sort()).toEqual(['/p/a.jpg', '/p/b.jpg', '/p/c.jpg']);
    const saved = await onDisk(db);
    expect(saved.map((r) => r.path)).toEqual(['/p/a.jpg', '/p/b.jpg', '/p/c.jpg']);
    expect(saved[0]).toEqual(failure('/p/a.jpg', { code: 'DECODE_FAILED', size: 7 }));
  });

  it('a second failure of the same path replaces the first, in memory and on disk', async () => {
    await catalog.failures.record([failure('/p/x.jpg', { size: 1, code: 'FILE_EMPTY' })]);
    await catalog.failures.record([failure('/p/x.jpg', { size: 2, code: 'DECODE_FAILED' })]);
    expect(catalog.failures.count).toBe(1);
    expect(catalog.failures.isKnown('/p/x.jpg', 2, 5)).toBe(true);
    expect(catalog.failures.isKnown('/p/x.jpg', 1, 5)).toBe(false);
    expect(await onDisk(db)).toEqual([failure('/p/x.jpg', { size: 2, code: 'DECODE_FAILED' })]);
  });

  it('recording nothing writes nothing', async () => {
    await catalog.failures.record([failure('/p/x.jpg')]);
    await catalog.failures.record([]);
    expect(catalog.failures.count).toBe(1);
    expect(await onDisk(db)).toHaveLength(1);
  });

  it('clears many paths (more than one batch), quotes included, and ignores paths it does not know', async () => {
    const paths = Array.from({ length: 450 }, (_, i) => `/p/it's ${String(i).padStart(3, '0')}.jpg`);
    await catalog.failures.record(paths.map((p) => failure(p)));
    expect(catalog.failures.count).toBe(450);
    const keep = paths.slice(420);
    await catalog.failures.clear([...paths.slice(0, 420), '/p/never failed.jpg']);
    expect(catalog.failures.count).toBe(30);
    expect(catalog.failures.list().map((r) => r.path)).toEqual(keep);
    expect(catalog.failures.get(paths[0] ?? '')).toBeUndefined();
    expect(catalog.failures.get(paths[419] ?? '')).toBeUndefined();
    expect((await onDisk(db)).map((r) => r.path)).toEqual(keep);
  });

  it('clearing nothing, or only unknown paths, keeps every row', async () => {
    await catalog.failures.record([failure('/p/x.jpg')]);
    await catalog.failures.clear([]);
    await catalog.failures.clear(['/p/other.jpg']);
    expect(catalog.failures.count).toBe(1);
    expect(await onDisk(db)).toHaveLength(1);
  });
});
