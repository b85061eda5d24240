import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import type { Core } from '../../../src-main/core/core.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { photoTableRows } from '../../helpers/catalogue-rows.js';
import { COLOURS, writeColourSet, writePhoto } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';

const MEMORY_LIMIT = 1.5 * 1024 ** 3;

/** The highest resident memory of this process while `work` runs, sampled every 50 ms. */
async function peakMemory<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const value = await work();
    return { value, peak: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('a watcher shown what is not a photo', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core | null = null;
  // Watching waits until a file's size settles (1.5 s by default); shortened to stay quick.
  const timings = { writeStableMs: 400 };
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('shoebox-hostile-')));
  afterEach(async () => {
    await core?.close();
    core = null;
    await cleanup();
  });

  it('skips /dev/zero links, FIFOs, link cycles and links out of the root; keeps indexing; one row per photo; memory bounded', async () => {
    const photos = path.join(dir, 'photos');
    const outside = path.join(dir, 'outside');
    await writeColourSet(photos, ['red', 'green'], 2);
    const outsidePhoto = await writePhoto(path.join(outside, 'secret.jpg'), COLOURS['blue'] ?? [0, 0, 255], { seed: 77 });
    const library = path.join(dir, 'library');
    core = await createCore({ libraryDir: library, modelDir: await tinyModelDir(), watch: true, timings });
    const c = core;
    await c.addRoot({ path: photos });
    await waitFor('the first scan', async () => (await c.status({})).photos.indexed === 4);

    const { peak } = await peakMemory(async () => {
      await symlink('/dev/zero', path.join(photos, 'zero.jpg'));
      execFileSync('mkfifo', [path.join(photos, 'live-fifo.jpg')]);
      await mkdir(path.join(photos, 'dir'));
      await symlink('..', path.join(photos, 'dir', 'parent'));
      await symlink(photos, path.join(photos, 'loop'));
      await symlink(outsidePhoto, path.join(photos, 'outside.jpg'));
      await symlink(outside, path.join(photos, 'outside-folder'));
      // Photos arriving after all that are still indexed: nothing blocks the watcher.
      await copyFile(outsidePhoto, path.join(photos, 'dir', 'new-blue.jpg'));
      await writePhoto(path.join(photos, 'dir', 'new-yellow.jpg'), COLOURS['yellow'] ?? [255, 255, 0], { seed: 5 });
      await waitFor('the new photos', async () => {
        const status = (await c.status({})).photos;
        if (status.indexed !== 6) throw new Error(JSON.stringify(status));
        return true;
      }, 30_000);
      await waitFor('the FIFO to be reported', async () => (await c.listFailures({})).some((f) => f.path.endsWith('live-fifo.jpg')), 10_000);
      // Give the watcher time to (wrongly) walk the cycles.
      await new Promise((resolve) => setTimeout(resolve, 2000));
    });
    expect(peak).toBeLessThan(MEMORY_LIMIT);
    console.log(`hostile watch: peak resident memory ${(peak / 1024 ** 2).toFixed(0)} MB`);

    const listed = await c.listPhotos({ limit: 100 });
    expect(listed.photos.map((p) => path.relative(photos, p.path)).sort()).toEqual(
      ['dir/new-blue.jpg', 'dir/new-yellow.jpg', 'green-0.jpg', 'green-1.jpg', 'red-0.jpg', 'red-1.jpg'],
    );
    const failures = await c.listFailures({});
    expect(failures.map((f) => [path.basename(f.path), f.code])).toEqual([['live-fifo.jpg', 'FILE_UNREADABLE']]);
    expect(failures[0]?.message).toContain('FIFO');

    // The one-shot scan agrees, and closing does not hang on the FIFO.
    const summary = await c.rescan({});
    expect(summary.indexed + summary.unchanged).toBe(7);
    const started = Date.now();
    await c.close();
    core = null;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await photoTableRows(library)).toEqual({ rows: 6, ids: 6, paths: 6 });
  });

  it('search --image and classify refuse a FIFO and a /dev/zero link at once, with a code', async () => {
    const photos = path.join(dir, 'photos');
    await writeColourSet(photos, ['red'], 1);
    const fifo = path.join(dir, 'query-fifo.jpg');
    execFileSync('mkfifo', [fifo]);
    const zero = path.join(dir, 'zero.jpg');
    await symlink('/dev/zero', zero);
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir(), timings });
    const c = core;
    for (const file of [fifo, zero]) {
      const started = Date.now();
      const searched = await rejection(c.search({ text: '', image: { path: file } }));
      expect(searched.code).toBe('FILE_UNREADABLE');
      expect(searched.message).toContain(file);
      const classified = await rejection(c.classify({ imagePath: file, prompts: ['a dog', 'a cat'] }));
      expect(classified.code).toBe('FILE_UNREADABLE');
      expect(Date.now() - started).toBeLessThan(5_000);
    }
  });

  it('serves nothing from outside the roots: a photo replaced by a link out of its root loses its thumbnail too', async () => {
    const photos = path.join(dir, 'photos');
    const files = await writeColourSet(photos, ['red'], 1);
    const secret = await writePhoto(path.join(dir, 'outside', 'secret.jpg'), COLOURS['blue'] ?? [0, 0, 255], { seed: 9 });
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir(), timings });
    const c = core;
    await c.addRoot({ path: photos });
    await c.rescan({});
    const [photo] = (await c.listPhotos({})).photos;
    if (!photo) throw new Error('no photo indexed');
    await c.thumbnailFile(photo.id);
    const red = files['red']?.[0] ?? '';
    await rm(red);
    await symlink(secret, red);
    expect((await rejection(c.thumbnailFile(photo.id))).code).toBe('FORBIDDEN');
    expect((await rejection(c.originalFile(photo.id))).code).toBe('FORBIDDEN');
    // The next scan drops the row: a link is not indexed ([Note: links in roots]).
    await c.rescan({});
    expect((await c.listPhotos({})).total).toBe(0);
  });
});
