import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { writeTinyClipModel } from '../../fixtures/tiny-clip.js';
import { MULTILINGUAL_EMBEDDING, writeTinyMultilingualModel } from '../../fixtures/tiny-multilingual.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/**
 * A library embedded with the tiny CLIP (installed as clip-vit-b32, shaped like it: 512 dimensions), then
 * the tiny multilingual tower imported from a folder in the hub's layout: Chinese finds the photos at once,
 * from the vectors already in the library.
 */
describe('search and albums in Chinese through the multilingual text tower', () => {
  let core: Core;
  let cleanup: () => Promise<void>;
  let files: Record<string, string[]>;
  let hubFolder: string;
  const sorted = (list: readonly string[] | undefined): string[] => [...(list ?? [])].sort();
  const top = async (text: string, count: number): Promise<string[]> =>
    (await core.search({ text, limit: count })).hits.map((h) => h.path).sort();

  beforeAll(async () => {
    const temp = await makeTempDir('shoebox-multilingual-');
    cleanup = temp.cleanup;
    const clip = await writeTinyClipModel(path.join(temp.dir, 'tiny-clip'), {
      embeddingSize: MULTILINGUAL_EMBEDDING,
    });
    hubFolder = (
      await writeTinyMultilingualModel(path.join(temp.dir, 'hub', 'clip-ViT-B-32-multilingual-v1'))
    ).dir;
    files = await writeColourSet(path.join(temp.dir, 'photos'), ['red', 'green', 'blue', 'dark'], 2);
    core = await createCore({ libraryDir: path.join(temp.dir, 'library') });
    await core.importModel({ path: clip.dir, id: 'clip-vit-b32' });
    await core.useModel({ id: 'clip-vit-b32' });
    await core.addRoot({ path: path.join(temp.dir, 'photos') });
    await core.rescan({});
  });
  afterAll(async () => {
    await core.close();
    await cleanup();
  });

  it('without the add-on a Chinese query matches nothing; CLIP reads the English one', async () => {
    expect((await core.search({ text: '红' })).nothingMatched).toBe(true);
    expect(await top('red', 2)).toEqual(sorted(files['red']));
    expect((await core.modelStatus({})).multilingual).toBeNull();
  });

  it('after `model import` of the folder, 红 finds the red photos from the vectors already there', async () => {
    const before = (await core.listPhotos({ limit: 100 })).photos.map((p) => p.id).sort();
    const listed = await core.importModel({ path: hubFolder });
    expect(listed).toMatchObject({ id: 'clip-multilingual-b32', textOnly: true });
    const status = await core.modelStatus({});
    expect(status).toMatchObject({ multilingual: 'clip-multilingual-b32', switching: null });
    expect(status.serving?.id).toBe('clip-vit-b32');

    const result = await core.search({ text: '红' });
    expect(result.nothingMatched).toBe(false);
    expect(result.bestCount).toBe(2);
    expect(
      result.hits
        .slice(0, 2)
        .map((h) => h.path)
        .sort(),
    ).toEqual(sorted(files['red']));
    expect(await top('蓝色', 2)).toEqual(sorted(files['blue']));
    expect(await top('绿色的照片', 2)).toEqual(sorted(files['green']));
    expect(await top('暗', 2)).toEqual(sorted(files['dark']));
    // no photo was embedded again: same photos, no model switch
    expect((await core.listPhotos({ limit: 100 })).photos.map((p) => p.id).sort()).toEqual(before);
    expect((await core.modelStatus({})).switching).toBeNull();
  });

  it('mixes languages and arithmetic: each term is read by its own tower, negatives included', async () => {
    expect(await top('红 + blue', 4)).toEqual(sorted([...(files['red'] ?? []), ...(files['blue'] ?? [])]));
    const notRed = (await core.search({ text: '暗 -红' })).hits
      .slice(0, 2)
      .map((h) => h.path)
      .sort();
    expect(notRed).toEqual(sorted(files['dark']));
  });

  it('an album made from 红色 fills with the red photos', async () => {
    const album = await core.createAlbum({ name: '红色的照片', prompts: ['红色'] });
    const page = await core.albumPhotos({ albumId: album.id });
    expect(page.photos.map((p) => p.path).sort()).toEqual(sorted(files['red']));
  });

  it('zero-shot in Chinese ranks the photo’s colour first', async () => {
    const photo = (await core.listPhotos({ limit: 100 })).photos.find((p) => p.path === files['green']?.[0]);
    const scores = await core.classify({ photoId: photo?.id ?? '', prompts: ['红', '绿', '蓝'] });
    expect(scores[0]?.prompt).toBe('绿');
  });

  it('the setting forces a tower: "dunkel" (German, one plain word) reads as English until multilingual is forced', async () => {
    expect((await core.search({ text: 'dunkel' })).nothingMatched).toBe(true);
    const forced = await core.setTextTower({ tower: 'multilingual' });
    expect(forced.settings.textTower).toBe('multilingual');
    expect(await top('dunkel', 2)).toEqual(sorted(files['dark']));
    await core.setTextTower({ tower: 'clip' });
    expect((await core.search({ text: '红' })).nothingMatched).toBe(true);
    await core.setTextTower({ tower: 'auto' });
  });

  it('removing the add-on sends Chinese back to CLIP’s tower, which does not understand it', async () => {
    await core.removeModel({ id: 'clip-multilingual-b32' });
    expect((await core.modelStatus({})).multilingual).toBeNull();
    expect((await core.search({ text: '红' })).nothingMatched).toBe(true);
  });
});
