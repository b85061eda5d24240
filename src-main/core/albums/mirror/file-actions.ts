import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FileActionRow } from '../../catalog/album-schemas.js';
import type { FileActionEntry, FileActionStore } from '../../catalog/file-actions-store.js';
import {
  CancelledCopyError,
  CollisionError,
  copyVerified,
  exists,
  freeName,
  holds,
  linkNoClobber,
  placeNoClobber,
  removeDurably,
} from './file-ops.js';

/**
 * [Note: file action log]
 * Auto-sort touches the person's own files, so every action is written to the `file_actions`
 * table as an intent BEFORE it starts and marked done (or failed, rolled back, undone) after.
 * A move is: copy to a hidden temp name beside the destination, fsync, verify the full SHA-256
 * of the bytes read and of the bytes written, link into place without overwriting (a taken name
 * gets " (2)"), fsync the folder, and only then delete the source. So a crash at any point leaves
 * the original in place, or both copies; `recoverFileActions` (run when a library opens) reads
 * the intents that never finished and completes them (the destination holds the right bytes) or
 * rolls them back (it does not and the source is still there). It never deletes the last copy.
 */

export interface FileActionDeps {
  actions: FileActionStore;
  /** a photo's file moved: tell the catalogue (no-op when no catalogue is open) */
  relocated: (photoId: string, newPath: string) => Promise<void>;
  /** test-only: a pause between the steps of an action, so a test can kill the process mid-action (CoreOptions.timings) */
  pauseMs?: () => number;
  /** the person cancelled the run: no next action starts, a copy under way stops and is removed */
  signal?: AbortSignal;
}

export function tempNameFor(dest: string, actionId: string): string {
  return path.join(path.dirname(dest), `.shoebox-${actionId}.part`);
}

/** A row's fields without its position in the log, to log a next state of the same action. */
export function entryOf(row: FileActionRow): FileActionEntry {
  return {
    action_id: row.action_id,
    album_id: row.album_id,
    photo_id: row.photo_id,
    mode: row.mode,
    source: row.source,
    dest: row.dest,
    temp: row.temp,
    sha256: row.sha256,
    state: row.state,
    reverts: row.reverts,
    message: row.message,
  };
}

/** Test-only: `deps.pauseMs` pauses between the steps so a test can kill the process mid-action. */
export async function testPause(deps: Pick<FileActionDeps, 'pauseMs'>): Promise<void> {
  const ms = deps.pauseMs?.() ?? 0;
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}

async function copyIntoPlace(deps: FileActionDeps, row: FileActionRow): Promise<void> {
  const temp = row.temp ?? tempNameFor(row.dest, row.action_id);
  if (!(await holds(temp, row.sha256))) {
    await rm(temp, { force: true });
    await copyVerified(row.source, temp, row.sha256, deps.signal);
  }
  await testPause(deps);
  await placeNoClobber(temp, row.dest);
}

async function execute(deps: FileActionDeps, row: FileActionRow): Promise<void> {
  if (row.mode === 'link') return linkNoClobber(row.source, row.dest);
  await copyIntoPlace(deps, row);
  if (row.mode !== 'move') return;
  await testPause(deps);
  await removeDurably(row.source);
}

/** Carries one logged intent through to done or failed; a taken destination is re-logged under a free name. */
export async function perform(deps: FileActionDeps, intent: FileActionRow): Promise<FileActionEntry> {
  return (await performWithCause(deps, intent)).entry;
}

/** `perform`, also handing back the error a failed action met (the log keeps only its message). */
export async function performWithCause(deps: FileActionDeps, intent: FileActionRow): Promise<{ entry: FileActionEntry; cause: unknown }> {
  let row = intent;
  for (;;) {
    try {
      await execute(deps, row);
      if (row.mode === 'move') await deps.relocated(row.photo_id, row.dest);
      return { entry: { ...entryOf(row), state: 'done', message: null }, cause: null };
    } catch (error) {
      if (error instanceof CancelledCopyError) return { entry: { ...entryOf(row), state: 'rolled-back', message: error.message }, cause: error };
      if (!(error instanceof CollisionError)) return { entry: await failed(row, error), cause: error };
      const dest = await freeName(path.dirname(row.dest), path.basename(row.dest), new Set([row.dest]));
      [row = row] = await deps.actions.record([{ ...entryOf(row), dest }]);
    }
  }
}

/** Intents are logged this many at a time: one catalogue write announces a chunk of file operations. */
const CHUNK = 32;

/** An intent logged but never started because the run was cancelled: rolled back, the log says why. */
const notStarted = (intent: FileActionRow): FileActionEntry => ({ ...entryOf(intent), state: 'rolled-back', message: 'cancelled before it started' });

/**
 * Logs planned actions a chunk at a time, carries each through, then logs the outcomes: the
 * loop an album's mirror and an import's filing share. `onOutcome` hears each with the count so far.
 * When `deps.signal` aborts, the action under way finishes or is rolled back (a partial copy removed),
 * the chunk's other intents are logged as rolled back, and no later chunk is started.
 */
export async function performPlanned(
  deps: FileActionDeps,
  planned: readonly FileActionEntry[],
  onOutcome: (outcome: FileActionEntry, done: number) => void,
): Promise<FileActionEntry[]> {
  const all: FileActionEntry[] = [];
  for (let i = 0; i < planned.length; i += CHUNK) {
    const intents = await deps.actions.record(planned.slice(i, i + CHUNK));
    const outcomes: FileActionEntry[] = [];
    for (const intent of intents) {
      if (deps.signal?.aborted === true) {
        outcomes.push(notStarted(intent));
        continue;
      }
      const outcome = await perform(deps, intent);
      outcomes.push(outcome);
      onOutcome(outcome, i + outcomes.length);
    }
    await deps.actions.record(outcomes);
    all.push(...outcomes);
    if (deps.signal?.aborted === true) break;
  }
  return all;
}

/**
 * Undoes one done action, for an album's mirror and for an import alike: a copy or link is
 * removed only while it is unchanged and the original is intact (so the last copy of a photo is
 * never the one removed); a move is moved back, itself logged as an action that `reverts` it.
 * Returns null when undone, else why it was kept.
 */
export async function undoAction(deps: FileActionDeps, action: FileActionRow): Promise<string | null> {
  const actions = deps.actions;
  if (action.mode !== 'move') {
    if (await holds(action.dest, action.sha256)) {
      if (!(await holds(action.source, action.sha256))) return `${action.source} is gone or changed; its copy ${action.dest} was kept`;
      await removeDurably(action.dest);
    }
    await actions.record([{ ...entryOf(action), state: 'undone', message: null }]);
    return null;
  }
  await mkdir(path.dirname(action.source), { recursive: true });
  const back = await freeName(path.dirname(action.source), path.basename(action.source), new Set());
  const actionId = randomUUID();
  const [intent] = await actions.record([
    { ...entryOf(action), action_id: actionId, source: action.dest, dest: back, temp: tempNameFor(back, actionId), state: 'intent', reverts: action.action_id, message: null },
  ]);
  if (!intent) return 'the undo could not be logged';
  const outcome = await perform(deps, intent);
  await actions.record([outcome]);
  if (outcome.state !== 'done') return outcome.message ?? outcome.state;
  await actions.record([{ ...entryOf(action), state: 'undone', message: null }]);
  return null;
}

/**
 * A failed action leaves the source as it was; the temp copy goes while the source is still there,
 * and always when it is not a verified copy (a source that vanished mid-read, a pulled card).
 */
async function failed(row: FileActionRow, error: unknown): Promise<FileActionEntry> {
  if (row.temp !== null && ((await exists(row.source)) || !(await holds(row.temp, row.sha256)))) await rm(row.temp, { force: true });
  const message = error instanceof Error ? error.message : String(error);
  return { ...entryOf(row), state: 'failed', message };
}

/** Decides an interrupted action from what is on disk (see [Note: file action log]). */
async function recoverOne(deps: FileActionDeps, row: FileActionRow): Promise<FileActionEntry> {
  const temp = row.temp;
  if (await holds(row.dest, row.sha256)) {
    if (temp !== null) await removeDurably(temp);
    if (row.mode === 'move') {
      if (await exists(row.source)) await removeDurably(row.source);
      await deps.relocated(row.photo_id, row.dest);
    }
    return { ...entryOf(row), state: 'done', message: 'finished after an interruption' };
  }
  if (await exists(row.source)) {
    if (temp !== null) await removeDurably(temp);
    return { ...entryOf(row), state: 'rolled-back', message: 'interrupted before it finished; the original is in place' };
  }
  if (temp !== null && (await holds(temp, row.sha256))) {
    // The source is gone but the verified copy is here: put it in place rather than lose it.
    const entry = await perform(deps, { ...row, mode: 'copy' });
    if (entry.state === 'done' && row.mode === 'move') await deps.relocated(row.photo_id, entry.dest);
    return { ...entry, mode: row.mode };
  }
  // What is left at the temp name is no verified copy: a partial file must not stay behind.
  if (temp !== null) await removeDurably(temp);
  return { ...entryOf(row), state: 'failed', message: `neither ${row.source} nor a copy at ${row.dest} was found` };
}

/**
 * Finishes or rolls back every action a crash interrupted, and marks the moves that an undo
 * had finished reversing. Returns the actions it settled.
 */
export async function recoverFileActions(deps: FileActionDeps): Promise<FileActionEntry[]> {
  const settled: FileActionEntry[] = [];
  for (const row of deps.actions.actions().filter((a) => a.state === 'intent')) {
    settled.push(await recoverOne(deps, row));
  }
  await deps.actions.record(settled);
  const undone = deps.actions
    .actions()
    .filter((a) => a.state === 'done' && a.reverts !== null && deps.actions.get(a.reverts)?.state === 'done')
    .map((a) => deps.actions.get(a.reverts ?? ''))
    .filter((a): a is FileActionRow => a !== undefined)
    .map((a) => ({ ...entryOf(a), state: 'undone' as const, message: null }));
  await deps.actions.record(undone);
  return settled;
}
