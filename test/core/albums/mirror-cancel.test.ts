import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CancelledCopyError, copyVerified } from '../../../src-main/core/albums/mirror/file-ops.js';
import { planMirror } from '../../../src-main/core/albums/mirror/mirror-plan.js';
import { openAlbumTables } from '../../../src-main/core/catalog/album-tables.js';
import type { PhotoStore } from '../../../src-main/core/catalog/photo-store.js';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

const names = async (folder: string): Promise<string[]> => (await readdir(folder).catch(() => [])).sort();

describe('cancelling a mirror run', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core | null;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(async () => {
    await core?.close();
    await cleanup();
  });

  /** A library of red and blue photos whose album "Red" mirrors by copy into `Red copies`; opens `core`. */
  async function redAlbumMirrored(perColour: number) {
    const photos = path.join(dir, 'photos');
    const red = (await writeColourSet(photos, ['red', 'blue'], perColour))['red'] ?? [];
    const libraryDir = path.join(dir, 'library');
    const opened = await createCore({ libraryDir, modelDir: await tinyModelDir() });
    core = opened;
    await opened.addRoot({ path: photos });
    await opened.rescan({});
    const { id: albumId } = await opened.createAlbum({ name: 'Red', prompts: ['red'], threshold: 0.5 });
    const folder = path.join(dir, 'Red copies');
    await opened.setAlbumMirror({ albumId, folder, mode: 'copy' });
    return { core: opened, red, libraryDir, albumId, folder };
  }

  /** Closes the core, then reads the album's file actions as the log keeps them. */
  async function loggedActions(libraryDir: string, albumId: string) {
    await core?.close();
    core = null;
    const tables = await openAlbumTables(path.join(libraryDir, 'catalog'));
    try {
      return tables.fileActions.actions().filter((a) => a.album_id === albumId);
    } finally {
      await tables.close();
    }
  }

  it('stops after the file under way: done copies stay and undo, the copy being made is removed, the log says cancelled', async () => {
    const setup = await redAlbumMirrored(4);
    core = setup.core;
    const { red, libraryDir, albumId, folder } = setup;
    expect(await core.cancelAlbumMirror({ albumId })).toEqual({ cancelled: false });

    // cancel as soon as the first photo is copied, as the dialog's button or Ctrl-C would
    const answers: Promise<{ cancelled: boolean }>[] = [];
    const live = core;
    const off = live.on('albumMirrorProgress', () => answers.push(live.cancelAlbumMirror({})));
    const report = await live.applyAlbumMirror({ albumId });
    off();
    expect((await Promise.all(answers))[0]).toEqual({ cancelled: true });
    expect(report).toMatchObject({ cancelled: true, failed: [] });
    expect(report.planned).toHaveLength(red.length);
    expect(report.done).toBeGreaterThanOrEqual(1);
    expect(report.done).toBeLessThan(red.length);
    // no partial copy under its hidden temporary name is left behind
    const copies = await names(folder);
    expect(copies.filter((name) => name.startsWith('.shoebox-'))).toEqual([]);
    expect(copies).toHaveLength(report.done);
    for (const file of red) expect((await stat(file)).isFile()).toBe(true);

    // what was done is undoable; a second run finishes the rest
    expect(await core.undoMirror({ albumId })).toMatchObject({ restored: report.done, failed: [] });
    expect(await names(folder)).toEqual([]);
    expect(await core.applyAlbumMirror({ albumId })).toMatchObject({ cancelled: false, done: red.length });
    const actions = await loggedActions(libraryDir, albumId);
    expect(actions.some((a) => a.state === 'intent')).toBe(false);
    const cancelled = actions.filter((a) => a.state === 'rolled-back');
    expect(cancelled.length).toBe(red.length - report.done);
    for (const a of cancelled) expect(a.message).toMatch(/cancelled/);
  });

  it('a cancel that comes while the run waits its turn or plans stops it before anything is logged or copied', async () => {
    const setup = await redAlbumMirrored(3);
    core = setup.core;
    const { red, libraryDir, albumId, folder } = setup;

    // two runs asked for at once: the second waits for the first; one cancel reaches both before either plans
    const first = core.applyAlbumMirror({ albumId });
    const second = core.applyAlbumMirror({ albumId });
    expect(await core.cancelAlbumMirror({ albumId })).toEqual({ cancelled: true });
    for (const report of [await first, await second]) expect(report).toMatchObject({ cancelled: true, done: 0, skipped: 0, planned: [], failed: [] });
    expect(await names(folder)).toEqual([]);
    // the runs are over: nothing left to cancel, and the next run copies every member
    expect(await core.cancelAlbumMirror({ albumId })).toEqual({ cancelled: false });
    expect(await core.applyAlbumMirror({ albumId })).toMatchObject({ cancelled: false, done: red.length });
    // only the finished run's copies were ever logged
    expect((await loggedActions(libraryDir, albumId)).map((a) => a.state)).toEqual(red.map(() => 'done'));
  });

  it('a plan asked to stop looks at no member', async () => {
    const controller = new AbortController();
    controller.abort();
    const looked: string[] = [];
    // (only the member loop is under test: a store that notes each member looked up)
    const photos = { key: (id: string) => void looked.push(id) } as unknown as PhotoStore;
    const tables = await openAlbumTables(path.join(dir, 'catalog'));
    try {
      const input = { albumId: 'a', members: new Set(['p', 'q']), folder: dir, mode: 'copy' as const, photos, actions: tables.fileActions };
      expect(await planMirror({ ...input, signal: controller.signal })).toEqual([]);
      expect(looked).toEqual([]);
      // the same plan not stopped looks at each member
      expect(await planMirror(input)).toEqual([]);
      expect(looked).toEqual(['p', 'q']);
    } finally {
      await tables.close();
    }
  });

  it('a copy cancelled mid-way removes its partial file and keeps the original', async () => {
    const source = path.join(dir, 'big.bin');
    const bytes = Buffer.alloc(4 * 1024 * 1024, 7);
    await writeFile(source, bytes);
    const temp = path.join(dir, '.shoebox-test.part');
    const controller = new AbortController();
    controller.abort();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await expect(copyVerified(source, temp, sha256, controller.signal)).rejects.toBeInstanceOf(CancelledCopyError);
    expect(await names(dir)).not.toContain('.shoebox-test.part');
    expect((await readFile(source)).equals(bytes)).toBe(true);
  });
});
