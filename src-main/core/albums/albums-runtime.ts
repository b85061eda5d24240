import { AppError } from '../../contract/errors.js';
import type { PhotoEvents } from '../../contract/events.js';
import { stat } from 'node:fs/promises';
import { openAlbumTables, type AlbumTables } from '../catalog/album-tables.js';
import type { LabelChange } from '../catalog/labels-store.js';
import type { PhotoStore } from '../catalog/photo-store.js';
import { Indexer } from '../pipeline/indexer.js';
import { readKeywords } from '../library/xmp-keywords.js';
import { normaliseTag } from './tag-name.js';
import type { PhotoEventBus } from '../util/typed-emitter.js';
import { AlbumIndex, type ServingVectors } from './album-index.js';
import { fromRow, type AlbumRecord } from './album-record.js';
import { recoverFileActions, type FileActionDeps } from './mirror/file-actions.js';
import { VectorWork } from './vector-work/vector-worker.js';

export interface AlbumsDeps {
  tables: AlbumTables;
  bus: PhotoEventBus;
  /** the model and vectors in use; null while the library has no model */
  serving: () => ServingVectors | null;
  libraryDir: string;
  roots: () => string[];
  /** test-only: see FileActionDeps.pauseMs */
  fileActionPauseMs?: (() => number) | undefined;
  /** passes over this many vectors or more run in a worker thread (CoreOptions.vectorWorkerFrom) */
  vectorWorkerFrom?: number | undefined;
}

/** Below this many photos a pass over every vector takes milliseconds: it runs in process ([Note: vector work off the main thread]). */
export const VECTOR_WORKER_FROM = 2000;

/** Photos indexed within this window are scored together: one vector read for a burst of imports. */
const ARRIVAL_BATCH_MS = 500;

/**
 * The albums side of a running library: the album index, kept current by the engine's
 * `photoIndexed` and `photoRemoved` events (batched), and the stores it works on.
 */
export class AlbumsRuntime {
  readonly index: AlbumIndex;
  readonly work: VectorWork;
  /** running duplicates scans and mirrors, for cancelWork and cancelAlbumMirror */
  readonly running = { duplicates: new Set<AbortController>(), mirrors: new Set<{ albumId: string; controller: AbortController }>() };
  private readonly arrived = new Set<string>();
  private readonly departed = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: (() => void)[];
  private fileChain: Promise<unknown> = Promise.resolve();
  private keywordChain: Promise<unknown> = Promise.resolve();
  private closing = false;

  constructor(readonly deps: AlbumsDeps) {
    this.work = new VectorWork(deps.vectorWorkerFrom ?? VECTOR_WORKER_FROM);
    this.index = new AlbumIndex({
      tables: deps.tables,
      serving: () => this.serving(),
      emit: (update) => this.emit(update),
      work: this.work,
      progress: (progress) => deps.bus.emit('backgroundWork', progress),
    });
    this.unsubscribe = [
      deps.bus.on('photoIndexed', ({ id, path }) => {
        this.note(this.arrived, id);
        this.importKeywords(id, path);
      }),
      deps.bus.on('photoRemoved', ({ id, mergedInto }) => {
        if (mergedInto !== undefined) this.mergeLabels(id, mergedInto);
        this.note(this.departed, id);
      }),
    ];
  }

  get tables(): AlbumTables {
    return this.deps.tables;
  }

  serving(): ServingVectors {
    const serving = this.deps.serving();
    if (serving) return serving;
    throw new AppError(
      'MODEL_NOT_READY',
      'No model is installed yet, so albums cannot be scored. Download one (shoebox model download clip-vit-b32) or pass --model DIR.',
    );
  }

  get photos(): PhotoStore {
    return this.serving().photos;
  }

  record(albumId: string): AlbumRecord {
    const row = this.deps.tables.albums.get(albumId);
    if (!row) throw new AppError('NOT_FOUND', `No album with id ${albumId}. List albums with: shoebox album list`);
    return fromRow(row);
  }

  /**
   * Finishes or rolls back the file actions a crash interrupted (see [Note: file action log]).
   * A long-running core (`warm`) also scores its albums now, before the first photos arrive, so
   * the first arrivals are announced as additions rather than folded into the initial state.
   */
  async start(options: { warm: boolean }): Promise<void> {
    await this.fileWork(() => recoverFileActions(this.fileActionDeps()));
    if (options.warm && this.deps.serving() !== null && this.deps.tables.albums.list().length > 0) {
      void this.index.run(() => undefined).catch((error: unknown) => console.error(`shoebox: scoring albums failed: ${String(error)}`));
    }
  }

  /** File work (auto-sort, its undo) runs one job at a time, apart from the album scoring. */
  fileWork<T>(task: () => Promise<T>): Promise<T> {
    const next = this.fileChain.then(task);
    this.fileChain = next.catch(() => undefined);
    return next;
  }

  fileActionDeps(): FileActionDeps {
    const pause = this.deps.fileActionPauseMs;
    return { actions: this.deps.tables.fileActions, relocated: (id, to) => this.relocated(id, to), ...(pause ? { pauseMs: pause } : {}) };
  }

  /**
   * A copy seen during a move gave way to the photo that moved ([Note: photo identity]): a tag or correction
   * made on the copy in that moment carries over to the photo, where the photo has none of its own.
   */
  private mergeLabels(from: string, into: string): void {
    const labels = this.deps.tables.labels;
    const changes: LabelChange[] = [];
    const own = new Set(labels.tagsOf(into));
    for (const tag of labels.tagsOf(from)) if (!own.has(tag)) changes.push({ photoId: into, kind: 'tag', target: tag, value: 1 });
    for (const album of this.deps.tables.albums.list()) {
      const value = labels.value('album', album.id, from);
      if (value !== 0 && labels.value('album', album.id, into) === 0) changes.push({ photoId: into, kind: 'album', target: album.id, value });
    }
    // favourite, stars and turn follow the photo too, where it has none of its own
    void this.deps.tables.marks.carry(from, into).catch((error: unknown) => console.error(`shoebox: carrying marks over failed: ${String(error)}`));
    if (changes.length === 0) return;
    this.fileChain = this.fileChain
      .then(() => labels.set(changes, 'merge'))
      .then(() => this.note(this.arrived, into))
      .catch((error: unknown) => console.error(`shoebox: carrying labels over failed: ${String(error)}`));
  }

  /** A photo that auto-sort moved keeps its id: its row follows it at once, without waiting for a scan. */
  private async relocated(photoId: string, newPath: string): Promise<void> {
    const photos = this.deps.serving()?.photos;
    const root = Indexer.rootOf(newPath, this.deps.roots());
    if (!photos?.key(photoId) || root === undefined) return;
    // A copy the watcher saw before the move finished gives way: one row per path, the photo keeps its id.
    for (const displaced of await photos.relocate(photoId, newPath, root, (await stat(newPath)).mtimeMs)) {
      this.deps.bus.emit('photoRemoved', { id: displaced.id, path: displaced.path, mergedInto: photoId });
    }
  }

  emit(update: PhotoEvents['albumUpdated']): void {
    this.deps.bus.emit('albumUpdated', update);
  }

  private note(into: Set<string>, id: string): void {
    into.add(id);
    this.timer ??= setTimeout(() => void this.applyArrivals(), ARRIVAL_BATCH_MS);
  }

  private async applyArrivals(): Promise<void> {
    this.timer = null;
    if (this.arrived.size === 0 && this.departed.size === 0) return;
    const arrived = [...this.arrived];
    const departed = [...this.departed];
    this.arrived.clear();
    this.departed.clear();
    await this.index
      .run(async () => {
        if (departed.length > 0) this.index.photosRemoved(departed);
        if (arrived.length > 0) await this.index.photosIndexed(arrived);
      })
      .catch((error: unknown) => {
        if (!this.closing) console.error(`shoebox: updating albums failed: ${String(error)}`);
      });
  }

  /** Scores the photos indexed so far now, instead of after the arrival window: an import files them next. */
  async settleArrivals(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.applyArrivals();
    await this.index.idle();
  }

  /** A new photo's XMP and IPTC keywords become its tags ([Note: keywords from other tools]). */
  private importKeywords(photoId: string, photoPath: string): void {
    this.keywordChain = this.keywordChain
      .then(async () => {
        if (this.closing) return;
        const keywords = await readKeywords(photoPath);
        // closing does not wait for ExifTool: what it read after that is dropped, the tables are closing
        if (this.isClosing()) return;
        const labels = this.deps.tables.labels;
        const fresh = keywords.map(normaliseTag).filter((tag) => tag !== '' && !labels.touched('tag', tag, photoId));
        if (fresh.length > 0) await labels.set(fresh.map((target) => ({ photoId, kind: 'tag' as const, target, value: 1 })), 'xmp');
      })
      .catch((error: unknown) => {
        if (!this.closing) console.error(`shoebox: reading the keywords of ${photoPath} failed: ${String(error)}`);
      });
  }

  /**
   * Resolves once the keywords of every photo indexed so far are read: a core that does not watch (the `index`
   * command) waits for this before its rescan answers, or the last photos' keywords were dropped at the close.
   */
  async keywordsRead(): Promise<void> {
    let chain: Promise<unknown>;
    do {
      chain = this.keywordChain;
      await chain;
    } while (chain !== this.keywordChain);
  }

  /** Read through a call: `closing` changes while an import awaits ExifTool. */
  private isClosing(): boolean {
    return this.closing;
  }

  /** Scores what arrived last, then waits for running album work. */
  async close(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.closing = true;
    // closing does not wait for a pass over every vector or a mirror: they stop where they are
    this.index.cancel(true);
    for (const run of this.running.duplicates) run.abort();
    for (const run of this.running.mirrors) run.controller.abort();
    if (this.timer) clearTimeout(this.timer);
    await this.applyArrivals();
    await this.index.idle();
    await this.fileChain;
    // the chain stops at its next photo (closing); its read in flight ends first, or ExifTool's graceful end waits
    // up to 2 s for that task before it stops the process
    await this.keywordChain;
    await this.deps.tables.close();
  }
}

/** Opens the album tables of a library; call `recover()` once a model (if any) serves. */
export async function openAlbums(deps: Omit<AlbumsDeps, 'tables'> & { catalogDir: string }): Promise<AlbumsRuntime> {
  return new AlbumsRuntime({ ...deps, tables: await openAlbumTables(deps.catalogDir) });
}
