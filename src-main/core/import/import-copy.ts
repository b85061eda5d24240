import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError, type ErrorCode } from '../../contract/errors.js';
import type { ImportRecord, ImportSkip } from '../../contract/imports.js';
import type { FileActionRow } from '../catalog/album-schemas.js';
import type { FileActionEntry } from '../catalog/file-actions-store.js';
import { entryOf, tempNameFor, testPause, type FileActionDeps } from '../albums/mirror/file-actions.js';
import { exists, freeName, holds, removeDurably, SourceChangedError } from '../albums/mirror/file-ops.js';
import { fsyncPath } from '../util/atomic-file.js';
import type { ImportJob } from './import-job.js';
import type { PlannedFile } from './import-plan.js';
import { copyStaged, CopyBuffers, placeStaged } from './import-stage.js';

/**
 * [Note: import log]
 * An import is two logs. Its header (the `imports` table) says what was asked and how far it
 * got; each file it copies is a file action (see [Note: file action log]) whose album_id is
 * `import:<id>` and whose photo_id is the source's quick hash. Per chunk of files: the intents are
 * logged (no hash yet), each file is copied to a hidden temp name, fsynced and read back against
 * the bytes read (import-stage.ts; four files in flight, each read once and hashed while it is
 * written), the staged rows are logged with the SHA-256 of those bytes, then each temp is linked
 * into place without overwriting (a taken name gets " (2)"), the chunk's folders are fsynced
 * together (not one after another), and only then are the copies marked done.
 *
 * The temps live in one hidden staging folder per import, `.shoebox-import-<id>` in the
 * destination, not beside each final name: a card spread over a hundred day folders otherwise has
 * the file system commit a hundred new folders with the copies' fsyncs (104 photos in 104 day
 * folders: 0.49–0.54 s staged beside, 0.42–0.47 s staged in one folder). A day folder on another
 * disk than the staging folder (a link to an external drive) gets its temps beside the final
 * names, as a link cannot cross disks. The staging folder goes when the copy ends; what a kill
 * leaves in it goes at the next start, after the file actions are settled.
 *
 * A kill or a pulled card leaves rows the next start settles like any file action: a copy whose
 * verified bytes are in place is done; otherwise the temp is removed (an intent without a hash
 * never reaches its final name) and the source is untouched. The header of an import still
 * "running" is then marked interrupted. Nothing under a final name is ever partial, and the next
 * import of the same card skips what is done (the log and the library know its content), so it
 * resumes without a duplicate. Undo reverses the actions: a copy is removed only when it is
 * unchanged and the source still holds the same bytes, so no undo removes the last copy of a
 * photo.
 */
export const IMPORT_PREFIX = 'import:';

/**
 * A chunk's size: four catalogue writes each (a LanceDB commit costs tens of milliseconds on a busy
 * disk, as much as copying a few photos), and each chunk ends with its last copies finishing one by
 * one while nothing new starts, so chunks are large; a kill costs at most one chunk's copying, which
 * the byte cap keeps to a few seconds of the disk's time (a card of RAW files or videos).
 */
export const CHUNK_LIMITS = { files: 256, bytes: 2 ** 30 };

/** `files` cut into chunks of at most `limits.files` files and `limits.bytes` bytes (a bigger file is a chunk of its own). */
export function chunksOf<T extends { size: number }>(files: readonly T[], limits = CHUNK_LIMITS): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (chunk.length > 0 && (chunk.length >= limits.files || bytes + file.size > limits.bytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(file);
    bytes += file.size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
/** Files copied at once: one is hashed on the main thread while the others read, write and fsync on the I/O threads. */
const IN_FLIGHT = 4;

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
function hintFor(code: ErrorCode): string | undefined {
  if (code === 'DISK_FULL') return 'The destination disk is full: free some space, then import again to copy the rest.';
  if (code === 'FILE_UNREADABLE') return 'It was left on the source: check the card (or the file\'s permissions), then import again.';
  if (code === 'FILE_OPERATION_FAILED') return 'Check that the destination folder still exists and can be written, then import again.';
  return undefined;
}

/** The failure as the record lists it: the file, the cause and what to do. */
export function failureOf(source: string, cause: unknown): ImportSkip {
  const code = codeFor(cause, source);
  const message = cause instanceof Error ? cause.message : String(cause);
  const hint = cause instanceof AppError ? undefined : hintFor(code);
  return { path: source, code, message: hint === undefined ? `${source}: ${message}` : `${source}: ${message}. ${hint}` };
}

async function sourcesGone(sources: readonly string[]): Promise<boolean> {
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

/** A chunk's files, copied to their hidden temp names: the staged rows (now with the SHA-256) and the ones that failed. */
async function stageChunk(deps: CopyDeps, intents: readonly FileActionRow[], plannedBy: Map<string, PlannedFile>, record: ImportRecord, job: ImportJob, copiers: CopyBuffers[]) {
  const staged: FileActionEntry[] = [];
  const settled: FileActionEntry[] = [];
  const queue = [...intents];
  const stageOne = async (intent: FileActionRow, buffers: CopyBuffers): Promise<void> => {
    const file = plannedBy.get(intent.action_id);
    // A cancel or pause between files; the intents not started are rolled back.
    // Stryker disable next-line ConditionalExpression: equivalent, every intent's id was put in plannedBy with its file just before it was logged
    if (file === undefined || !(await job.proceed())) {
      settled.push({ ...entryOf(intent), state: 'rolled-back', message: 'cancelled before it started' });
      return;
    }
    try {
      // Stryker disable next-line StringLiteral: equivalent, every import intent is logged with its temp name
      const sha256 = await copyStaged(intent.source, intent.temp ?? '', file, buffers, job.signal);
      staged.push({ ...entryOf(intent), sha256 });
      job.fileDone(file.size, true, intent.source);
      await testPause(deps.fileActions);
    } catch (error) {
      if (job.signal.aborted && error === job.signal.reason) {
        // Cancelled while it was copied: its temp is gone and nothing was placed, as if never started.
        settled.push({ ...entryOf(intent), state: 'rolled-back', message: 'cancelled while it was copied' });
        return;
      }
      settled.push({ ...entryOf(intent), state: 'failed', message: (error as Error).message });
      job.fileDone(file.size, false, intent.source);
      if (await sourcesGone(record.sources)) {
        // A pulled card: stop rather than fail every file left; the next import resumes.
        job.cancelled = true;
        record.message = `${record.sources.join(', ')} disappeared (was the card removed?). Insert it again and import again to finish; nothing is duplicated.`;
      } else {
        record.failed.push(failureOf(intent.source, error));
      }
    }
  };
  const worker = async (buffers: CopyBuffers): Promise<void> => {
    for (let intent = queue.shift(); intent !== undefined; intent = queue.shift()) await stageOne(intent, buffers);
  };
  await Promise.all(copiers.map(worker));
  return { staged: await deps.fileActions.actions.record(staged), settled };
}

/**
 * Copies the planned files a chunk at a time as [Note: import log] says: intents logged (without a
 * hash yet), each file copied to its temp name and verified, the staged rows logged with their
 * SHA-256, then each put in place and its folder fsynced once; the header and three log writes per
 * chunk (chunks as CHUNK_LIMITS says).
 * Fills the record as it goes.
 */
export async function copyPlanned(deps: CopyDeps, files: readonly PlannedFile[], record: ImportRecord, job: ImportJob, limits = CHUNK_LIMITS): Promise<FileActionEntry[]> {
  const staging = stagingFolder(record.destination, record.id);
  await mkdir(staging, { recursive: true });
  try {
    return await copyChunks(deps, chunksOf(files, limits), record, job, { path: staging, dev: (await stat(staging)).dev });
  } finally {
    // Empty unless a kill interrupted it (the next start clears it then): a failed or cancelled copy removed its temp.
    await rmdir(staging).catch(() => undefined);
  }
}

/** A destination folder as the naming sees it, looked at once per import. */
interface KnownFolder {
  /** the names in it when first seen (a folder this import made holds none) */
  names: Set<string>;
  /** on the staging folder's disk: its files can be staged there */
  staged: boolean;
}

async function copyChunks(deps: CopyDeps, chunks: readonly PlannedFile[][], record: ImportRecord, job: ImportJob, staging: { path: string; dev: number }): Promise<FileActionEntry[]> {
  const done: FileActionEntry[] = [];
  const taken = new Set<string>();
  /** each destination folder, looked at once: naming a file costs no look at the disk */
  const known = new Map<string, Promise<KnownFolder>>();
  const look = async (folder: string): Promise<KnownFolder> => {
    const made = await makeFolder(folder, record.createdFolders);
    return { names: made ? new Set() : new Set(await readdir(folder)), staged: (await stat(folder)).dev === staging.dev };
  };
  const folderOf = (folder: string): Promise<KnownFolder> => {
    let seen = known.get(folder);
    // Stryker disable next-line ConditionalExpression: equivalent but slower, looking again gives the same answers (the names this import took are in `taken`)
    if (seen === undefined) {
      seen = look(folder);
      known.set(folder, seen);
    }
    return seen;
  };
  const onDisk = async (file: string): Promise<boolean> => (await folderOf(path.dirname(file))).names.has(path.basename(file));
  // Stryker disable next-line ArrowFunction: equivalent but slower, copyStaged then makes fresh buffers per file
  const copiers = Array.from({ length: IN_FLIGHT }, () => new CopyBuffers());
  for (const chunk of chunks) {
    if (!(await job.proceed())) break;
    const entries: FileActionEntry[] = [];
    const plannedBy = new Map<string, PlannedFile>();
    // The chunk's folders are made and looked at all at once (a card's day folders are many, each a few calls).
    await Promise.all(chunk.map((file) => folderOf(path.join(record.destination, path.dirname(file.target)))));
    for (const file of chunk) {
      const folder = path.join(record.destination, path.dirname(file.target));
      const { staged } = await folderOf(folder);
      const dest = await freeName(folder, path.basename(file.target), taken, onDisk);
      taken.add(dest);
      const actionId = randomUUID();
      entries.push({
        action_id: actionId, album_id: importActionTag(record.id), photo_id: file.quickHash, mode: 'copy', source: file.path, dest,
        temp: staged ? path.join(staging.path, path.basename(tempNameFor(dest, actionId))) : tempNameFor(dest, actionId), sha256: '', state: 'intent', reverts: null, message: null,
      });
      plannedBy.set(actionId, file);
    }
    await deps.save(record);
    const intents = await deps.fileActions.actions.record(entries);
    const { staged, settled } = await stageChunk(deps, intents, plannedBy, record, job, copiers);
    const placed = await Promise.all(staged.map((row) => placeStaged(deps.fileActions, row)));
    // The new names are on disk before any copy is logged done: one fsync per folder, not per file, all
    // at once (the file system commits them together), the staging folder's removals with them.
    await Promise.all([...new Set([staging.path, ...placed.flatMap((entry) => (entry.state === 'done' ? [path.dirname(entry.dest)] : []))])].map(fsyncPath));
    for (const entry of placed) {
      settled.push(entry);
      // Stryker disable next-line OptionalChaining: equivalent, every placed row's id is in plannedBy
      const size = plannedBy.get(entry.action_id)?.size ?? 0;
      if (entry.state === 'done') {
        done.push(entry);
        record.files.push({ from: entry.source, to: entry.dest });
        record.copied += 1;
        record.bytes += size;
      } else {
        // Stryker disable next-line StringLiteral: equivalent, placeStaged gives every failed row its message
        record.failed.push({ path: entry.source, code: 'FILE_OPERATION_FAILED', message: `${entry.source}: ${entry.message ?? 'not copied'}. ${hintFor('FILE_OPERATION_FAILED') ?? ''}` });
        job.placeFailed();
      }
    }
    await deps.fileActions.actions.record(settled);
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
