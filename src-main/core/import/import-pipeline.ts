import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportRecord } from '../../contract/imports.js';
import type { FileActionEntry } from '../catalog/file-actions-store.js';
import { tempNameFor, testPause } from '../albums/mirror/file-actions.js';
import { freeName } from '../albums/mirror/file-ops.js';
import { fsyncPath } from '../util/atomic-file.js';
import { isInside } from '../library/supported-files.js';
import { failureOf, importActionTag, makeFolder, placeFailure, sourcesGone, stagingFolder, type CopyDeps } from './import-copy.js';
import type { ImportJob } from './import-job.js';
import type { PlannedFile } from './import-plan.js';
import { copyStaged, CopyBuffers, placeStaged } from './import-stage.js';

/**
 * How many copies may wait in the staging folder before they are logged and put in place: the log is
 * written while the next files copy, so batches cost no wall time but each is a few catalogue writes;
 * a kill costs at most one batch's copying (a few seconds of the disk's time, the byte cap for a card of
 * RAW files or videos).
 */
export const BATCH_LIMITS = { files: 64, bytes: 256 * 2 ** 20 };
/** Files copied at once: one is hashed on the main thread while the others read, write and fsync on the I/O threads. */
const IN_FLIGHT = 4;

/** A file copied into the staging folder and verified, not logged yet. */
interface Staged {
  file: PlannedFile;
  actionId: string;
  temp: string;
  sha256: string;
}

/** A destination folder as the naming sees it, looked at once per import. */
interface KnownFolder {
  /** the names in it when first seen (a folder this import made holds none) */
  names: Set<string>;
  /** on the staging folder's disk: a staged copy can be linked into it */
  sameDisk: boolean;
}

/**
 * Copies the planned files as [Note: import log] says, while they are still being planned: each is
 * copied into the import's staging folder and verified as soon as the plan hands it over; every
 * batch of verified copies is then named, logged with their SHA-256, put in place, its folders
 * fsynced, and logged done, while the next files copy. Fills the record as it goes.
 */
export async function copyPlanned(
  deps: CopyDeps,
  files: Iterable<PlannedFile> | AsyncIterable<PlannedFile>,
  record: ImportRecord,
  job: ImportJob,
  limits = BATCH_LIMITS,
): Promise<FileActionEntry[]> {
  const staging = stagingFolder(record.destination, record.id);
  await mkdir(staging, { recursive: true });
  const copy = new ImportCopy(deps, record, job, limits, { path: staging, dev: (await stat(staging)).dev });
  try {
    return await copy.run(files);
  } finally {
    await copy.removeUnusedFolders();
    // Empty unless a kill interrupted it (the next start clears it then): a failed or cancelled copy removed its temp.
    await rmdir(staging).catch(() => undefined);
  }
}

class ImportCopy {
  /**
   * Each file handed out, by its place in the plan, once its copy is over: staged, or null (failed, cancelled).
   * Batches are taken in the plan's order, so names are given in that order whatever copy finished first.
   */
  private readonly settled = new Map<number, Staged | null>();
  /** the place in the plan of the next file to log */
  private nextToLog = 0;
  private handedOut = 0;
  private copying = true;
  private wake: (() => void) | null = null;
  private readonly taken = new Set<string>();
  private readonly known = new Map<string, Promise<KnownFolder>>();
  /**
   * Folder work, one folder at a time: new folders in one parent made at once only wait on the
   * parent's lock (ext4 spins on it), and making one takes ext4 a few ms (it picks a block group).
   */
  private folderWork: Promise<unknown> = Promise.resolve();
  /** the folders this copy made, and those a copy was placed in */
  private readonly made: string[] = [];
  private readonly used = new Set<string>();

  constructor(
    private readonly deps: CopyDeps,
    private readonly record: ImportRecord,
    private readonly job: ImportJob,
    private readonly limits: { files: number; bytes: number },
    private readonly staging: { path: string; dev: number },
  ) {}

  async run(files: Iterable<PlannedFile> | AsyncIterable<PlannedFile>): Promise<FileActionEntry[]> {
    const source = Symbol.asyncIterator in files ? files[Symbol.asyncIterator]() : files[Symbol.iterator]();
    // one file handed out at a time, in the plan's order
    let pulling = Promise.resolve<PlannedFile | undefined>(undefined);
    const next = (): Promise<{ file: PlannedFile; seq: number } | undefined> => {
      const pulled = pulling.then(async () => {
        const item = await source.next();
        return item.done === true ? undefined : item.value;
      });
      pulling = pulled;
      return pulled.then((file) => (file === undefined ? undefined : { file, seq: this.handedOut++ }));
    };
    // Stryker disable next-line ArrowFunction: equivalent but slower, copyStaged then makes fresh buffers per file
    const copiers = Promise.all(Array.from({ length: IN_FLIGHT }, () => this.copier(next, new CopyBuffers()))).finally(() => {
      this.copying = false;
      this.poke();
    });
    const done: FileActionEntry[] = [];
    const full = (): boolean => {
      const ready = this.ready();
      return ready.files >= this.limits.files || ready.bytes >= this.limits.bytes;
    };
    try {
      for (;;) {
        await this.until(() => !this.copying || full());
        while (this.settled.has(this.nextToLog) && (!this.copying || full())) {
          const batch = this.takeBatch();
          if (batch.length > 0) done.push(...(await this.logBatch(batch)));
        }
        if (!this.copying && !this.settled.has(this.nextToLog)) break;
      }
    } catch (error) {
      // The log could not be written: no more copies start, and those under way finish before the import reports it
      // (what they staged goes with the staging folder at the next start).
      this.job.cancel();
      await copiers;
      throw error;
    }
    await copiers;
    return done;
  }

  /** The staged copies ready to log: those in the plan's order from the next to log, up to the first still copying. */
  private ready(): { files: number; bytes: number } {
    let files = 0;
    let bytes = 0;
    for (let seq = this.nextToLog; this.settled.has(seq); seq += 1) {
      const staged = this.settled.get(seq);
      if (staged) {
        files += 1;
        bytes += staged.file.size;
      }
    }
    return { files, bytes };
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async until(ready: () => boolean): Promise<void> {
    while (!ready()) await new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** The next staged copies in the plan's order, at most a batch of them (a file over the byte cap is a batch of its own). */
  private takeBatch(): Staged[] {
    const batch: Staged[] = [];
    let bytes = 0;
    for (;;) {
      const staged = this.settled.get(this.nextToLog);
      if (staged === undefined || (staged !== null && batch.length > 0 && (batch.length >= this.limits.files || bytes + staged.file.size > this.limits.bytes))) break;
      this.settled.delete(this.nextToLog);
      this.nextToLog += 1;
      if (staged === null) continue;
      batch.push(staged);
      bytes += staged.file.size;
    }
    return batch;
  }

  /** Copies files into the staging folder until the plan has none left, the import is cancelled or the card went. */
  private async copier(next: () => Promise<{ file: PlannedFile; seq: number } | undefined>, buffers: CopyBuffers): Promise<void> {
    for (;;) {
      // A cancel or pause between files; the files not started are left as they are (nothing was logged of them).
      if (!(await this.job.proceed())) return;
      const handed = await next();
      if (handed === undefined) return;
      const { file, seq } = handed;
      // Its folder is made while it copies, not when its batch is logged (a card over a hundred days makes a hundred).
      void this.folderOf(this.folderFor(file)).catch(() => undefined);
      const actionId = randomUUID();
      const temp = path.join(this.staging.path, path.basename(tempNameFor(file.path, actionId)));
      try {
        const sha256 = await copyStaged(file.path, temp, file, buffers, this.job.signal);
        this.settled.set(seq, { file, actionId, temp, sha256 });
        this.job.fileDone(file.size, true, file.path);
        await testPause(this.deps.fileActions);
      } catch (error) {
        this.settled.set(seq, null);
        // Cancelled while it was copied: its temp is gone, as if never started.
        if (this.job.signal.aborted && error === this.job.signal.reason) return;
        this.job.fileDone(file.size, false, file.path);
        if (await sourcesGone(this.record.sources)) {
          // A pulled card: stop rather than fail every file left; the next import resumes.
          this.job.cancelled = true;
          this.record.message = `${this.record.sources.join(', ')} disappeared (was the card removed?). Insert it again and import again to finish; nothing is duplicated.`;
        } else {
          this.record.failed.push(failureOf(file.path, error));
        }
      } finally {
        this.poke();
      }
    }
  }

  private folderFor(file: PlannedFile): string {
    return path.join(this.record.destination, path.dirname(file.target));
  }

  private folderOf(folder: string): Promise<KnownFolder> {
    let seen = this.known.get(folder);
    // Stryker disable next-line ConditionalExpression: equivalent but slower, looking again gives the same answers (the names this import took are in `taken`)
    if (seen === undefined) {
      seen = this.folderWork.then(async () => {
        const before = this.record.createdFolders.length;
        const made = await makeFolder(folder, this.record.createdFolders);
        this.made.push(...this.record.createdFolders.slice(before));
        return { names: made ? new Set<string>() : new Set(await readdir(folder)), sameDisk: (await stat(folder)).dev === this.staging.dev };
      });
      this.folderWork = seen.catch(() => undefined);
      this.known.set(folder, seen);
    }
    return seen;
  }

  /**
   * The folders this copy made for files that were then not placed (failed, cancelled) go again,
   * the deepest first, unless something else was put in them meanwhile.
   */
  async removeUnusedFolders(): Promise<void> {
    await this.folderWork;
    const depth = (folder: string): number => folder.split(path.sep).length;
    for (const folder of [...this.made].sort((a, b) => depth(b) - depth(a))) {
      if ([...this.used].some((u) => isInside(u, folder))) continue;
      const removed = await rmdir(folder).then(() => true, () => false);
      const noted = this.record.createdFolders.indexOf(folder);
      if (removed && noted >= 0) this.record.createdFolders.splice(noted, 1);
    }
  }

  /**
   * A batch of verified copies: named (their folders made and looked at, most while they copied), the header saved
   * (the folders it made), logged with their SHA-256, put in place without overwriting, their folders
   * fsynced together, and logged done.
   */
  private async logBatch(batch: readonly Staged[]): Promise<FileActionEntry[]> {
    const folderFor = (s: Staged): string => this.folderFor(s.file);
    await Promise.all(batch.map((s) => this.folderOf(folderFor(s))));
    const entries: FileActionEntry[] = [];
    const onDisk = async (file: string): Promise<boolean> => (await this.folderOf(path.dirname(file))).names.has(path.basename(file));
    for (const s of batch) {
      const folder = folderFor(s);
      const dest = await freeName(folder, path.basename(s.file.target), this.taken, onDisk);
      this.taken.add(dest);
      // A day folder on another disk (a link to an external drive): copied again from the card, beside its name.
      const temp = (await this.folderOf(folder)).sameDisk ? s.temp : await this.crossDisk(s, dest);
      if (temp === null) continue;
      entries.push({
        action_id: s.actionId, album_id: importActionTag(this.record.id), photo_id: s.file.quickHash, mode: 'copy', source: s.file.path, dest,
        temp, sha256: s.sha256, state: 'intent', reverts: null, message: null,
      });
    }
    // Without the list of files copied so far: each is in the file action log, from which recover() rebuilds the list
    // of an interrupted import, and a header carrying it at every batch made a 10,000-file card write ~100 MB of them.
    await this.deps.save({ ...this.record, files: [] });
    const logged = await this.deps.fileActions.actions.record(entries);
    const placed = await Promise.all(logged.map((row) => placeStaged(this.deps.fileActions, row)));
    // The new names are on disk before any copy is logged done: one fsync per folder, all at once (the file
    // system commits them together), the staging folder's removals with them.
    await Promise.all([...new Set([this.staging.path, ...placed.flatMap((e) => (e.state === 'done' ? [path.dirname(e.dest)] : []))])].map(fsyncPath));
    const sizes = new Map(batch.map((s) => [s.actionId, s.file.size]));
    const done: FileActionEntry[] = [];
    for (const entry of placed) {
      if (entry.state === 'done') {
        done.push(entry);
        this.used.add(path.dirname(entry.dest));
        this.record.files.push({ from: entry.source, to: entry.dest });
        this.record.copied += 1;
        // Stryker disable next-line LogicalOperator: equivalent, every placed row's id is in sizes
        this.record.bytes += sizes.get(entry.action_id) ?? 0;
      } else {
        // Stryker disable next-line StringLiteral: equivalent, placeStaged gives every failed row its message
        this.record.failed.push(placeFailure(entry.source, entry.message ?? 'not copied'));
        this.job.placeFailed();
      }
    }
    await this.deps.fileActions.actions.record(placed);
    return done;
  }

  /**
   * A copy beside `dest` on its own disk, made again from the card and checked against the staged one's
   * SHA-256 (the staged copy goes); null, the file counted failed, when that copy cannot be made.
   */
  private async crossDisk(s: Staged, dest: string): Promise<string | null> {
    const temp = tempNameFor(dest, s.actionId);
    try {
      const sha256 = await copyStaged(s.file.path, temp, s.file);
      if (sha256 !== s.sha256) throw new Error(`${s.file.path} changed while it was imported`);
      return temp;
    } catch (error) {
      await rm(temp, { force: true });
      this.record.failed.push(failureOf(s.file.path, error));
      this.job.placeFailed();
      return null;
    } finally {
      await rm(s.temp, { force: true });
    }
  }
}

/** The files a plan decides, handed to the copy as they come (an async queue that ends with the plan). */
export class FileQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private ended = false;
  private waiters: (() => void)[] = [];

  push(item: T): void {
    this.items.push(item);
    this.wakeAll();
  }

  end(): void {
    this.ended = true;
    this.wakeAll();
  }

  /** True once a first item is there, false when the queue ended without one. */
  async first(): Promise<boolean> {
    while (this.items.length === 0 && !this.ended) await this.wait();
    return this.items.length > 0;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      while (this.items.length === 0 && !this.ended) await this.wait();
      const item = this.items.shift();
      if (item === undefined) return;
      yield item;
    }
  }

  private wait(): Promise<void> {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private wakeAll(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
