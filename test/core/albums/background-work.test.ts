import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import type { BackgroundWorkProgress } from '../../../src-main/contract/albums.js';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

const attempt = <T>(call: () => Promise<T>): Promise<T> => Promise.resolve().then(call);

/** The duplicates scan and album scoring through the core, in the vector work's thread (vectorWorkerFrom 0). */
describe('background work through the core', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core;
  let events: BackgroundWorkProgress[];
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    const photos = path.join(dir, 'photos');
    const red = (await writeColourSet(photos, ['red', 'blue', 'green'], 2))['red'] ?? [];
    await copyFile(red[0] ?? '', path.join(photos, 'red-copy.jpg'));
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir(), vectorWorkerFrom: 0 });
    await core.addRoot({ path: photos });
    await core.rescan({});
    events = [];
    core.on('backgroundWork', (p) => events.push(p));
  });
  afterEach(async () => {
    await core.close();
    await cleanup();
  });

  it('finds duplicates in the worker with progress, and cancelWork stops a running scan', async () => {
    const report = await core.findDuplicates({});
    expect(report.groups.find((g) => g.kind === 'exact')?.photos.map((p) => path.basename(p.path)).sort()).toEqual(['red-0.jpg', 'red-copy.jpg']);
    expect(report).not.toHaveProperty('threadId');
    expect(events[0]).toMatchObject({ job: 'duplicates', phase: 'reading', state: 'running' });
    expect(events.at(-1)).toMatchObject({ job: 'duplicates', state: 'finished', etaSeconds: 0 });
    expect(await core.cancelWork({ job: 'duplicates' })).toEqual({ cancelled: false });

    events.length = 0;
    const cancels: Promise<{ cancelled: boolean }>[] = [];
    const off = core.on('backgroundWork', (p) => {
      if (p.state === 'running' && cancels.length === 0) cancels.push(core.cancelWork({ job: 'duplicates' }));
    });
    await expect(attempt(() => core.findDuplicates({}))).rejects.toMatchObject({ code: 'CANCELLED' });
    off();
    expect(await cancels[0]).toEqual({ cancelled: true });
    expect(events.at(-1)).toMatchObject({ job: 'duplicates', state: 'cancelled' });
    // the next scan runs as before
    expect((await core.findDuplicates({})).groups).toEqual(report.groups);
  });

  it('scores albums in the worker with progress; a cancelled scoring is done again at the next use', async () => {
    const album = await core.createAlbum({ name: 'Red', prompts: ['red'], threshold: 0.5 });
    expect(album.memberCount).toBe(3);
    expect(events.some((p) => p.job === 'albums' && p.phase === 'scoring' && p.state === 'running')).toBe(true);
    expect(events.at(-1)).toMatchObject({ job: 'albums', state: 'finished' });

    const off = core.on('backgroundWork', (p) => {
      if (p.state === 'running') void core.cancelWork({ job: 'albums' });
    });
    await expect(attempt(() => core.updateAlbum({ albumId: album.id, threshold: 0.6 }))).rejects.toMatchObject({ code: 'CANCELLED' });
    off();
    expect(events.at(-1)).toMatchObject({ job: 'albums', state: 'cancelled' });
    const again = await core.getAlbum({ albumId: album.id });
    expect(again.memberCount).toBe(3);
    expect((await core.albumPhotos({ albumId: album.id })).photos.map((p) => path.basename(p.path)).sort()).toEqual(['red-0.jpg', 'red-1.jpg', 'red-copy.jpg']);
  });
});
