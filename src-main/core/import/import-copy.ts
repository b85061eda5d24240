import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError, type ErrorCode } from '../../contract/errors.js';
import type { ImportRecord, ImportSkip } from '../../contract/imports.js';
import type { FileActionEntry } from '../catalog/file-actions-store.js';
import type { FileActionDeps } from '../albums/mirror/file-actions.js';
import { exists, holds, removeDurably, SourceChangedError } from '../albums/mirror/file-ops.js';

/**
 * [Note: import log]
 * An import is two logs. Its header (the `imports` table) says what was asked and how far it
 * got; each file it copies is a file action (see [Note: file action log]) whose album_id is
 * `import:<id>` and whose photo_id is the source's quick hash.
 *
 * The header is saved "running" before anything is written, and again with each batch (the folders
 * it made) but without the list of files copied so far: each is a file action, from which recover()
 * rebuilds the list of an import that was cut short. Each file is then copied, as soon as
 * the plan has decided it is new (import-pipeline.ts: the copy starts while the rest of the card is
 * still being read), into the import's own hidden staging folder, `.shoebox-import-<id>` in the
 * destination: read once and hashed while the kernel copies it to a temp name (copy_file_range;
 * off Linux the bytes read are written), fsynced, read back and compared with the bytes read
 * (import-stage.ts; four files in flight). Every batch of such
 * verified copies (BATCH_LIMITS) is then named, logged with its SHA-256, linked into place without
 * overwriting (a taken name gets " (2)"), its folders fsynced together (not one after another), and
 * only then logged done; the next files copy meanwhile. A copy is thus logged before anything is
 * visible under a final name, and what is in the staging folder belongs to the running import alone.
 *
 * One staging folder, not a temp beside each final name: a card spread over a hundred day folders
 * otherwise has the file system commit a hundred new folders with the copies' fsyncs (104 photos in
 * 104 day folders: 0.49–0.54 s staged beside, 0.42–0.47 s staged in one folder). A day folder on
 * another disk than the staging folder (a link to an external drive) gets its copy made again from
 * the card beside its final name, as a link cannot cross disks. The staging folder goes when the
 * copy ends.
 *
 * A kill or a pulled card: the next start settles the logged rows like any file action: a copy
 * whose verified bytes are in place is done; otherwise its temp is removed and the source is
 * untouched. The header of an import still "running" is then marked interrupted and its staging
 * folder removed (copies not logged yet never had a final name). Nothing under a final name is ever
 * partial, and the next import of the same card skips what is done (the log and the library know
 * its content), so it resumes without a duplicate. A file not copied (cancelled, failed, not
 * reached) has no row; a failure is in the header's list. Undo reverses the actions: a copy is
 * removed only when it is unchanged and the source still holds the same bytes, so no undo removes
 * the last copy of a photo.
 */
export const IMPORT_PREFIX = 'import:';

export function importActionTag(importId: string): string {
  return `${IMPORT_PREFIX}${importId}`;
}

/**
 * The code of a file the copy could not import. An error naming a file other than the source (the
 * temp copy or its folder: removed meanwhile, not writable) is the library's side, not the card's.
 */
export function codeFor(cause: unknown, source: string): ErrorCode {
  if (cause instanceof SourceChangedError) return 'FILE_BUSY';
  if (cause instanceof AppError) return cause.code;
  const error = cause as NodeJS.ErrnoException | null;
  const code = error?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'DISK_FULL';
  if (error?.path !== undefined && error.path !== source) return 'FILE_OPERATION_FAILED';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EIO' || code === 'ENOENT' || code === 'ENXIO') return 'FILE_UNREADABLE';
  return 'FILE_OPERATION_FAILED';
}

/** What to do about a file that failed, by its code (a changed file's and an AppError's own message say it already). */
const LIBRARY_SIDE_HINT = 'Check that the destination folder still exists and can be written, then import again.';

function hintFor(code: ErrorCode): string | undefined {
  if (code === 'DISK_FULL') return 'The destination disk is full: free some space, then import again to copy the rest.';
  if (code === 'FILE_UNREADABLE') return 'It was left on the source: check the card (or the file\'s permissions), then import again.';
  if (code === 'FILE_OPERATION_FAILED') return LIBRARY_SIDE_HINT;
  return undefined;
}

/** The failure as the record lists it: the file, the cause and what to do. */
export function failureOf(source: string, cause: unknown): ImportSkip {
  const code = codeFor(cause, source);
  const message = cause instanceof Error ? cause.message : String(cause);
  const hint = cause instanceof AppError ? undefined : hintFor(code);
  return { path: source, code, message: hint === undefined ? `${source}: ${message}` : `${source}: ${message}. ${hint}` };
}

/** A verified copy that could not be given its name (its folder went, or cannot be written): the library's side. */
export function placeFailure(source: string, message: string): ImportSkip {
  return { path: source, code: 'FILE_OPERATION_FAILED', message: `${source}: ${message}. ${LIBRARY_SIDE_HINT}` };
}

export async function sourcesGone(sources: readonly string[]): Promise<boolean> {
  for (const source of sources) if (!(await exists(source))) return true;
  return false;
}

/**
 * Makes a folder and notes the ones that did not exist, so an undo removes only those (the deepest
 * first). True when `folder` itself was made here (so it holds nothing yet).
 */
export async function makeFolder(folder: string, created: string[]): Promise<boolean> {
  // The first folder the recursive mkdir made (none when `folder` existed): it and those below it up to `folder` are new.
  const first = await mkdir(folder, { recursive: true });
  if (first === undefined) return false;
  const missing = [folder];
  for (let dir = folder; dir !== first && path.dirname(dir) !== dir; dir = path.dirname(dir)) missing.unshift(path.dirname(dir));
  for (const dir of missing) if (!created.includes(dir)) created.push(dir);
  return true;
}

const STAGING_PREFIX = '.shoebox-import-';

/** The hidden folder an import stages its copies in (see [Note: import log]). */
export function stagingFolder(destination: string, importId: string): string {
  return path.join(destination, `${STAGING_PREFIX}${importId}`);
}

/**
 * Removes what killed imports left in their staging folders. Called once every file action is
 * settled (a verified copy whose source went was put in place), so a temp there is no one's only copy.
 */
export async function removeStaleStaging(destination: string, importIds: ReadonlySet<string>): Promise<void> {
  for (const name of await readdir(destination).catch(() => [])) {
    if (name.startsWith(STAGING_PREFIX) && importIds.has(name.slice(STAGING_PREFIX.length))) {
      await rm(path.join(destination, name), { recursive: true, force: true });
    }
  }
}

export interface CopyDeps {
  fileActions: FileActionDeps;
  save: (record: ImportRecord) => Promise<void>;
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
