import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { openAlbumTables } from '../../../src-main/core/catalog/album-tables.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const sha = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

/** Every file under `dir` (hidden ones too, so a leftover temp copy is seen) with its SHA-256. */
async function filesUnder(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(file, await sha(file));
  }
  return out;
}

function runMirror(args: string[]): { exited: Promise<number | null>; output: () => string; kill: () => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src-main/cli/bin.ts'), 'album', 'mirror', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Test-only hook: each file action pauses between its steps, so the kill lands in the middle of one.
    env: { ...process.env, SHOEBOX_TEST_SLOW_FILE_ACTIONS_MS: '120' },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return {
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    output: () => output,
    kill: () => child.kill('SIGKILL'),
  };
}

describe('auto-sort move killed with SIGKILL', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('loses nothing: after a restart every photo is in exactly one place, intact, and the move can finish and be undone', async () => {
    const photos = path.join(dir, 'photos');
    const total = 16;
    for (let i = 0; i < total; i += 1) {
      await writePhoto(path.join(photos, `red-${String(i).padStart(2, '0')}.jpg`), COLOURS['red'] ?? [255, 0, 0], { seed: i + 1, width: 160, height: 120 });
    }
    const original = await filesUnder(photos);
    const library = path.join(dir, 'library');
    const model = await tinyModelDir();
    let core = await createCore({ libraryDir: library, modelDir: model });
    await core.addRoot({ path: photos });
    await core.rescan({});
    await core.createAlbum({ name: 'Red', prompts: ['red'], threshold: 0.5 });
    await core.close();

    const sorted = path.join(photos, 'Red');
    const child = runMirror(['Red', '--to', sorted, '--mode', 'move', '--library', library, '--model', model]);
    await waitFor('a few photos to be moved', async () => (await readdir(sorted).catch(() => [])).length >= 5, 60_000, 20);
    child.kill();
    expect(await child.exited, `the child finished before it was killed:\n${child.output()}`).toBeNull();
    const atKill = await filesUnder(photos);
    // The pauses dominate each action, so the kill lands inside one: a temp copy or both copies are on disk.
    expect(atKill.size, 'the kill landed between two actions').toBeGreaterThan(total);

    core = await createCore({ libraryDir: library, modelDir: model });
    const afterRestart = await filesUnder(photos);
    expect([...afterRestart.values()].sort()).toEqual([...original.values()].sort());
    expect([...afterRestart.keys()].filter((f) => path.basename(f).startsWith('.'))).toEqual([]);
    const moved = [...afterRestart.keys()].filter((f) => f.startsWith(sorted + path.sep)).length;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(total);

    const album = (await core.listAlbums({}))[0];
    if (!album) throw new Error('the album is gone');
    const finish = await core.applyAlbumMirror({ albumId: album.id });
    expect(finish).toMatchObject({ done: total - moved, failed: [] });
    expect((await readdir(sorted)).length).toBe(total);
    expect((await core.albumPhotos({ albumId: album.id })).total).toBe(total);

    expect(await core.undoMirror({ albumId: album.id })).toMatchObject({ restored: total, failed: [] });
    const undone = await filesUnder(photos);
    expect(new Map([...undone].sort())).toEqual(new Map([...original].sort()));
    await core.close();

    const tables = await openAlbumTables(path.join(library, 'catalog'));
    const actions = tables.fileActions.actions();
    await tables.close();
    expect(actions.filter((a) => a.state === 'intent')).toEqual([]);
    expect(actions.filter((a) => a.reverts === null).every((a) => a.state === 'undone' || a.state === 'rolled-back')).toBe(true);
    expect(actions.filter((a) => a.reverts !== null && a.state === 'done')).toHaveLength(total);
  });
});
