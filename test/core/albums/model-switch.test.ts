import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { ModelSwitchEvent } from '../../../src-main/contract/models.js';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { writeTinyClipModel } from '../../fixtures/tiny-clip.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';

describe('albums across a model switch', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core | null = null;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('shoebox-album-switch-')));
  afterEach(async () => {
    await core?.close();
    core = null;
    await cleanup();
  });

  it('keeps albums, corrections and tags, and fits the probe again on the new model’s vectors', async () => {
    const small = (await writeTinyClipModel(path.join(dir, 'tiny-d16'), { embeddingSize: 16 })).dir;
    const photos = path.join(dir, 'photos');
    await writeColourSet(photos, ['red', 'green', 'blue', 'yellow'], 3);
    const library = path.join(dir, 'library');
    const big = await tinyModelDir();
    core = await createCore({ libraryDir: library, modelDir: big });
    await core.addRoot({ path: photos });
    await core.rescan({});
    await core.close();
    core = await createCore({ libraryDir: library });
    await core.useModel({ dir: big });
    const c = core;

    const id = new Map((await c.listPhotos({})).photos.map((p) => [path.basename(p.path, '.jpg'), p.id]));
    const photo = (name: string): string => id.get(name) ?? '';
    const album = await c.createAlbum({ name: 'Red', prompts: ['red'], threshold: 0.5 });
    for (const name of ['red-0', 'red-1', 'yellow-1']) await c.setAlbumMembership({ albumId: album.id, photoId: photo(name), include: true });
    for (const name of ['red-2', 'blue-0', 'green-0']) await c.setAlbumMembership({ albumId: album.id, photoId: photo(name), include: false });
    await c.addTag({ photoId: photo('red-0'), tag: 'favourite' });
    const before = await c.getAlbum({ albumId: album.id });
    expect(before.probe).toMatchObject({ modelId: path.basename(big), positives: 3, negatives: 3 });

    const events: ModelSwitchEvent[] = [];
    c.on('modelSwitch', (e) => events.push(e));
    await c.useModel({ dir: small });
    await waitFor('the switch to finish', () => events.some((e) => e.state === 'done'));

    const after = await c.getAlbum({ albumId: album.id });
    expect(after.probe).toMatchObject({ modelId: 'tiny-d16', positives: 3, negatives: 3 });
    const page = await c.albumPhotos({ albumId: album.id, limit: 100 });
    const members = page.photos.map((p) => path.basename(p.path, '.jpg')).sort();
    expect(members).toEqual(expect.arrayContaining(['red-0', 'red-1', 'yellow-1']));
    expect(members).not.toEqual(expect.arrayContaining(['red-2']));
    expect(members.filter((m) => m.startsWith('blue') || m.startsWith('green'))).toEqual([]);
    expect(page.photos.filter((p) => p.label !== null)).toHaveLength(3);
    expect(await c.listTags({ photoId: photo('red-0') })).toEqual([{ tag: 'favourite', count: 1 }]);
    const view = await c.zeroShot({ photoId: photo('red-1') });
    expect(view.albums[0]?.probability).toBeCloseTo(1, 6);
  });
});
