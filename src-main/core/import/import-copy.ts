import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ErrorCode } from '../../contract/errors.js';
import type { ImportRecord, ImportSkip } from '../../contract/imports.js';
import type { FileActionEntry } from '../catalog/file-actions-store.js';
import { performWithCause, tempNameFor, type FileActionDeps } from '../albums/mirror/file-actions.js';
import { exists, freeName, holds, removeDurably, SourceChangedError } from '../albums/mirror/file-ops.js';
import { digestFile } from '../util/atomic-file.js';
import type { ImportJob } from './import-job.js';
import type { PlannedFile } from './import-plan.js';

/**
 * [Note: import log]
 * An import is two logs. Its header (the `imports` table) says what was asked and how far it
 * got; each file it copies is a file action (see [Note: file action log]) whose album_id is
 * `import:<id>` and whose photo_id is the source's quick hash: an intent logged before the copy,
 * copied to a hidden temp name, fsynced, verified by SHA-256 against the source, linked into
 * place without overwriting (a taken name gets " (2)"), then marked done. A kill or a pulled card
 * leaves intents that the next start settles like any file action: finished when the verified
 * copy is in place, rolled back (temp removed) otherwise; the header of an import still
 * "running" is then marked interrupted. Nothing under a final name is ever partial, and the
 * next import of the same card skips what is done (the log and the library know its content),
 * so it resumes without a duplicate. Undo reverses the actions: a copy is removed only when it
 * is unchanged and the source still holds the same bytes, so no undo removes the last copy.
 */
export const IMPORT_PREFIX = 'import:';

/** Intents logged per catalogue write. */
const CHUNK = 32;

export function importActionTag(importId: string): string {
  return `${IMPORT_PREFIX}${importId}`;
}

function codeFor(cause: unknown): ErrorCode {
  if (cause instanceof SourceChangedError) return 'FILE_BUSY';
  const code = (cause as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'DISK_FULL';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EIO' || code === 'ENOENT' || code === 'ENXIO') return 'FILE_UNREADABLE';
  return 'FILE_OPERATION_FAILED';
}

async function sourcesGone(sources: readonly string[]): Promise<boolean> {
  for (const source of sources) if (!(await exists(source))) return true;
  return false;
}

/** Makes a folder and notes the ones that did not exist, outermost first, so an undo removes only those. */
export async function makeFolder(folder: string, created: string[]): Promise<void> {
  const missing: string[] = [];
  for (let dir = folder; !(await exists(dir)); dir = path.dirname(dir)) missing.unshift(dir);
  await mkdir(folder, { recursive: true });
  for (const dir of missing) if (!created.includes(dir)) created.push(dir);
}

export interface CopyDeps {
  fileActions: FileActionDeps;
  save: (record: ImportRecord) => Promise<void>;
}

/** Copies the planned files a chunk at a time as [Note: import log] says; fills the record as it goes. */
export async function copyPlanned(deps: CopyDeps, files: readonly PlannedFile[], record: ImportRecord, job: ImportJob): Promise<FileActionEntry[]> {
  const done: FileActionEntry[] = [];
  const taken = new Set<string>();
  const fail = (file: string, code: ErrorCode, message: string): void => {
    const failure: ImportSkip = { path: file, code, message };
    record.failed.push(failure);
  };
  for (let i = 0; i < files.length && (await job.proceed()); i += CHUNK) {
    const entries: FileActionEntry[] = [];
    const sizes = new Map<string, number>();
    for (const file of files.slice(i, i + CHUNK)) {
      try {
        const sha256 = file.sha256 ?? (await digestFile(file.path)).sha256;
        const folder = path.join(record.destination, path.dirname(file.target));
        await makeFolder(folder, record.createdFolders);
        const dest = await freeName(folder, path.basename(file.target), taken);
        taken.add(dest);
        const actionId = randomUUID();
        entries.push({
          action_id: actionId, album_id: importActionTag(record.id), photo_id: file.quickHash, mode: 'copy',
          source: file.path, dest, temp: tempNameFor(dest, actionId), sha256, state: 'intent', reverts: null, message: null,
        });
        sizes.set(actionId, file.size);
      } catch (error) {
        fail(file.path, codeFor(error), `${file.path} could not be read (${(error as Error).message}); it was left on the source.`);
        job.fileDone(file.size, false, null);
      }
    }
    await deps.save(record);
    const intents = await deps.fileActions.actions.record(entries);
    const outcomes: FileActionEntry[] = [];
    for (const intent of intents) {
      // A cancel or pause between files; the intents not started are rolled back below.
      if (!(await job.proceed())) {
        outcomes.push({ ...intent, state: 'rolled-back', message: 'cancelled before it started' });
        continue;
      }
      const { entry, cause } = await performWithCause(deps.fileActions, intent);
      outcomes.push(entry);
      if (entry.state === 'done') {
        done.push(entry);
        record.files.push({ from: entry.source, to: entry.dest });
        record.copied += 1;
        record.bytes += sizes.get(entry.action_id) ?? 0;
      } else if (await sourcesGone(record.sources)) {
        // A pulled card: stop rather than fail every file left; the next import resumes.
        job.cancelled = true;
        record.message = `${record.sources.join(', ')} disappeared (was the card removed?). Insert it again and import again to finish; nothing is duplicated.`;
      } else {
        fail(entry.source, codeFor(cause), `${entry.source}: ${entry.message ?? 'not copied'}`);
      }
      job.fileDone(sizes.get(entry.action_id) ?? 0, entry.state === 'done', entry.source);
    }
    await deps.fileActions.actions.record(outcomes);
  }
  return done;
}

/**
 * Erases from the source only the files whose copy reads back byte for byte now (full SHA-256 of
 * both) and only after the whole import finished; anything in doubt stays on the card.
 */
export async function eraseVerified(done: readonly FileActionEntry[], record: ImportRecord): Promise<void> {
  for (const action of done) {
    if (!(await holds(action.dest, action.sha256)) || !(await holds(action.source, action.sha256))) continue;
    await removeDurably(action.source);
    record.erasedFromSource += 1;
  }
}
