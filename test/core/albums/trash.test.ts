import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

const sha = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');
const attempt = <T>(call: () => Promise<T>): Promise<T> => Promise.resolve().then(call);

describe('trash, export copies and show in folder', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core | null = null;
  const opened: string[] = [];
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(async () => {
    await core?.close();
    core = null;
    await cleanup();
  });

  const indexed = async () => {
    const photos = path.join(dir, 'photos');
    const set = await writeColourSet(photos, ['red', 'blue'], 2);
    const files = Object.values(set).flat();
    const before = new Map(await Promise.all(files.map(async (f) => [f, await sha(f)] as const)));
    // the file manager cannot exist here: the opener is the one part given in
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir(), openFolder: (f) => { opened.push(f); return Promise.resolve(true); } });
    await core.addRoot({ path: photos });
    await core.rescan({});
    const listed = (await core.listPhotos({})).photos;
    const id = (name: string): string => listed.find((p) => path.basename(p.path) === name)?.id ?? '';
    return { c: core, files, before, id, photos };
  };

  it('moves photos into the library trash and back, keeping their ids, marks and tags; emptying makes it final', async () => {
    const { c, before, id, photos } = await indexed();
    const removed: string[] = [];
    c.on('photoRemoved', ({ id: gone }) => removed.push(gone));
    const red = [id('red-0.jpg'), id('red-1.jpg')];
    await c.setMarks({ photoIds: red, favourite: true, rating: 5 });
    await c.tagPhotos({ photoIds: red, tag: 'keep' });

    const trashed = await c.trashPhotos({ photoIds: red });
    expect(trashed).toMatchObject({ place: 'library', trashed: red, failed: [] });
    expect(removed.sort()).toEqual([...red].sort());
    expect((await c.listPhotos({})).photos.map((p) => path.basename(p.path)).sort()).toEqual(['blue-0.jpg', 'blue-1.jpg']);
    expect((await readdir(photos)).sort()).toEqual(['blue-0.jpg', 'blue-1.jpg']);
    const [batch] = await c.listTrash({});
    expect(batch?.photos.map((p) => path.basename(p.path)).sort()).toEqual(['red-0.jpg', 'red-1.jpg']);
    for (const p of batch?.photos ?? []) expect(await sha(p.path)).toBe(before.get(p.from));

    const undone = await c.undoTrash({});
    expect(undone).toMatchObject({ batchId: trashed.batchId, restored: 2, failed: [] });
    expect((await c.listPhotos({})).total).toBe(4);
    expect((await c.markedPhotos({ favourite: true })).photos.map((p) => p.id).sort()).toEqual([...red].sort());
    expect(await c.listTags({})).toEqual([{ tag: 'keep', count: 2 }]);
    for (const [file, hash] of before) expect(await sha(file)).toBe(hash);
    expect(await c.listTrash({})).toEqual([]);

    await c.trashPhotos({ photoIds: [id('blue-0.jpg')] });
    expect(await c.emptyTrash({})).toEqual({ removed: 1 });
    expect(await c.listTrash({})).toEqual([]);
    await expect(attempt(() => c.undoTrash({}))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await readdir(photos)).sort()).toEqual(['blue-1.jpg', 'red-0.jpg', 'red-1.jpg']);
  });

  it('exports verified copies without touching the originals, opens the folder, forgets only files that are gone', async () => {
    const { c, files, before, id } = await indexed();
    const out = path.join(dir, 'export');
    const report = await c.exportCopies({ photoIds: [id('red-0.jpg'), id('blue-1.jpg')], folder: out });
    expect(report).toEqual({ folder: out, copied: 2, failed: [] });
    expect((await readdir(out)).sort()).toEqual(['blue-1.jpg', 'red-0.jpg']);
    expect(await sha(path.join(out, 'red-0.jpg'))).toBe(before.get(files.find((f) => f.endsWith('red-0.jpg')) ?? ''));
    const again = await c.exportCopies({ photoIds: [id('red-0.jpg')], folder: out });
    expect(again.copied).toBe(1);
    expect((await readdir(out)).sort()).toEqual(['blue-1.jpg', 'red-0 (2).jpg', 'red-0.jpg']);
    await expect(attempt(() => c.exportCopies({ photoIds: [id('red-0.jpg')], folder: path.join(dir, 'library', 'x') }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    expect(await c.showInFolder({ photoId: id('red-1.jpg') })).toEqual({ folder: path.join(dir, 'photos'), opened: true });
    expect(opened).toEqual([path.join(dir, 'photos')]);

    const blue0 = files.find((f) => f.endsWith('blue-0.jpg')) ?? '';
    expect(await c.locatePhotos({ photoIds: [id('blue-0.jpg')] })).toEqual([{ id: id('blue-0.jpg'), path: blue0 }]);
    await rm(blue0);
    expect(await c.forgetPhotos({ photoIds: [id('blue-0.jpg'), id('blue-1.jpg')] })).toEqual({ forgotten: [id('blue-0.jpg')] });
    expect((await c.listPhotos({})).total).toBe(3);
    for (const [file, hash] of before) if (file !== blue0) expect(await sha(file)).toBe(hash);
  });
});
