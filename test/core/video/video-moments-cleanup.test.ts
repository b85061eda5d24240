import * as lancedb from '@lancedb/lancedb';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { colourClip } from '../../helpers/videos.js';

/** The photo ids that have rows in the library's moments tables (read with the core closed). */
async function momentOwners(catalogDir: string): Promise<string[]> {
  const db = await lancedb.connect(catalogDir);
  const owners = new Set<string>();
  for (const name of (await db.tableNames()).filter((n) => n.startsWith('moments'))) {
    const table = await db.openTable(name);
    for (const row of (await table.query().select(['photo_id']).toArray()) as { photo_id: string }[]) owners.add(row.photo_id);
    table.close();
  }
  db.close();
  return [...owners].sort();
}

describe('the moments of a video that leaves the library', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core | null = null;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => {
    await core?.close();
    await cleanup();
  });

  it('go when it is deleted, when its folder leaves the roots, and (left by a crash) when the library opens', async () => {
    const library = path.join(dir, 'library');
    const catalog = path.join(library, 'catalog');
    const model = await tinyModelDir();
    const home = path.join(dir, 'home');
    const trips = path.join(dir, 'trips');
    const deleted = await colourClip(path.join(home, 'deleted.mp4'), [['red', 1], ['blue', 1]]);
    await colourClip(path.join(home, 'kept.mp4'), [['green', 1], ['yellow', 1]]);
    await colourClip(path.join(trips, 'trip.mp4'), [['blue', 1], ['red', 1]]);
    core = await createCore({ libraryDir: library, modelDir: model });
    await core.addRoot({ path: home });
    await core.addRoot({ path: trips });
    expect(await core.rescan({})).toMatchObject({ indexed: 3, failed: [] });
    const ids = new Map((await core.listPhotos({})).photos.map((p) => [path.basename(p.path), p.id]));
    const idOf = (name: string): string => ids.get(name) ?? '';
    await core.close();
    expect(await momentOwners(catalog)).toEqual([idOf('deleted.mp4'), idOf('kept.mp4'), idOf('trip.mp4')].sort());

    core = await createCore({ libraryDir: library, modelDir: model });
    await rm(deleted);
    expect(await core.rescan({})).toMatchObject({ removed: 1 });
    await core.removeRoot({ path: trips });
    await core.close();
    core = null;
    expect(await momentOwners(catalog)).toEqual([idOf('kept.mp4')]);

    // a crash between the photo's delete and its moments' delete: the rows are there, the video is not
    const db = await lancedb.connect(catalog);
    const table = await db.openTable((await db.tableNames()).find((n) => n.startsWith('moments')) ?? 'moments');
    const [row] = (await table.query().limit(1).toArray()) as Record<string, unknown>[];
    await table.add([{ ...row, photo_id: 'gone-video', vector: Array.from(row?.['vector'] as ArrayLike<number>) }]);
    table.close();
    db.close();
    expect(await momentOwners(catalog)).toEqual(['gone-video', idOf('kept.mp4')].sort());
    core = await createCore({ libraryDir: library, modelDir: model });
    await core.close();
    core = null;
    expect(await momentOwners(catalog)).toEqual([idOf('kept.mp4')]);
  });
});
