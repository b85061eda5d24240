import { link, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { FileActionRow } from '../catalog/album-schemas.js';
import type { FileActionEntry } from '../catalog/file-actions-store.js';
import { fsyncPath } from '../util/atomic-file.js';
import { entryOf, perform, testPause, type FileActionDeps } from './mirror/file-actions.js';

/** Intents are logged this many at a time: one catalogue write announces a chunk of moves. */
const CHUNK = 128;

async function syncFolders(files: readonly string[]): Promise<void> {
  for (const folder of new Set(files.map((f) => path.dirname(f)))) await fsyncPath(folder);
}

/**
 * The file action log's loop ([Note: file action log]) with a fast path for moves within one disk,
 * as the trash makes them: a chunk of intents is logged, then every photo gets a hard link at its
 * destination, the destination folders are fsynced, and only then do the sources go (their folders
 * fsynced after). So the bytes are never copied, a photo is under one name or both at any instant,
 * and a kill is settled by `recoverFileActions` as any move is. A move that cannot link (another
 * disk, a taken name, a filesystem without links) and every copy go the verified way of `perform`.
 */
export async function moveLogged(
  deps: FileActionDeps,
  planned: readonly FileActionEntry[],
  onOutcome: (outcome: FileActionEntry) => void,
): Promise<FileActionEntry[]> {
  const all: FileActionEntry[] = [];
  for (let i = 0; i < planned.length; i += CHUNK) {
    const intents = await deps.actions.record(planned.slice(i, i + CHUNK));
    const linked: FileActionRow[] = [];
    for (const intent of intents) {
      if (intent.mode !== 'move') continue;
      const made = await link(intent.source, intent.dest).then(() => true, () => false);
      if (made) linked.push(intent);
    }
    await syncFolders(linked.map((l) => l.dest));
    await testPause(deps);
    for (const intent of linked) await unlink(intent.source).catch(() => undefined);
    await syncFolders(linked.map((l) => l.source));
    const fast = new Set(linked.map((l) => l.action_id));
    const outcomes: FileActionEntry[] = [];
    for (const intent of intents) {
      let outcome: FileActionEntry;
      if (fast.has(intent.action_id)) {
        await deps.relocated(intent.photo_id, intent.dest);
        outcome = { ...entryOf(intent), state: 'done', message: null };
      } else {
        outcome = await perform(deps, intent);
      }
      outcomes.push(outcome);
      onOutcome(outcome);
    }
    await deps.actions.record(outcomes);
    all.push(...outcomes);
  }
  return all;
}
