import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

describe('threshold preview and the zero-shot view', () => {
  let cleanup: () => Promise<void>;
  let core: Core;
  let files: Record<string, string[]>;
  beforeAll(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    files = await writeColourSet(path.join(temp.dir, 'photos'), ['red', 'green', 'blue', 'yellow'], 3);
    core = await createCore({ libraryDir: path.join(temp.dir, 'library'), modelDir: await tinyModelDir() });
    await core.addRoot({ path: path.join(temp.dir, 'photos') });
    await core.rescan({});
  });
  afterAll(async () => {
    await core.close();
    await cleanup();
  });

  it('counts photos above each threshold without saving an album, and suggests a cut between the groups', async () => {
    const preview = await core.previewAlbum({ prompts: ['red'], bins: 20 });
    expect(preview.total).toBe(12);
    expect(preview.bins).toHaveLength(20);
    expect(preview.bins.reduce((s, b) => s + b.count, 0)).toBe(12);
    expect(preview.thresholds[0]).toEqual({ threshold: preview.min, count: 12 });
    const counts = preview.thresholds.map((t) => t.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(preview.top.slice(0, 3).every((t) => t.score > 0.5)).toBe(true);
    const reds = preview.thresholds.filter((t) => t.threshold > 0.3 && t.threshold <= (preview.top[2]?.score ?? 1));
    expect(reds.every((t) => t.count === 3)).toBe(true);
    expect(preview.suggestedThreshold).toBeGreaterThan(0.2);
    expect(preview.suggestedThreshold).toBeLessThanOrEqual(preview.top[2]?.score ?? 0);
    expect(await core.listAlbums({})).toEqual([]);

    const negative = await core.previewAlbum({ prompts: ['red', 'yellow'], negativePrompts: ['yellow'] });
    expect(negative.top.slice(0, 3).map((t) => t.id).sort()).toEqual(
      (await core.previewAlbum({ prompts: ['red'] })).top.slice(0, 3).map((t) => t.id).sort(),
    );
  });

  it('an album created without a threshold takes Otsu’s, which keeps exactly the red photos', async () => {
    const album = await core.createAlbum({ name: 'Red', prompts: ['red'] });
    const page = await core.albumPhotos({ albumId: album.id });
    expect(page.photos.map((p) => p.path).sort()).toEqual([...(files['red'] ?? [])].sort());
    expect(page.suggestions.length).toBeGreaterThan(0);
    expect(page.suggestions.every((s) => s.probability < 0.5)).toBe(true);
  });

  it('gives a photo probabilities over the albums that sum to 1, the right album first', async () => {
    await core.createAlbum({ name: 'Green', prompts: ['green'] });
    await core.createAlbum({ name: 'Sky', prompts: ['blue', 'a blue sky'], negativePrompts: ['yellow'] });
    const photo = (await core.listPhotos({ limit: 100 })).photos.find((p) => p.path === files['blue']?.[0]);
    const view = await core.zeroShot({ photoId: photo?.id ?? '' });
    expect(view.albums.map((a) => a.name)[0]).toBe('Sky');
    expect(view.albums.reduce((s, a) => s + a.probability, 0)).toBeCloseTo(1, 6);
    expect(view.albums[0]?.probability).toBeGreaterThan(0.9);
    expect(view.albums.find((a) => a.name === 'Sky')).toMatchObject({ member: true, label: null });
    expect(view.albums.find((a) => a.name === 'Green')).toMatchObject({ member: false, label: null });

    const green = view.albums.find((a) => a.name === 'Green')?.albumId ?? '';
    await core.setAlbumMembership({ albumId: green, photoId: photo?.id ?? '', include: true });
    const corrected = await core.zeroShot({ photoId: photo?.id ?? '' });
    expect(corrected.albums.find((a) => a.name === 'Green')).toMatchObject({ member: true, label: 1 });
  });

  it('leaves own (manual) albums out of the zero-shot classes: they have no prompt, and the view still answers', async () => {
    const photo = (await core.listPhotos({ limit: 100 })).photos.find((p) => p.path === files['blue']?.[0]);
    await core.createManualAlbum({ name: 'Picked', photoIds: [photo?.id ?? ''] });
    const view = await core.zeroShot({ photoId: photo?.id ?? '' });
    expect(view.albums.map((a) => a.name)).not.toContain('Picked');
    expect(view.albums[0]?.name).toBe('Sky');
    expect(view.albums.reduce((s, a) => s + a.probability, 0)).toBeCloseTo(1, 6);
  });
});
