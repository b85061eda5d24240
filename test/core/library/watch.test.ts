import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, open as openFile, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';

/** Copies a file the way a slow camera import does: in chunks, with pauses between them. */
async function slowCopy(from: string, to: string, chunks: number, pauseMs: number): Promise<void> {
  const bytes = await readFile(from);
  const handle = await openFile(to, 'w');
  const step = Math.ceil(bytes.length / chunks);
  try {
    for (let offset = 0; offset < bytes.length; offset += step) {
      await handle.write(bytes.subarray(offset, offset + step));
      await handle.sync();
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  } finally {
    await handle.close();
  }
}

describe('watching a folder', () => {
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

  it('indexes a slowly copied photo once complete, follows renames and moves, re-embeds edits, drops deletes', async () => {
    const photos = path.join(dir, 'photos');
    await mkdir(path.join(photos, 'sub'), { recursive: true });
    await writePhoto(path.join(photos, 'green.jpg'), COLOURS['green'] ?? [0, 255, 0]);
    const source = await writePhoto(path.join(dir, 'camera', 'red.jpg'), COLOURS['red'] ?? [255, 0, 0], { width: 1600, height: 1200 });
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir(), watch: true, timings });
    const c = core;
    const failures: string[] = [];
    const indexed: string[] = [];
    c.on('photoFailed', (f) => failures.push(f.path));
    c.on('photoIndexed', (p) => indexed.push(p.path));
    await c.addRoot({ path: photos });
    await waitFor('the initial scan', async () => (await c.status({})).photos.indexed === 1);

    const target = path.join(photos, 'red.jpg');
    await slowCopy(source, target, 8, 150);
    const hit = await waitFor('the copied photo to be searchable', async () => {
      const result = await c.search({ text: 'red', limit: 1 });
      return result.hits[0]?.path === target ? result.hits[0] : null;
    });
    if (!hit) throw new Error('unreachable: waitFor returns a hit');
    expect(failures).toEqual([]);
    expect(indexed.filter((p) => p === target)).toHaveLength(1);

    const renamed = path.join(photos, 'sub', 'renamed.jpg');
    indexed.length = 0;
    await rename(target, renamed);
    await waitFor('the rename to be seen', async () => (await c.getPhoto({ id: hit.id })).path === renamed);
    expect(indexed).toEqual([]);
    expect((await c.status({})).photos.indexed).toBe(2);

    await writePhoto(renamed, COLOURS['blue'] ?? [0, 0, 255], { seed: 9 });
    await waitFor('the edit to be embedded again', async () => {
      const result = await c.search({ text: 'blue', limit: 1 });
      return result.hits[0]?.path === renamed;
    });
    expect((await c.getPhoto({ id: hit.id })).path).toBe(renamed);

    await rm(path.join(photos, 'green.jpg'));
    await waitFor('the deletion to be seen', async () => (await c.status({})).photos.indexed === 1, 20_000);
    expect(failures).toEqual([]);
  });
});
