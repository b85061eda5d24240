import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { PhotoEvents } from '../../../src-main/contract/events.js';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';

const RED = COLOURS['red'] ?? [220, 30, 35];
const BLUE = COLOURS['blue'] ?? [30, 60, 210];

describe('a smart album while the library is watched', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core | null = null;
  // Watching waits until a file's size settles (1.5 s by default); shortened to stay quick.
  const timings = { writeStableMs: 600 };
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(async () => {
    await core?.close();
    core = null;
    await cleanup();
  });

  it('fills with red photos as they arrive and empties as they go, and says so with albumUpdated', async () => {
    const photos = path.join(dir, 'photos');
    await mkdir(photos, { recursive: true });
    await writePhoto(path.join(photos, 'blue-0.jpg'), BLUE, { seed: 1 });
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir(), watch: true, timings });
    const c = core;
    const updates: PhotoEvents['albumUpdated'][] = [];
    c.on('albumUpdated', (u) => updates.push(u));
    await c.addRoot({ path: photos });
    await waitFor('the first photo', async () => (await c.status({})).photos.indexed === 1);

    const album = await c.createAlbum({ name: 'Red things', prompts: ['red'], threshold: 0.5 });
    expect(album.memberCount).toBe(0);

    const arrivals = [0, 1, 2].map((n) => path.join(photos, `red-${n}.jpg`));
    for (const [n, file] of arrivals.entries()) await writePhoto(file, RED, { seed: 10 + n });
    await writePhoto(path.join(photos, 'blue-1.jpg'), BLUE, { seed: 20 });

    const added = await waitFor('albumUpdated for the three red photos', () => {
      const ids = updates.filter((u) => u.albumId === album.id).flatMap((u) => u.added);
      return ids.length >= 3 ? ids : null;
    });
    const page = await c.albumPhotos({ albumId: album.id });
    expect(page.photos.map((p) => p.path).sort()).toEqual(arrivals.sort());
    expect(new Set(added)).toEqual(new Set(page.photos.map((p) => p.id)));
    expect(page.photos.every((p) => p.by === 'prompt' && (p.score ?? 0) > 0.5)).toBe(true);
    expect(updates.flatMap((u) => u.removed)).toEqual([]);
    expect((await c.getAlbum({ albumId: album.id })).memberCount).toBe(3);

    const gone = page.photos.find((p) => p.path === arrivals[0]);
    await rm(arrivals[0] ?? '');
    await waitFor('albumUpdated for the deleted photo', () => updates.some((u) => u.removed.includes(gone?.id ?? '')));
    expect((await c.getAlbum({ albumId: album.id })).memberCount).toBe(2);
  });
});
