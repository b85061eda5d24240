import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliProcess } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { filesUnder, makeFakeCard } from '../core/import/fake-card.js';

/** Hidden temp copies (`.shoebox-….part`) anywhere under `dir`. */
async function temps(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && e.name.startsWith('.shoebox-')).map((e) => path.join(e.parentPath, e.name));
}

describe('shoebox import, Ctrl-C (a real process, a real SIGINT)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('shoebox-import-cancel-')));
  afterEach(async () => cleanup());

  it('cancels cleanly: what was verified stays imported and undoable, no temp is left, the log says cancelled', async () => {
    const card = await makeFakeCard(path.join(dir, 'EOS_DIGITAL'), []);
    const cardBefore = await filesUnder(card.root);
    const to = path.join(dir, 'Pictures');
    const library = ['--library', path.join(dir, 'library')];
    // Test-only: each file action pauses between its steps, so the import is slow enough to interrupt.
    const env = { SHOEBOX_TEST_SLOW_FILE_ACTIONS_MS: '400', SHOEBOX_IMPORT_SETTLE_MS: '60000' };
    const running = runCliProcess(['import', card.root, '--to', to, ...library], env);
    await waitFor('a copy staged', async () => (await temps(to)).length >= 1, 60_000, 20);
    running.kill('SIGINT');
    const code = await running.exited;
    const output = running.output();
    expect(code, output).toBe(0);
    const summary = /import (\S+) cancelled: (\d+) files? copied/.exec(output);
    expect(summary, output).not.toBeNull();
    const copied = Number(summary?.[2]);
    expect(copied).toBeGreaterThanOrEqual(1);
    expect(copied).toBeLessThan(card.expected.size);
    expect(output).toMatch(/cancelled: what was copied stays \(undo removes it\)/);
    expect(output).toMatch(/undo with: shoebox import undo /);
    expect(await temps(to)).toEqual([]);
    // each copy is byte-identical to a file of the card; the card is untouched
    const copies = await filesUnder(to);
    expect(copies.size).toBe(copied);
    const cardSums = new Set(cardBefore.values());
    for (const sum of copies.values()) expect(cardSums.has(sum)).toBe(true);
    expect(await filesUnder(card.root)).toEqual(cardBefore);

    const list = runCliProcess(['import', 'list', '--json', ...library]);
    expect(await list.exited).toBe(0);
    const [record] = JSON.parse(list.output().split('\n').find((l) => l.startsWith('[')) ?? '[]') as { state: string; copied: number }[];
    expect(record).toMatchObject({ state: 'cancelled', copied });

    const undo = runCliProcess(['import', 'undo', ...library]);
    expect(await undo.exited).toBe(0);
    expect(undo.output()).toMatch(new RegExp(`undone: ${copied} cop(y|ies) removed`));
    expect(await filesUnder(to)).toEqual(new Map());
  });
});
