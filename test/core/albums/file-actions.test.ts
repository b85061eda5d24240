import * as lancedb from '@lancedb/lancedb';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileActionRow } from '../../../src-main/core/catalog/album-schemas.js';
import { openAlbumTables, type AlbumTables } from '../../../src-main/core/catalog/album-tables.js';
import type { FileActionEntry } from '../../../src-main/core/catalog/file-actions-store.js';
import { SourceChangedError } from '../../../src-main/core/albums/mirror/file-ops.js';
import {
  entryOf,
  performPlanned,
  performWithCause,
  recoverFileActions,
  tempNameFor,
  undoAction,
  type FileActionDeps,
} from '../../../src-main/core/albums/mirror/file-actions.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const sha = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');
const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

describe('the file action log: perform, undo, recover (real files, real LanceDB)', () => {
  let dir: string;
  let tables: AlbumTables;
  let deps: FileActionDeps;
  let relocations: [string, string][];
  let pauses: number;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir('shoebox-file-actions-'));
    tables = await openAlbumTables(path.join(dir, 'catalog'));
    relocations = [];
    pauses = 0;
    deps = {
      actions: tables.fileActions,
      relocated: (photoId, newPath) => {
        relocations.push([photoId, newPath]);
        return Promise.resolve();
      },
      pauseMs: () => {
        pauses += 1;
        return 0;
      },
    };
    await mkdir(path.join(dir, 'src'));
    await mkdir(path.join(dir, 'album'));
  });
  afterEach(async () => {
    await tables.close();
    await cleanup();
  });

  /** A photo in src/ and the entry that would put it in album/. */
  async function planned(name: string, mode: string, content = `bytes of ${name}`): Promise<FileActionEntry> {
    const source = path.join(dir, 'src', name);
    await writeFile(source, content);
    const actionId = randomUUID();
    const dest = path.join(dir, 'album', name);
    return {
      action_id: actionId,
      album_id: 'a1',
      photo_id: `photo-${name}`,
      mode,
      source,
      dest,
      temp: tempNameFor(dest, actionId),
      sha256: sha(content),
      state: 'intent',
      reverts: null,
      message: null,
    };
  }

  async function intent(entry: FileActionEntry): Promise<FileActionRow> {
    const [row] = await tables.fileActions.record([entry]);
    if (!row) throw new Error('not logged');
    return row;
  }

  /** rows in the file_actions table on disk, read on a connection of its own */
  async function logRows(): Promise<number> {
    const db = await lancedb.connect(path.join(dir, 'catalog'));
    const table = await db.openTable('file_actions');
    try {
      return await table.countRows();
    } finally {
      table.close();
      db.close();
    }
  }

  const leftovers = async (folder: string): Promise<string[]> => (await readdir(folder)).filter((n) => n.endsWith('.part'));

  it('names the temp copy beside the destination, and an entry is a row without its place in the log', async () => {
    expect(tempNameFor('/a/b/c.jpg', 'id1')).toBe(path.join('/a/b', '.shoebox-id1.part'));
    const row = await intent(await planned('x.jpg', 'copy'));
    const entry = entryOf(row);
    expect(entry).not.toHaveProperty('seq');
    expect(entry).not.toHaveProperty('at');
    expect({ ...entry, seq: row.seq, at: row.at }).toEqual(row);
  });

  it('copy, move and link: each leaves the right files, logs done, and only a move is relocated', async () => {
    const plans = [await planned('c.jpg', 'copy'), await planned('m.jpg', 'move'), await planned('l.jpg', 'link')];
    const heard: [string, number][] = [];
    const outcomes = await performPlanned(deps, plans, (o, n) => heard.push([o.mode, n]));
    expect(heard).toEqual([['copy', 1], ['move', 2], ['link', 3]]);
    expect(outcomes.map((o) => [o.state, o.message])).toEqual([['done', null], ['done', null], ['done', null]]);
    expect(await readFile(path.join(dir, 'album', 'c.jpg'), 'utf8')).toBe('bytes of c.jpg');
    expect(await exists(path.join(dir, 'src', 'c.jpg'))).toBe(true);
    expect(await readFile(path.join(dir, 'album', 'm.jpg'), 'utf8')).toBe('bytes of m.jpg');
    expect(await exists(path.join(dir, 'src', 'm.jpg'))).toBe(false);
    const [linked, original] = [await stat(path.join(dir, 'album', 'l.jpg')), await stat(path.join(dir, 'src', 'l.jpg'))];
    expect(linked.ino).toBe(original.ino);
    expect(relocations).toEqual([['photo-m.jpg', path.join(dir, 'album', 'm.jpg')]]);
    // copy pauses once (before placing), move twice (and before deleting the source), link never
    expect(pauses).toBe(3);
    expect(await leftovers(path.join(dir, 'album'))).toEqual([]);
    expect(tables.fileActions.actions().map((a) => a.state)).toEqual(['done', 'done', 'done']);
  });

  it('logs and carries out more than one chunk of planned actions, counting each', async () => {
    const plans = [];
    for (let i = 0; i < 40; i += 1) plans.push(await planned(`p${i}.jpg`, 'copy'));
    const counts: number[] = [];
    const outcomes = await performPlanned(deps, plans, (_o, n) => counts.push(n));
    expect(counts).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(outcomes).toHaveLength(40);
    expect(outcomes.every((o) => o.state === 'done')).toBe(true);
    expect((await readdir(path.join(dir, 'album'))).length).toBe(40);
    expect(tables.fileActions.actions().filter((a) => a.state === 'done')).toHaveLength(40);
  });

  it('a taken destination is never overwritten: the action is re-logged under a free name', async () => {
    const plan = await planned('x.jpg', 'move');
    await writeFile(plan.dest, 'someone else');
    await writeFile(path.join(dir, 'album', 'x (2).jpg'), 'also taken');
    const [outcome] = await performPlanned(deps, [plan], () => undefined);
    const free = path.join(dir, 'album', 'x (3).jpg');
    expect(outcome).toMatchObject({ state: 'done', dest: free, action_id: plan.action_id });
    expect(await readFile(plan.dest, 'utf8')).toBe('someone else');
    expect(await readFile(free, 'utf8')).toBe('bytes of x.jpg');
    expect(tables.fileActions.get(plan.action_id)?.dest).toBe(free);
    expect(relocations).toEqual([['photo-x.jpg', free]]);
  });

  it('a source that changed since it was hashed fails with its cause, leaving the original and no copy', async () => {
    const plan = { ...(await planned('x.jpg', 'move')), sha256: sha('other bytes') };
    const { entry, cause } = await performWithCause(deps, await intent(plan));
    expect(cause).toBeInstanceOf(SourceChangedError);
    expect(entry.state).toBe('failed');
    expect(entry.message).toBe((cause as Error).message);
    expect(await readFile(plan.source, 'utf8')).toBe('bytes of x.jpg');
    expect(await exists(plan.dest)).toBe(false);
    expect(await leftovers(path.join(dir, 'album'))).toEqual([]);
    expect(relocations).toEqual([]);
  });

  it('a verified temp copy is placed without reading the source again; a failed place keeps it only when it is the last copy', async () => {
    const plan = await planned('x.jpg', 'copy');
    await writeFile(plan.temp ?? '', 'bytes of x.jpg');
    await rm(plan.source);
    const { entry } = await performWithCause(deps, await intent(plan));
    expect(entry.state).toBe('done');
    expect(await readFile(plan.dest, 'utf8')).toBe('bytes of x.jpg');

    // the destination folder is gone: the place fails; with the source gone the verified temp is the last copy
    const lost = { ...(await planned('y.jpg', 'copy')), dest: path.join(dir, 'gone', 'y.jpg') };
    const lostTemp = path.join(dir, 'album', '.shoebox-y.part');
    await writeFile(lostTemp, 'bytes of y.jpg');
    await rm(lost.source);
    const kept = await performWithCause(deps, await intent({ ...lost, temp: lostTemp }));
    expect(kept.entry.state).toBe('failed');
    expect(kept.entry.message).toContain('ENOENT');
    expect(await readFile(lostTemp, 'utf8')).toBe('bytes of y.jpg');

    // the same failure with the source still there: the temp goes
    const safe = { ...(await planned('z.jpg', 'copy')), dest: path.join(dir, 'gone', 'z.jpg') };
    const safeTemp = path.join(dir, 'album', '.shoebox-z.part');
    const removed = await performWithCause(deps, await intent({ ...safe, temp: safeTemp }));
    expect(removed.entry.state).toBe('failed');
    expect(await exists(safeTemp)).toBe(false);
    expect(await readFile(safe.source, 'utf8')).toBe('bytes of z.jpg');
  });

  it('undoes a copy or link only while it is unchanged and the original intact', async () => {
    const plans = [await planned('a.jpg', 'copy'), await planned('b.jpg', 'link'), await planned('c.jpg', 'copy')];
    await performPlanned(deps, plans, () => undefined);
    const row = (id: string): FileActionRow => {
      const found = tables.fileActions.get(id);
      if (!found) throw new Error('no row');
      return found;
    };
    const [a, b, c] = plans.map((p) => p.action_id) as [string, string, string];
    expect(await undoAction(deps, row(a))).toBeNull();
    expect(await exists(path.join(dir, 'album', 'a.jpg'))).toBe(false);
    expect(await exists(path.join(dir, 'src', 'a.jpg'))).toBe(true);
    expect(row(a).state).toBe('undone');

    // the original is gone: its copy is the last one and stays
    await rm(path.join(dir, 'src', 'b.jpg'));
    const kept = await undoAction(deps, row(b));
    expect(kept).toBe(`${path.join(dir, 'src', 'b.jpg')} is gone or changed; its copy ${path.join(dir, 'album', 'b.jpg')} was kept`);
    expect(await exists(path.join(dir, 'album', 'b.jpg'))).toBe(true);
    expect(row(b).state).toBe('done');

    // the copy was edited since: it is the person's now, kept, and the action counts as undone
    await writeFile(path.join(dir, 'album', 'c.jpg'), 'edited');
    expect(await undoAction(deps, row(c))).toBeNull();
    expect(await readFile(path.join(dir, 'album', 'c.jpg'), 'utf8')).toBe('edited');
    expect(row(c).state).toBe('undone');
  });

  it('undoes a move by moving back, logged as an action that reverts it, to a free name in a re-made folder', async () => {
    const plan = await planned('m.jpg', 'move');
    await performPlanned(deps, [plan], () => undefined);
    await rm(path.join(dir, 'src'), { recursive: true });
    const done = tables.fileActions.get(plan.action_id);
    if (!done) throw new Error('no row');
    expect(await undoAction(deps, done)).toBeNull();
    expect(await readFile(plan.source, 'utf8')).toBe('bytes of m.jpg');
    expect(await exists(plan.dest)).toBe(false);
    expect(tables.fileActions.get(plan.action_id)?.state).toBe('undone');
    const back = tables.fileActions.actions().find((a) => a.reverts === plan.action_id);
    expect(back).toMatchObject({ state: 'done', mode: 'move', source: plan.dest, dest: plan.source, message: null });
    expect(back?.temp).toBe(tempNameFor(plan.source, back?.action_id ?? ''));
    expect(relocations.at(-1)).toEqual(['photo-m.jpg', plan.source]);

    // again, with the old name taken meanwhile
    const second = await planned('n.jpg', 'move');
    await performPlanned(deps, [second], () => undefined);
    await writeFile(second.source, 'a new photo under the old name');
    expect(await undoAction(deps, tables.fileActions.get(second.action_id) ?? (undefined as never))).toBeNull();
    expect(await readFile(path.join(dir, 'src', 'n (2).jpg'), 'utf8')).toBe('bytes of n.jpg');
    expect(await readFile(second.source, 'utf8')).toBe('a new photo under the old name');
  });

  it('a move whose file is gone cannot be undone and says why', async () => {
    const plan = await planned('m.jpg', 'move');
    await performPlanned(deps, [plan], () => undefined);
    await rm(plan.dest);
    const why = await undoAction(deps, tables.fileActions.get(plan.action_id) ?? (undefined as never));
    expect(why).toContain(plan.dest);
    expect(tables.fileActions.get(plan.action_id)?.state).toBe('done');
    const back = tables.fileActions.actions().find((a) => a.reverts === plan.action_id);
    expect(back?.state).toBe('failed');
  });

  it('recovers interrupted actions from what is on disk, never losing the last copy', async () => {
    // 1. a move whose copy was placed; the source and temp still there: finish it
    const placed = await planned('placed.jpg', 'move');
    await writeFile(placed.dest, 'bytes of placed.jpg');
    await writeFile(placed.temp ?? '', 'bytes of placed.jpg');
    // 2. interrupted mid-copy, the source still there: roll back, the partial temp goes
    const partial = await planned('partial.jpg', 'move');
    await writeFile(partial.temp ?? '', 'bytes of');
    // 3. the source gone, a verified temp: put it in place (mode kept as move)
    const orphan = await planned('orphan.jpg', 'move');
    await writeFile(orphan.temp ?? '', 'bytes of orphan.jpg');
    await rm(orphan.source);
    // 4. the source gone, a partial temp: it must not stay; failed
    const lost = await planned('lost.jpg', 'copy');
    await writeFile(lost.temp ?? '', 'bytes');
    await rm(lost.source);
    // 5. a copy placed, source still there, no temp name logged
    const copied = { ...(await planned('copied.jpg', 'copy')), temp: null };
    await writeFile(copied.dest, 'bytes of copied.jpg');
    // 6. already done: untouched
    const finished = await planned('finished.jpg', 'copy');
    await tables.fileActions.record([placed, partial, orphan, lost, copied, { ...finished, state: 'done' }]);

    const settled = await recoverFileActions(deps);
    const by = (id: string): FileActionEntry | undefined => settled.find((s) => s.action_id === id);
    expect(settled).toHaveLength(5);
    expect(by(placed.action_id)).toMatchObject({ state: 'done', message: 'finished after an interruption' });
    expect(await exists(placed.source)).toBe(false);
    expect(await exists(placed.temp ?? '')).toBe(false);
    expect(by(partial.action_id)).toMatchObject({
      state: 'rolled-back',
      message: 'interrupted before it finished; the original is in place',
    });
    expect(await exists(partial.temp ?? '')).toBe(false);
    expect(await readFile(partial.source, 'utf8')).toBe('bytes of partial.jpg');
    expect(by(orphan.action_id)).toMatchObject({ state: 'done', mode: 'move', dest: orphan.dest });
    expect(await readFile(orphan.dest, 'utf8')).toBe('bytes of orphan.jpg');
    expect(by(lost.action_id)).toMatchObject({
      state: 'failed',
      message: `neither ${lost.source} nor a copy at ${lost.dest} was found`,
    });
    expect(await exists(lost.temp ?? '')).toBe(false);
    expect(by(copied.action_id)).toMatchObject({ state: 'done' });
    expect(await exists(copied.source)).toBe(true);
    expect(relocations.sort()).toEqual([
      ['photo-orphan.jpg', orphan.dest],
      ['photo-placed.jpg', placed.dest],
    ]);
    expect(tables.fileActions.get(finished.action_id)?.state).toBe('done');
    expect(tables.fileActions.actions().filter((a) => a.state === 'intent')).toEqual([]);
  });

  it('actions logged without a temp name fail, roll back and recover cleanly; a custom temp name is the one used', async () => {
    // a failure with no temp name logged
    const changed = { ...(await planned('c.jpg', 'copy')), temp: null, sha256: sha('other') };
    const failedEntry = (await performWithCause(deps, await intent(changed))).entry;
    expect(failedEntry.state).toBe('failed');
    // a verified copy at a temp name of its own, the source gone: placed from that temp
    const custom = await planned('t.jpg', 'copy');
    const customTemp = path.join(dir, 'album', '.custom.part');
    await writeFile(customTemp, 'bytes of t.jpg');
    await rm(custom.source);
    const customEntry = (await performWithCause(deps, await intent({ ...custom, temp: customTemp }))).entry;
    expect(customEntry.state).toBe('done');
    await tables.fileActions.record([failedEntry, customEntry]);
    expect(await readFile(custom.dest, 'utf8')).toBe('bytes of t.jpg');
    expect(await exists(customTemp)).toBe(false);

    // interrupted, no temp name: rolled back while the source is there, failed when it is not
    const back = { ...(await planned('b.jpg', 'move')), temp: null };
    const gone = { ...(await planned('g.jpg', 'move')), temp: null };
    await rm(gone.source);
    await tables.fileActions.record([back, gone]);
    const settled = await recoverFileActions(deps);
    expect(settled.map((s) => [path.basename(s.source), s.state])).toEqual([
      ['b.jpg', 'rolled-back'],
      ['g.jpg', 'failed'],
    ]);
    expect(settled[1]?.message).toBe(`neither ${gone.source} nor a copy at ${gone.dest} was found`);
    expect(await readFile(back.source, 'utf8')).toBe('bytes of b.jpg');
    expect(relocations).toEqual([]);
  });

  it('recovery relocates a photo only for a move it finished: not for a copy, not for a copy it could not place', async () => {
    // a copy whose source is gone but whose verified temp is here: placed, no relocation
    const copy = await planned('copy.jpg', 'copy');
    await writeFile(copy.temp ?? '', 'bytes of copy.jpg');
    await rm(copy.source);
    // a move in the same state whose destination folder is gone: failed, no relocation, the temp kept as the last copy
    const move = { ...(await planned('move.jpg', 'move')), dest: path.join(dir, 'gone', 'move.jpg') };
    const moveTemp = path.join(dir, 'album', '.shoebox-move.part');
    await writeFile(moveTemp, 'bytes of move.jpg');
    await rm(move.source);
    await tables.fileActions.record([copy, { ...move, temp: moveTemp }]);
    const settled = await recoverFileActions(deps);
    expect(settled.map((s) => [s.mode, s.state])).toEqual([
      ['copy', 'done'],
      ['move', 'failed'],
    ]);
    expect(await readFile(copy.dest, 'utf8')).toBe('bytes of copy.jpg');
    expect(await readFile(moveTemp, 'utf8')).toBe('bytes of move.jpg');
    expect(relocations).toEqual([]);
  });

  it('recovery leaves a move done when its move back failed, and ignores a revert of an unknown action', async () => {
    const plan = await planned('m.jpg', 'move');
    await performPlanned(deps, [plan], () => undefined);
    await rm(plan.dest);
    expect(await undoAction(deps, tables.fileActions.get(plan.action_id) ?? (undefined as never))).not.toBeNull();
    const stray = { ...(await planned('s.jpg', 'copy')), state: 'done' as const, reverts: 'no-such-action' };
    await tables.fileActions.record([stray]);
    expect(await recoverFileActions(deps)).toEqual([]);
    expect(tables.fileActions.get(plan.action_id)?.state).toBe('done');
    expect(tables.fileActions.get(stray.action_id)?.state).toBe('done');
  });

  it('recovery marks a move undone when the move back had finished', async () => {
    const plan = await planned('m.jpg', 'move');
    const [done] = await performPlanned(deps, [plan], () => undefined);
    const backId = randomUUID();
    // the move back finished, but the process died before logging the original as undone
    await tables.fileActions.record([
      { ...(done ?? plan), action_id: backId, source: plan.dest, dest: plan.source, temp: null, state: 'done', reverts: plan.action_id },
    ]);
    const other = await planned('o.jpg', 'copy');
    await performPlanned(deps, [other], () => undefined);
    expect(await recoverFileActions(deps)).toEqual([]);
    expect(tables.fileActions.get(plan.action_id)?.state).toBe('undone');
    expect(tables.fileActions.get(plan.action_id)?.message).toBeNull();
    // a second recovery finds nothing left to settle and logs nothing
    await tables.fileActions.flush();
    const logged = await logRows();
    expect(await recoverFileActions(deps)).toEqual([]);
    await tables.fileActions.flush();
    expect(await logRows()).toBe(logged);
    expect(tables.fileActions.get(backId)?.state).toBe('done');
    expect(tables.fileActions.get(other.action_id)?.state).toBe('done');
  });
});
