import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { ApiService } from '../../contract/api.js';
import { AppError } from '../../contract/errors.js';
import type { ImportPlan, ImportRecord, ImportsApi } from '../../contract/imports.js';
import type { AlbumsRuntime } from '../albums/albums-runtime.js';
import { exists } from '../albums/mirror/file-ops.js';
import { realFolder } from '../albums/mirror/mirror-plan.js';
import type { Engine } from '../pipeline/engine.js';
import { makeThumbnail } from '../imaging/index.js';
import { libraryPaths } from '../library/library-paths.js';
import { Indexer } from '../pipeline/indexer.js';
import { resolveRootFolder } from '../library/roots.js';
import { isInside } from '../library/supported-files.js';
import { ensureFreeSpace } from '../model/download/disk-space.js';
import type { SettingsStore } from '../library/settings.js';
import type { PhotoEventBus } from '../util/typed-emitter.js';
import { eraseVerified, IMPORT_PREFIX, importActionTag, makeFolder, removeStaleStaging } from './import-copy.js';
import { copyPlanned, FileQueue } from './import-pipeline.js';
import { fileImported } from './import-filing.js';
import { ImportJob } from './import-job.js';
import { checkPattern } from './import-pattern.js';
import { planImport, resolveSources, type InternalPlan, type PlanContext, type PlannedFile } from './import-plan.js';
import { undoImportActions } from './import-undo.js';
import { findVolumes, volumeCandidates } from './volumes.js';

export interface ImportDeps {
  libraryDir: string;
  settings: SettingsStore;
  albums: AlbumsRuntime;
  engine: () => Engine | null;
  bus: PhotoEventBus;
  /** makes a folder a library root (the library's own addRoot, which also starts watching it) */
  addRoot: (folder: string) => Promise<void>;
  /** test-only: CoreOptions.timings.importSettleMs */
  busyMs?: number | undefined;
  /** takes a library root out of the settings again (the library's own removeRoot) */
  removeRoot: (folder: string) => Promise<void>;
}

type ImportMethods = keyof ImportsApi;

type PlanInput = { sources: string[]; to?: string | undefined; pattern?: string | undefined };
type Where = Pick<PlanContext, 'sources' | 'destination' | 'pattern' | 'libraryDir'>;

/** True when the disk holding `folder` (or its nearest existing parent) has room for `bytes` more. */
async function roomFor(folder: string, bytes: number): Promise<boolean> {
  try {
    await ensureFreeSpace(await nearestExisting(folder), bytes, 'importing');
    return true;
  } catch {
    return false;
  }
}

/** A file modified within this window may still be being written: it waits for the next import. */
const BUSY_MS = 2000;

export class ImportService {
  private job: ImportJob | null = null;
  /** the files recent plans listed: the only source files the import screen may ask a thumbnail of */
  private readonly planned = new Set<string>();

  constructor(private readonly deps: ImportDeps) {}

  get running(): boolean {
    return this.job !== null;
  }

  private get imports() {
    return this.deps.albums.tables.imports;
  }

  defaultFolder(): string {
    return this.deps.settings.get().imports.folder ?? path.join(homedir(), 'Pictures', 'Shoebox');
  }

  private async destination(to: string | undefined): Promise<string> {
    const folder = await realFolder(to ?? this.defaultFolder());
    if (isInside(folder, await realFolder(this.deps.libraryDir))) {
      throw new AppError('FORBIDDEN', `${folder} is inside Shoebox's library data folder; import into a folder of your own.`);
    }
    return folder;
  }

  /** Content earlier imports copied and did not undo: quick hash → full hashes. */
  private imported(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const a of this.deps.albums.tables.fileActions.actions()) {
      if (!a.album_id.startsWith(IMPORT_PREFIX) || a.state !== 'done' || a.reverts !== null) continue;
      out.set(a.photo_id, (out.get(a.photo_id) ?? new Set()).add(a.sha256));
    }
    return out;
  }

  async plan(input: PlanInput, seen?: Map<string, string>, stopped?: () => boolean): Promise<InternalPlan> {
    return this.planOf(await this.where(input), { ...(seen ? { seen } : {}), ...(stopped ? { stopped } : {}) });
  }

  /** Where an import goes and what it reads, checked: the destination, the pattern, the sources. */
  private async where(input: PlanInput): Promise<Where> {
    const destination = await this.destination(input.to);
    const pattern = checkPattern(input.pattern ?? this.deps.settings.get().imports.pattern);
    const libraryDir = await realFolder(this.deps.libraryDir);
    return { destination, pattern, libraryDir, sources: await resolveSources(input.sources, destination, libraryDir) };
  }

  private async planOf(where: Where, extra: Pick<PlanContext, 'seen' | 'stopped' | 'onFound' | 'onFile'>): Promise<InternalPlan> {
    const photos = this.deps.engine()?.catalog.photos ?? null;
    const plan = await planImport({ ...where, photos, imported: this.imported(), busyMs: this.deps.busyMs ?? BUSY_MS, ...extra });
    if (this.planned.size > 200_000) this.planned.clear();
    for (const file of plan.files) this.planned.add(file.path);
    return plan;
  }

  async thumbnail(file: string): Promise<{ path: string; dataUrl: string }> {
    const absolute = path.resolve(file);
    if (!this.planned.has(absolute)) throw new AppError('FORBIDDEN', `${file} is not a file of the import being planned.`);
    const info = await stat(absolute);
    const key = createHash('sha1').update(`${absolute}:${info.size}:${info.mtimeMs}`).digest('hex');
    const out = path.join(libraryPaths(this.deps.libraryDir).cache, 'import-thumbs', `${key}.jpg`);
    if (!(await exists(out))) {
      await mkdir(path.dirname(out), { recursive: true });
      await makeThumbnail(absolute, out, 200);
    }
    return { path: absolute, dataUrl: `data:image/jpeg;base64,${(await readFile(out)).toString('base64')}` };
  }

  /**
   * Copies that imports put in place and the library has not indexed yet: this import's, and those of
   * an import killed before it indexed them.
   */
  private unindexedCopies(engine: Engine): string[] {
    const photos = engine.catalog.photos;
    return this.deps.albums.tables.fileActions
      .actions()
      .filter((a) => a.album_id.startsWith(IMPORT_PREFIX) && a.state === 'done' && a.reverts === null && photos.keyByPath(a.dest) === undefined)
      .map((a) => a.dest);
  }

  /** The destination's library root: the root holding it, or the destination itself, added as a root (then `added`). */
  private async rootFor(destination: string): Promise<{ root: string; added: boolean }> {
    const roots = this.deps.settings.get().roots.map((r) => r.path);
    const root = Indexer.rootOf(destination, roots);
    if (root !== undefined) return { root, added: false };
    await this.deps.addRoot(destination);
    return { root: await resolveRootFolder(destination, await realFolder(this.deps.libraryDir)), added: true };
  }

  /**
   * After an undo: a library folder an import added goes out of the settings again once no import
   * that is not undone placed files in it and no file is left in it, so the settings are as they were
   * before the import. A folder that holds anything else stays a library folder.
   */
  private async forgetAddedRoot(record: ImportRecord): Promise<void> {
    const roots = this.deps.settings.get().roots.map((r) => r.path);
    const root = Indexer.rootOf(record.destination, roots);
    if (root === undefined) return;
    const history = this.imports.list();
    if (!history.some((r) => r.addedRoot === root)) return;
    if (history.some((r) => r.id !== record.id && r.state !== 'undone' && Indexer.rootOf(r.destination, [root]) !== undefined)) return;
    const left = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    if (left.some((entry) => !entry.isDirectory())) return;
    await this.deps.removeRoot(root);
  }

  async run(input: Parameters<ImportsApi['startImport']>[0]): Promise<ImportRecord> {
    if (this.job) throw new AppError('INVALID_INPUT', 'An import is running already; wait for it, or cancel it first.');
    // The job exists from the start, so the import can be cancelled while it still reads the card.
    const job = new ImportJob(randomUUID(), (p) => this.deps.bus.emit('importProgress', p));
    this.job = job;
    return this.deps.albums.fileWork(async () => {
      try {
        return await this.runJob(input, job);
      } finally {
        this.job = null;
      }
    });
  }

  private async runJob(input: Parameters<ImportsApi['startImport']>[0], job: ImportJob): Promise<ImportRecord> {
    const where = await this.where(input);
    const only = input.only === undefined ? null : new Set(input.only.map((p) => path.resolve(p)));
    const wanted = (f: PlannedFile): boolean => only === null || only.has(f.path);
    // The copy starts with the first new file while the plan reads the rest of the card
    // ([Note: import log]), once the disk has room for every file found; else after the whole plan.
    const queue = new FileQueue<PlannedFile>();
    let found = { files: 0, bytes: 0 };
    const planning = this.planOf(where, {
      stopped: () => job.cancelled,
      onFound: (files, bytes) => (found = { files, bytes }),
      onFile: (file) => (wanted(file) ? queue.push(file) : undefined),
    }).finally(() => queue.end());
    const streamed = (await queue.first()) && !job.cancelled && (await roomFor(where.destination, found.bytes));
    const early = streamed ? null : await planning;
    const chosen = early?.files.filter(wanted) ?? null;
    const files = chosen ?? queue;
    const bytes = chosen?.reduce((sum, f) => sum + f.size, 0) ?? found.bytes;
    const count = chosen?.length ?? found.files;
    const cancelledWhilePlanning = job.cancelled && !streamed;
    if (early !== null && !cancelledWhilePlanning) await ensureFreeSpace(await nearestExisting(where.destination), bytes, `importing ${count} files`);
    const record: ImportRecord = {
      id: job.progress.importId, state: 'running', sources: where.sources, destination: where.destination, pattern: where.pattern,
      startedAt: new Date().toISOString(), finishedAt: null, copied: 0, alreadyInLibrary: early?.alreadyInLibrary ?? 0,
      failed: [...(early?.skipped ?? [])], bytes: 0, indexed: 0, erasedFromSource: 0, filing: [], files: [], createdFolders: [],
      filedActionIds: [], message: null,
    };
    // Cancelled before anything was copied: an answer, not an entry in the history.
    if (cancelledWhilePlanning) return { ...record, state: 'cancelled', finishedAt: new Date().toISOString() };
    // Nothing new: an answer, not an entry in the history (and not something to undo). Copies an
    // interrupted import made before it could index them are indexed now.
    if (count === 0) {
      const engine = this.deps.engine();
      const copies = engine ? this.unindexedCopies(engine) : [];
      if (engine && copies.length > 0) {
        await this.rootFor(where.destination);
        await engine.indexFiles(copies);
      }
      return { ...record, state: 'done', finishedAt: record.startedAt };
    }
    job.planned(count, bytes);
    await makeFolder(where.destination, record.createdFolders);
    const { root, added } = await this.rootFor(where.destination);
    record.addedRoot = added ? root : null;
    await this.imports.save(record);
    const save = (): Promise<void> => this.imports.save(record);
    const copying = copyPlanned({ fileActions: this.deps.albums.fileActionDeps(), save: (header) => this.imports.save(header) }, files, record, job);
    if (early === null) {
      // the plan, read while the first files copied, says what was already there and what was left
      const plan = await planning.catch(async (error: unknown) => {
        // a plan that failed midway stops the copy it was feeding before the import reports it
        job.cancel();
        await copying.catch(() => undefined);
        throw error;
      });
      const planned = plan.files.filter(wanted);
      record.alreadyInLibrary = plan.alreadyInLibrary;
      record.failed.unshift(...plan.skipped);
      job.replanned(planned.length, planned.reduce((sum, f) => sum + f.size, 0));
    }
    const done = await copying;
    if (!job.cancelled && input.eraseSource === true) {
      job.phase('erasing');
      await eraseVerified(done, record);
    }
    const engine = this.deps.engine();
    // Only the copies are indexed, not the whole destination root they went into (it may hold 100,000 photos).
    const copies = engine ? this.unindexedCopies(engine) : [];
    if (engine && copies.length > 0) {
      job.phase('indexing');
      await engine.indexFiles(copies);
      record.indexed = record.files.filter((f) => engine.catalog.photos.keyByPath(f.to) !== undefined).length;
    }
    job.phase('filing');
    await fileImported(this.deps.albums, record, save);
    record.state = record.message !== null ? 'interrupted' : job.cancelled ? 'cancelled' : 'done';
    record.finishedAt = new Date().toISOString();
    await save();
    job.phase('finished');
    this.deps.bus.emit('importFinished', record);
    return record;
  }

  /**
   * After a kill or a pulled card (see [Note: import log]): the file actions are already settled
   * (the albums runtime recovers them first); an import whose header still says running is
   * marked interrupted, with what it had copied, so the history and undo show it truthfully, and
   * its staging folder goes.
   */
  async recover(): Promise<void> {
    const actions = this.deps.albums.tables.fileActions.actions();
    for (const record of this.imports.list().filter((r) => r.state === 'running')) {
      const tag = importActionTag(record.id);
      const done = actions.filter((a) => a.album_id === tag && a.state === 'done' && a.reverts === null);
      record.files = done.map((a) => ({ from: a.source, to: a.dest }));
      record.copied = done.length;
      record.state = 'interrupted';
      record.message = 'Interrupted (Shoebox stopped or the card was removed). Import the card again to finish, or undo this import.';
      await this.imports.save(record);
      await removeStaleStaging(record.destination, new Set([record.id]));
    }
  }

  async undo(importId: string | undefined): Promise<Awaited<ReturnType<ImportsApi['undoImport']>>> {
    return this.deps.albums.fileWork(async () => {
      const record = importId === undefined ? this.imports.list().find((r) => r.state !== 'undone' && r.state !== 'running' && r.copied > 0) : this.imports.get(importId);
      if (!record) throw new AppError('NOT_FOUND', importId === undefined ? 'There is no import to undo.' : `No import with id ${importId}. List them with: shoebox import list`);
      if (record.state === 'undone') throw new AppError('INVALID_INPUT', `Import ${record.id} was undone already.`);
      if (record.state === 'running') throw new AppError('INVALID_INPUT', 'That import is still running; cancel it first.');
      const report = await undoImportActions(this.deps.albums.fileActionDeps(), record);
      await this.forgetRemoved(record);
      record.state = 'undone';
      record.message = report.kept.length > 0 ? `${report.kept.length} files were kept (see the undo report).` : null;
      await this.imports.save(record);
      await this.forgetAddedRoot(record);
      return report;
    });
  }

  /** Drops the rows of the files an undo removed at once (a scan would skip a destination folder the undo removed whole). */
  private async forgetRemoved(record: ImportRecord): Promise<void> {
    const photos = this.deps.engine()?.catalog.photos;
    if (!photos) return;
    const actions = this.deps.albums.tables.fileActions;
    const places = [...record.files.map((f) => f.to), ...record.filedActionIds.flatMap((id) => actions.get(id)?.dest ?? [])];
    const gone = [];
    for (const place of places) {
      const key = photos.keyByPath(place);
      if (key && !(await exists(place))) gone.push(key);
    }
    await photos.remove(gone.map((k) => k.id));
    for (const key of gone) this.deps.bus.emit('photoRemoved', { id: key.id, path: key.path });
  }

  api(): ApiService<ImportMethods> {
    const settings = this.deps.settings;
    const importSettings = () => ({ folder: this.defaultFolder(), pattern: settings.get().imports.pattern });
    return {
      planImport: async (input) => publicPlan(await this.plan(input)),
      startImport: (input) => this.run(input),
      pauseImport: ({ paused }) => Promise.resolve(this.job?.setPaused(paused) ?? null),
      cancelImport: () => Promise.resolve(this.job?.cancel() ?? null),
      listImports: ({ limit }) => Promise.resolve(this.imports.list().slice(0, limit)),
      undoImport: ({ importId }) => this.undo(importId),
      listImportFolders: () => Promise.resolve(settings.get().imports.folders),
      addImportFolder: async ({ path: folder }) => {
        const real = await resolveRootFolder(folder, await realFolder(this.deps.libraryDir));
        const next = await settings.update((draft) => {
          if (!draft.imports.folders.includes(real)) draft.imports.folders.push(real);
        });
        return next.imports.folders;
      },
      removeImportFolder: async ({ path: folder }) => {
        const absolute = path.resolve(folder);
        if (!settings.get().imports.folders.includes(absolute)) throw new AppError('NOT_FOUND', `${folder} is not an import folder.`);
        const next = await settings.update((draft) => {
          draft.imports.folders = draft.imports.folders.filter((f) => f !== absolute);
        });
        return next.imports.folders;
      },
      listImportVolumes: () => findVolumes(volumeCandidates()),
      importThumbnail: ({ path: file }) => this.thumbnail(file),
      getImportSettings: () => Promise.resolve(importSettings()),
      setImportSettings: async ({ folder, pattern }) => {
        const checked = pattern === undefined ? undefined : checkPattern(pattern);
        const dest = folder === undefined || folder === null ? folder : await this.destination(folder);
        await settings.update((draft) => {
          if (dest !== undefined) draft.imports.folder = dest;
          if (checked !== undefined) draft.imports.pattern = checked;
        });
        return importSettings();
      },
    };
  }
}

/** The plan as the contract shows it: without the hashes kept for the copy. */
function publicPlan(plan: InternalPlan): ImportPlan {
  return {
    sources: plan.sources, destination: plan.destination, pattern: plan.pattern, candidates: plan.candidates, photos: plan.photos,
    videos: plan.videos, bytes: plan.bytes, alreadyInLibrary: plan.alreadyInLibrary, duplicatesInSource: plan.duplicatesInSource, skipped: plan.skipped,
  };
}

async function nearestExisting(folder: string): Promise<string> {
  let dir = folder;
  while (!(await exists(dir)) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
