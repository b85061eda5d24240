import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../../src-main/core/create-core.js';
import { writePhoto, COLOURS } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

async function countDataFiles(dir: string): Promise<number> {
  return readdir(dir).then(
    (names) => names.length,
    () => 0,
  );
}

describe('a kill in the middle of indexing', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('loses nothing: the library reopens, has no duplicates, and indexing completes', async () => {
    const photos = path.join(dir, 'photos');
    const colours = Object.values(COLOURS);
    const total = 120;
    for (let i = 0; i < total; i += 1) {
      await writePhoto(path.join(photos, `p${String(i).padStart(3, '0')}.jpg`), colours[i % colours.length] ?? [0, 0, 0], {
        width: 800,
        height: 600,
        seed: i + 1,
      });
    }
    const library = path.join(dir, 'library');
    const model = await tinyModelDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'src-main/cli/bin.ts'), 'index', photos, '--library', library, '--model', model, '--json'],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitFor('the first rows to be written', async () => (await countDataFiles(path.join(library, 'catalog', 'photos.lance', 'data'))) > 0, 60_000, 20);
    child.kill('SIGKILL');
    const code = await exited;
    expect(code, `the child finished before it was killed:\n${output}`).toBeNull();

    const core = await createCore({ libraryDir: library, modelDir: model });
    try {
      const partial = (await core.status({})).photos.indexed;
      expect(partial).toBeLessThan(total);
      const summary = await core.rescan({});
      expect(summary.failed).toEqual([]);
      expect(summary.indexed + summary.unchanged).toBe(total);
      const listed = await core.listPhotos({ limit: 1000 });
      expect(listed.total).toBe(total);
      expect(new Set(listed.photos.map((p) => p.path)).size).toBe(total);
      expect(new Set(listed.photos.map((p) => p.id)).size).toBe(total);
    } finally {
      await core.close();
    }
  });
});
