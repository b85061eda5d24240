import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../../src-main/core/create-core.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';
import { filesUnder } from './fake-card.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const TOTAL = 200;
const KILLS = 5;

function runImport(args: string[]): { exited: Promise<number | null>; output: () => string; kill: () => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src-main/cli/bin.ts'), 'import', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
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

describe('an import killed with SIGKILL, again and again', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('leaves no partial file and no duplicate: after the restarts every photo of the card is in the library exactly once', async () => {
    const card = path.join(dir, 'CARD');
    const old = new Date('2026-07-01T10:00:00Z');
    const colours = Object.values(COLOURS);
    for (let i = 0; i < TOTAL; i += 1) {
      const file = path.join(card, 'DCIM', `${100 + Math.floor(i / 100)}CANON`, `IMG_${String(i).padStart(4, '0')}.JPG`);
      const day = 10 + (i % 4);
      await writePhoto(file, colours[i % colours.length] ?? [128, 128, 128], { seed: i + 1, width: 48, height: 32, takenAt: `2026:07:${day} 10:00:00` });
      await utimes(file, old, old);
    }
    const cardBefore = await filesUnder(card);
    const library = path.join(dir, 'library');
    const to = path.join(dir, 'Pictures');
    const kills: string[] = [];
    for (let k = 0; k < KILLS; k += 1) {
      const copiedSoFar = [...(await filesUnder(to)).keys()].filter((f) => !path.basename(f).startsWith('.')).length;
      // A random point: as soon as the import starts writing, or some way into the copying.
      const target = Math.min(TOTAL - 1, copiedSoFar + Math.floor(Math.random() * 60));
      const child = runImport([card, '--to', to, '--library', library]);
      await waitFor('the import to copy some files', async () => (await filesUnder(to)).size >= target, 60_000, 5).catch(() => undefined);
      child.kill();
      const code = await child.exited;
      kills.push(`${target}:${code === null ? 'killed' : `exited ${code}`}`);
    }
    const landed = `kills at (copies so far: outcome) ${kills.join(', ')}`;
    expect(kills.filter((k) => k.endsWith('killed')).length, landed).toBeGreaterThanOrEqual(3);

    const core = await createCore({ libraryDir: library, modelDir: await tinyModelDir() });
    try {
      const finished = await core.startImport({ sources: [card], to });
      expect(finished.state, landed).toBe('done');
      const placed = await filesUnder(to);
      expect([...placed.keys()].filter((f) => path.basename(f).startsWith('.')), landed).toEqual([]);
      // no staging folder a killed import left behind either
      expect((await readdir(to)).filter((name) => name.startsWith('.')), landed).toEqual([]);
      // Every photo of the card exactly once, intact; nothing else.
      expect([...placed.values()].sort(), landed).toEqual([...cardBefore.values()].sort());
      expect(await filesUnder(card)).toEqual(cardBefore);
      expect((await core.status({})).photos.indexed).toBe(TOTAL);
      const history = await core.listImports({});
      expect(history.filter((r) => r.state === 'running')).toEqual([]);
      expect(history.reduce((sum, r) => sum + r.copied, 0), landed).toBe(TOTAL);

      // And every one of those imports can be undone: the destination ends empty.
      for (let i = 0; i < history.length; i += 1) {
        if ((await core.listImports({})).some((r) => r.state !== 'undone' && r.copied > 0)) await core.undoImport({});
      }
      expect((await filesUnder(to)).size).toBe(0);
      expect((await core.status({})).photos.indexed).toBe(0);
    } finally {
      await core.close();
    }
  }, 180_000);
});
