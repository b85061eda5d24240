import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFile, mkdir, symlink, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { writeColourSet, writePhoto, COLOURS } from '../../helpers/photos.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { blackBilevelPng } from '../imaging/images.js';

describe('indexing a folder and searching it', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core | null = null;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => {
    await core?.close();
    core = null;
    await cleanup();
  });

  async function open(): Promise<Core> {
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() });
    return core;
  }

  it('finds red photos first for "red" and dark ones for "dark"', async () => {
    const photos = path.join(dir, 'photos');
    const files = await writeColourSet(photos, ['red', 'green', 'blue', 'dark', 'bright'], 2);
    const c = await open();
    await c.addRoot({ path: photos });
    const summary = await c.rescan({});
    expect(summary).toMatchObject({ indexed: 10, unchanged: 0, removed: 0, failed: [] });

    const red = await c.search({ text: 'red', limit: 10 });
    expect(red.hits.slice(0, 2).map((h) => h.path).sort()).toEqual([...(files['red'] ?? [])].sort());
    expect(red.hits[0]?.score).toBeGreaterThan(red.hits[2]?.score ?? 1);
    const dark = await c.search({ text: 'dark', limit: 10 });
    expect(dark.hits.slice(0, 2).map((h) => h.path).sort()).toEqual([...(files['dark'] ?? [])].sort());
  });

  it('embeds nothing on a second run over an unchanged folder, and keeps ids across a reopen', async () => {
    const photos = path.join(dir, 'photos');
    await writeColourSet(photos, ['red', 'blue'], 2);
    const c = await open();
    await c.addRoot({ path: photos });
    await c.rescan({});
    const before = (await c.listPhotos({})).photos.map((p) => p.id).sort();
    await c.close();
    const again = await open();
    const summary = await again.rescan({});
    expect(summary).toMatchObject({ indexed: 0, unchanged: 4, removed: 0 });
    expect((await again.listPhotos({})).photos.map((p) => p.id).sort()).toEqual(before);
  });

  it('reports broken files with codes and indexes the rest', async () => {
    const photos = path.join(dir, 'photos');
    await writeColourSet(photos, ['red', 'green'], 1);
    await writeFile(path.join(photos, 'empty.jpg'), '');
    await writeFile(path.join(photos, 'notes.jpg'), 'this is a text file, not a photo\n');
    const good = await writePhoto(path.join(dir, 'src.jpg'), COLOURS['blue'] ?? [0, 0, 255], { width: 640, height: 480 });
    const bytes = await readFile(good);
    await writeFile(path.join(photos, 'truncated.jpg'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    await writeFile(path.join(photos, 'bomb.png'), blackBilevelPng(30000, 30000));
    await mkdir(path.join(photos, 'folder.jpg'));
    await symlink(path.join(dir, 'nowhere.jpg'), path.join(photos, 'dangling.jpg'));
    await mkdir(path.join(photos, 'loop'));
    await symlink(photos, path.join(photos, 'loop', 'back-to-top'));

    const c = await open();
    await c.addRoot({ path: photos });
    const summary = await c.rescan({});
    expect(summary.indexed).toBe(2);
    const codes = Object.fromEntries(summary.failed.map((f) => [path.basename(f.path), f.code]));
    expect(codes).toMatchObject({
      'empty.jpg': 'FILE_EMPTY',
      'notes.jpg': 'UNSUPPORTED_FORMAT',
      'truncated.jpg': 'FILE_TRUNCATED',
      'bomb.png': 'IMAGE_TOO_LARGE',
    });
    for (const f of summary.failed) expect(f.message).toContain(path.basename(f.path));

    // Not retried while unchanged; retried once the file changes.
    const second = await c.rescan({});
    expect(second.indexed).toBe(0);
    expect(second.failed).toHaveLength(summary.failed.length);
    await copyFile(good, path.join(photos, 'truncated.jpg'));
    const third = await c.rescan({});
    expect(third.indexed).toBe(1);
    expect(third.failed.map((f) => path.basename(f.path))).not.toContain('truncated.jpg');
  });

  it('gives a copy its own row without embedding it again, and drops deleted files', async () => {
    const photos = path.join(dir, 'photos');
    const files = await writeColourSet(photos, ['red', 'green'], 1);
    const c = await open();
    await c.addRoot({ path: photos });
    await c.rescan({});
    const red = files['red']?.[0] as string;
    await copyFile(red, path.join(photos, 'copy-of-red.jpg'));
    const summary = await c.rescan({});
    expect(summary).toMatchObject({ indexed: 0, copied: 1 });
    const listed = (await c.listPhotos({})).photos;
    expect(listed).toHaveLength(3);
    expect(new Set(listed.map((p) => p.id)).size).toBe(3);
    const { rm } = await import('node:fs/promises');
    // The original going right after its copy came is a move (a slow copy-then-delete): the photo keeps its
    // id, on the copy's place, and the copy's row goes.
    const redId = listed.find((p) => p.path === red)?.id;
    await rm(red);
    const after = await c.rescan({});
    expect(after).toMatchObject({ moved: 1, removed: 0 });
    const left = (await c.listPhotos({})).photos;
    expect(left.map((p) => path.basename(p.path)).sort()).toEqual(['copy-of-red.jpg', 'green-0.jpg']);
    expect(left.find((p) => path.basename(p.path) === 'copy-of-red.jpg')?.id).toBe(redId);
    await rm(path.join(photos, 'green-0.jpg'));
    expect(await c.rescan({})).toMatchObject({ removed: 1 });
  });
});
