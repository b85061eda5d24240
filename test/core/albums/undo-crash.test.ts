import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileActionRow } from '../../../src-main/core/catalog/album-schemas.js';
import { openAlbumTables, type AlbumTables } from '../../../src-main/core/catalog/album-tables.js';
import type { FileActionEntry, FileActionStore } from '../../../src-main/core/catalog/file-actions-store.js';
import {
  performPlanned,
  recoverFileActions,
  tempNameFor,
  undoAction,
  type FileActionDeps,
} from '../../../src-main/core/albums/mirror/file-actions.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const sha = (bytes: string): string => createHash('sha256').update(bytes).digest('hex');
/** A promise that never settles: the undo stops there for good, as a killed process would. */
const never = (): Promise<never> => new Promise<never>(() => undefined);
const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** Runs test/helpers/undo-child.ts until it pauses at step `pause` of the undo, then kills it with SIGKILL. */
async function killUndoAt(catalog: string, actionId: string, pause: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/helpers/undo-child.ts'), catalog, actionId, String(pause)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    const seen = (d: Buffer): void => {
      output += d.toString();
      if (output.includes('paused')) resolve();
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    void exited.then(() => reject(new Error(`the undo ended before its pause:\n${output}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

/**
 * An undo of a move interrupted half-way, then the library opened again. Twice in this process: the undo
 * stopped for good at one instant (a hook that never returns) and everything it held in memory dropped, the
 * restart seeing only the files and the log on disk through a catalogue connection of its own (the mutation
 * run sees only this process: a child runs the code unmutated). Twice in a real process killed with SIGKILL
 * at a pause inside the undo (test/helpers/undo-child.ts). mirror-crash.test.ts kills one in the middle of a move.
 */
describe('an undo of a move interrupted half-way (real files, real LanceDB)', () => {
  let dir: string;
  let tables: AlbumTables;
  let relocations: [string, string][];
  let cleanup: () => Promise<void>;
  const catalog = (): string => path.join(dir, 'catalog');
  const deps = (actions: FileActionStore): FileActionDeps => ({
    actions,
    relocated: (photoId, newPath) => {
      relocations.push([photoId, newPath]);
      return Promise.resolve();
    },
  });
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir('shoebox-undo-crash-'));
    tables = await openAlbumTables(catalog());
    relocations = [];
    await mkdir(path.join(dir, 'src'));
    await mkdir(path.join(dir, 'album'));
  });
  afterEach(async () => {
    await tables.close();
    await cleanup();
  });

  /** A photo moved from src/ to album/, logged done. */
  async function moved(name: string): Promise<FileActionRow> {
    const source = path.join(dir, 'src', name);
    const dest = path.join(dir, 'album', name);
    await writeFile(source, `bytes of ${name}`);
    const actionId = randomUUID();
    const plan: FileActionEntry = {
      action_id: actionId,
      album_id: 'a1',
      photo_id: `photo-${name}`,
      mode: 'move',
      source,
      dest,
      temp: tempNameFor(dest, actionId),
      sha256: sha(`bytes of ${name}`),
      state: 'intent',
      reverts: null,
      message: null,
    };
    await performPlanned(deps(tables.fileActions), [plan], () => undefined);
    const row = tables.fileActions.get(actionId);
    if (row?.state !== 'done') throw new Error('the move did not finish');
    return row;
  }

  /** The store, except that the first write logging a revert of `actionId` is written and then never returns. */
  function stoppingAfterUndoIntent(actionId: string): { actions: FileActionStore; stopped: Promise<FileActionRow> } {
    let stop: (row: FileActionRow) => void = () => undefined;
    const stopped = new Promise<FileActionRow>((resolve) => (stop = resolve));
    const store = tables.fileActions;
    const actions = new Proxy(store, {
      get(target, prop) {
        if (prop === 'record') {
          return async (entries: readonly FileActionEntry[]): Promise<FileActionRow[]> => {
            const rows = await target.record(entries);
            const undo = rows.find((r) => r.reverts === actionId);
            if (undo === undefined) return rows;
            stop(undo);
            return never();
          };
        }
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    return { actions, stopped };
  }

  /** The library opened again: a new connection to the catalogue, recovery run as `createCore` runs it. */
  async function restart(): Promise<{ settled: FileActionEntry[]; after: AlbumTables }> {
    const after = await openAlbumTables(catalog());
    const settled = await recoverFileActions(deps(after.fileActions));
    return { settled, after };
  }

  it('killed while copying the photo back: recovery rolls the undo back, drops the partial copy, and the move can be undone again', async () => {
    const move = await moved('m.jpg');
    const { actions, stopped } = stoppingAfterUndoIntent(move.action_id);
    void undoAction(deps(actions), move);
    const undo = await stopped;
    // the copy back had begun: a partial file at the temp name its intent names
    expect(undo.temp).toBe(tempNameFor(move.source, undo.action_id));
    await writeFile(undo.temp ?? '', 'bytes of');

    const { settled, after } = await restart();
    try {
      expect(settled).toEqual([
        expect.objectContaining({
          action_id: undo.action_id,
          reverts: move.action_id,
          state: 'rolled-back',
          message: 'interrupted before it finished; the original is in place',
        }),
      ]);
      expect(await readdir(path.join(dir, 'src'))).toEqual([]);
      expect(await readFile(move.dest, 'utf8')).toBe('bytes of m.jpg');
      expect(after.fileActions.get(move.action_id)?.state).toBe('done');
      expect(relocations).toEqual([['photo-m.jpg', move.dest]]);

      // the photo is still in the album and the move still done: undoing it again works
      const again = after.fileActions.get(move.action_id);
      if (!again) throw new Error('the move is gone from the log');
      expect(await undoAction(deps(after.fileActions), again)).toBeNull();
      expect(await readdir(path.join(dir, 'src'))).toEqual(['m.jpg']);
      expect(await readdir(path.join(dir, 'album'))).toEqual([]);
      expect(after.fileActions.get(move.action_id)?.state).toBe('undone');
    } finally {
      await after.close();
    }
  });

  it('killed once the photo was back but before the undo was logged done: recovery finishes it and marks the move undone', async () => {
    const move = await moved('m.jpg');
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    // the move back's files are done (the catalogue is told where the photo is now) and the process dies there
    const dying: FileActionDeps = {
      actions: tables.fileActions,
      relocated: () => {
        stop();
        return never();
      },
    };
    void undoAction(dying, move);
    await stopped;
    expect(await readdir(path.join(dir, 'src'))).toEqual(['m.jpg']);
    expect(await readdir(path.join(dir, 'album'))).toEqual([]);

    const { settled, after } = await restart();
    try {
      expect(settled).toEqual([
        expect.objectContaining({
          reverts: move.action_id,
          source: move.dest,
          dest: move.source,
          state: 'done',
          message: 'finished after an interruption',
        }),
      ]);
      expect(after.fileActions.get(move.action_id)?.state).toBe('undone');
      expect(relocations).toEqual([
        ['photo-m.jpg', move.dest],
        ['photo-m.jpg', move.source],
      ]);
      expect(await readFile(move.source, 'utf8')).toBe('bytes of m.jpg');
      expect(await readdir(path.join(dir, 'album'))).toEqual([]);
      expect(after.fileActions.actions().filter((a) => a.state === 'intent')).toEqual([]);
    } finally {
      await after.close();
    }
  });

  it('a real process killed (SIGKILL) mid-undo, its copy back verified but not placed: recovery rolls back and leaves no temp file', async () => {
    const move = await moved('m.jpg');
    await tables.close();
    await killUndoAt(catalog(), move.action_id, 1);
    // the verified copy back at its temp name beside the original place, the photo still in the album
    expect((await readdir(path.join(dir, 'src'))).filter((n) => n.endsWith('.part'))).toHaveLength(1);
    expect(await readdir(path.join(dir, 'album'))).toEqual(['m.jpg']);

    const { settled, after } = await restart();
    tables = after;
    expect(settled).toEqual([expect.objectContaining({ reverts: move.action_id, state: 'rolled-back' })]);
    expect(await readdir(path.join(dir, 'src'))).toEqual([]);
    expect(await readFile(move.dest, 'utf8')).toBe('bytes of m.jpg');
    expect(after.fileActions.get(move.action_id)?.state).toBe('done');
  });

  it('a real process killed (SIGKILL) mid-undo, the photo in both places: recovery finishes the undo, one copy stays', async () => {
    const move = await moved('m.jpg');
    await tables.close();
    await killUndoAt(catalog(), move.action_id, 2);
    expect(await readdir(path.join(dir, 'src'))).toEqual(['m.jpg']);
    expect(await readdir(path.join(dir, 'album'))).toEqual(['m.jpg']);

    const { settled, after } = await restart();
    tables = after;
    expect(settled).toEqual([expect.objectContaining({ reverts: move.action_id, state: 'done', message: 'finished after an interruption' })]);
    expect(await readFile(move.source, 'utf8')).toBe('bytes of m.jpg');
    expect(await readdir(path.join(dir, 'album'))).toEqual([]);
    expect(after.fileActions.get(move.action_id)?.state).toBe('undone');
    expect(relocations.at(-1)).toEqual(['photo-m.jpg', move.source]);
  });
});
