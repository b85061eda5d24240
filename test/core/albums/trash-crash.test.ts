import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../../src-main/core/create-core.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const sha = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

/** Every file under `dir` (hidden ones too) as name → SHA-256, the names without their folder. */
async function contents(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.push(`${entry.name} ${await sha(path.join(entry.parentPath, entry.name))}`);
  }
  return out.sort();
}

describe('moving to the library trash, killed with SIGKILL', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('loses no photo: after a restart each is in the folder or the trash, once, intact, and the batch can be put back', async () => {
    const photos = path.join(dir, 'photos');
    const total = 12;
    for (let i = 0; i < total; i += 1) {
      await writePhoto(path.join(photos, `red-${String(i).padStart(2, '0')}.jpg`), COLOURS['red'] ?? [255, 0, 0], { seed: i + 1, width: 96, height: 72 });
    }
    const original = await contents(photos);
    const library = path.join(dir, 'library');
    const model = await tinyModelDir();
    let core = await createCore({ libraryDir: library, modelDir: model });
    await core.addRoot({ path: photos });
    await core.rescan({});
    await core.close();

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src-main/cli/bin.ts'), 'trash', ...(await readdir(photos)).map((f) => path.join(photos, f)), '--library', library, '--model', model], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Test-only hook: the moves pause between their links and their unlinks, so the kill lands between the two.
      env: { ...process.env, SHOEBOX_TEST_SLOW_FILE_ACTIONS_MS: '150' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const trash = path.join(library, 'trash');
    await waitFor('a few photos to reach the trash', async () => (await readdir(trash, { recursive: true }).catch(() => [])).length >= 5, 60_000, 20);
    child.kill('SIGKILL');
    expect(await exited, `the child finished before it was killed:\n${output}`).toBeNull();

    core = await createCore({ libraryDir: library, modelDir: model });
    const inFolder = await contents(photos);
    const inTrash = await contents(trash);
    expect([...inFolder, ...inTrash].sort()).toEqual(original);
    expect(inTrash.length).toBeGreaterThan(0);

    expect(await core.undoTrash({})).toMatchObject({ restored: inTrash.length, failed: [] });
    expect(await contents(photos)).toEqual(original);
    expect((await core.listPhotos({})).total).toBe(total);
    await core.close();
  });
});
