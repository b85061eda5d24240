import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FailedPhoto, IndexSummary } from '../../contract/library.js';
import type { Catalog } from '../catalog/catalog.js';
import type { FailureRow, PhotoRow } from '../catalog/schema.js';
import type { PhotoKey } from '../catalog/photo-store.js';
import type { EmbedQueue } from './embed-queue.js';
import { companionsOf, folderChanged, forgetListings, ownerOf } from '../library/companions.js';
import { AppError } from '../../contract/errors.js';
import { gateFile, type Gate } from '../library/file-gate.js';
import { sameBytes } from '../library/full-hash-later.js';
import { quickHash } from '../library/identity.js';
import { isInside } from '../library/supported-files.js';
import { walkPhotos, walkProblem, type FoundFile } from '../library/walk.js';
import type { WatchEvent } from '../library/watch-folders.js';

/** How long after a copy appeared its original going still counts as a move onto it. */
const MOVE_WINDOW_MS = 10 * 60_000;

type Outcome = 'unchanged' | 'known-failure' | 'failed' | 'moved' | 'copied' | 'queued' | 'deferred' | 'gone' | 'companion';

export interface IndexerEvents {
  /** `mergedInto`: the row was a copy seen during a move, and that photo now stands where it was */
  removed(key: PhotoKey, mergedInto?: string): void;
  indexed(row: { id: string; path: string }): void;
}

async function exists(filePath: string): Promise<boolean> {
  return access(filePath).then(
    () => true,
    () => false,
  );
}

/**
 * Decides what each file needs (see [Note: photo identity]): nothing, a new place for a known
 * photo (moved or renamed), a row that reuses a known photo's vector (an exact copy), or
 * embedding. Decisions run one at a time so two copies of one photo never race to one id.
 */
export class Indexer {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly deferred = new Map<string, { found: FoundFile; root: string }[]>();
  /** content hash → path of the file being embedded with that content */
  private readonly queuedContent = new Map<string, string>();
  private readonly pendingRemovals = new Map<string, NodeJS.Timeout>();
  private readonly folderWalks = new Set<NodeJS.Timeout>();
  /**
   * photo id → ids of copies made while its file was still there. A move seen by the watcher before the
   * source goes (a slow copy-then-delete) first looks like a copy; when the source goes, the photo moves
   * onto the copy's place and the copy's row goes, so the photo keeps its id, albums and tags.
   */
  private readonly copiesOf = new Map<string, { id: string; at: number }[]>();
  private counts = { indexed: 0, moved: 0, removed: 0, unchanged: 0, copied: 0 };

  constructor(
    private readonly catalog: Catalog,
    private readonly queue: EmbedQueue,
    private readonly exclude: readonly string[],
    private readonly events: IndexerEvents,
    private readonly removalGraceMs: number,
  ) {}

  /** One pass over the roots: index what is new or changed, drop what is gone, wait until written. */
  async scan(roots: readonly string[]): Promise<IndexSummary> {
    this.counts = { indexed: 0, moved: 0, removed: 0, unchanged: 0, copied: 0 };
    forgetListings();
    // One row per photo id and path before anything is compared against them.
    await this.serial(async () => {
      for (const key of await this.catalog.photos.heal()) this.events.removed(key);
    });
    const seen = new Set<string>();
    const present: string[] = [];
    // Folders that cannot be read and names that cannot be decoded are reported, not skipped in silence.
    const problems: FailedPhoto[] = [];
    const onError = (where: string, error: NodeJS.ErrnoException): void => {
      problems.push(walkProblem(where, error));
    };
    for (const root of roots) {
      // A root on an unplugged drive finds nothing; treating that as "all deleted" would drop the library.
      if (!(await exists(root))) {
        const message = `${root} is not there (an unplugged drive, or moved?); its photos stay in the library until it is back.`;
        problems.push({ id: root, path: root, code: 'ROOT_NOT_FOUND', message });
        continue;
      }
      present.push(root);
      for await (const found of walkPhotos(root, { exclude: this.exclude, onError })) {
        seen.add(found.path);
        await this.considerCounted(found, root);
      }
    }
    await this.serial(() => this.removeUnseen(present, seen));
    await this.settle();
    return { ...this.counts, failed: [...this.failuresUnder(roots), ...problems] };
  }

  /**
   * Indexes the given files (an import's copies) as a scan of their roots would, without walking the
   * rest of the roots: an import into a folder of 100,000 photos looks at what it copied, not at them all.
   */
  async indexFiles(files: readonly string[], roots: readonly string[]): Promise<IndexSummary> {
    this.counts = { indexed: 0, moved: 0, removed: 0, unchanged: 0, copied: 0 };
    forgetListings();
    for (const file of files) {
      const root = Indexer.rootOf(file, roots);
      const info = root === undefined ? null : await stat(file).catch(() => null);
      if (root !== undefined && info?.isFile() === true) await this.considerCounted({ path: file, size: info.size, mtime: info.mtimeMs }, root);
    }
    await this.settle();
    const asked = new Set(files);
    return { ...this.counts, failed: this.failuresUnder(roots).filter((f) => asked.has(f.path)) };
  }

  private async considerCounted(found: FoundFile, root: string): Promise<void> {
    const outcome = await this.serial(() => this.consider(found, root));
    if (outcome === 'unchanged' || outcome === 'known-failure' || outcome === 'companion') this.counts.unchanged += 1;
  }

  /** Waits until the queue is empty, no decision is pending and no copy waits for its original. */
  async settle(): Promise<void> {
    for (;;) {
      const chain = this.chain;
      await chain;
      await this.queue.drained();
      // Writing can release copies onto the chain; go round until nothing new was queued.
      if (this.chain !== chain || !this.queue.isIdle) continue;
      if (this.deferred.size === 0) return;
      const waiting = [...this.deferred.values()].flat();
      this.deferred.clear();
      // The queue is drained: nothing is in flight, whatever happened to the originals.
      this.queuedContent.clear();
      for (const item of waiting) await this.serial(() => this.consider(item.found, item.root));
    }
  }

  handleWatchEvent(event: WatchEvent, root: string): void {
    folderChanged(event.path);
    if (event.kind === 'folder') {
      // A safety net for files chokidar missed while it set up the new folder's watch; found twice is
      // harmless (the second is unchanged). Late, so a copy still running is left to the watcher.
      const timer = setTimeout(() => {
        this.folderWalks.delete(timer);
        void this.walkFolder(event.path, root);
      }, this.removalGraceMs);
      this.folderWalks.add(timer);
      return;
    }
    if (event.kind === 'unlink') {
      void this.serial(() => this.scheduleRemoval(event.path));
      // a RAW whose JPEG went (a MOV whose still went) is an item of its own now ([Note: RAW+JPEG pairs])
      void this.serial(() => this.considerCompanions(event.path, root));
      return;
    }
    const found: FoundFile = { path: event.path, size: event.size, mtime: event.mtime };
    void this.serial(() => this.consider(found, root));
  }

  private async walkFolder(folder: string, root: string): Promise<void> {
    try {
      for await (const found of walkPhotos(folder, { exclude: this.exclude })) {
        await this.serial(() => this.consider(found, root));
      }
    } catch {
      // The folder went away meanwhile; the watcher reports what did.
    }
  }

  /** Called by the row writer once rows are durable: copies waiting for these photos can go. */
  afterWrite(photos: PhotoRow[], failures: FailureRow[]): void {
    for (const row of photos) {
      this.counts.indexed += 1;
      this.queuedContent.delete(row.content_hash);
      this.events.indexed({ id: row.id, path: row.path });
      this.releaseDeferred(row.content_hash);
    }
    for (const failure of failures) {
      for (const [hash, queuedPath] of this.queuedContent) {
        if (queuedPath !== failure.path) continue;
        this.queuedContent.delete(hash);
        this.releaseDeferred(hash);
      }
    }
  }

  failuresUnder(roots: readonly string[]): FailedPhoto[] {
    return this.catalog.failures
      .list()
      .filter((f) => roots.some((r) => isInside(f.path, r)))
      .map((f) => ({ id: f.path, path: f.path, code: f.code, message: f.message }));
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.chain.then(task, task);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private releaseDeferred(contentHash: string): void {
    const items = this.deferred.get(contentHash);
    if (!items) return;
    this.deferred.delete(contentHash);
    for (const item of items) void this.serial(() => this.consider(item.found, item.root));
  }

  private async consider(seen: FoundFile, root: string): Promise<Outcome> {
    const photos = this.catalog.photos;
    const known = photos.keyByPath(seen.path);
    if (known && known.size === seen.size && known.mtime === seen.mtime) return 'unchanged';
    if (this.catalog.failures.isKnown(seen.path, seen.size, seen.mtime)) return 'known-failure';
    // Before anything reads it: a regular file, really inside the root ([Note: links in roots]).
    let gate: Gate;
    try {
      gate = await gateFile(seen, root);
    } catch (error) {
      return this.recordUnreadable(seen, root, error as NodeJS.ErrnoException);
    }
    if (gate.kind === 'gone' || gate.kind === 'link') return 'gone';
    if (gate.kind === 'special') return this.recordFailure(seen, root, gate.error.code, gate.error.message);
    const found = gate.found;
    if (await ownerOf(found.path)) return this.dropOwnRow(found.path);
    for (const companion of await companionsOf(found.path)) await this.dropOwnRow(companion);
    const existing = photos.keyByPath(found.path);
    if (existing && existing.size === found.size && existing.mtime === found.mtime) return 'unchanged';
    let contentHash: string;
    try {
      contentHash = await quickHash(found.path, found.size);
    } catch (error) {
      return this.recordUnreadable(found, root, error as NodeJS.ErrnoException);
    }
    if (existing?.contentHash === contentHash) {
      await photos.relocate(existing.id, found.path, root, found.mtime);
      return 'unchanged';
    }
    if (this.queuedContent.has(contentHash)) {
      const list = this.deferred.get(contentHash) ?? [];
      list.push({ found, root });
      this.deferred.set(contentHash, list);
      return 'deferred';
    }
    const twin = existing ? undefined : await sameBytes(this.catalog.photos, contentHash, found);
    if (twin) return this.reuse(twin, found, root);
    const id = existing?.id ?? this.freshId(contentHash);
    this.queuedContent.set(contentHash, found.path);
    this.queue.push({ id, path: found.path, root, size: found.size, mtime: found.mtime, contentHash });
    return 'queued';
  }

  /** A RAW or Live Photo motion that belongs with a photo has no row of its own ([Note: RAW+JPEG pairs]). */
  private async dropOwnRow(companion: string): Promise<Outcome> {
    const key = this.catalog.photos.keyByPath(companion);
    if (key) {
      await this.catalog.photos.remove([key.id]);
      this.events.removed(key);
    }
    if (this.catalog.failures.get(companion)) await this.catalog.failures.clear([companion]);
    return 'companion';
  }

  private async considerCompanions(photoPath: string, root: string): Promise<void> {
    for (const raw of await companionsOf(photoPath)) {
      const info = await stat(raw).catch(() => null);
      if (info?.isFile()) await this.consider({ path: raw, size: info.size, mtime: info.mtimeMs }, root);
    }
  }

  private async reuse(twin: PhotoKey, found: FoundFile, root: string): Promise<Outcome> {
    if (!(await exists(twin.path))) {
      this.cancelRemoval(twin.path);
      await this.catalog.photos.relocate(twin.id, found.path, root, found.mtime);
      this.counts.moved += 1;
      return 'moved';
    }
    const [meta] = await this.catalog.photos.get([twin.id]);
    const vector = (await this.catalog.photos.vectors([twin.id])).get(twin.id);
    if (!meta || !vector) return 'gone';
    const id = this.freshId(twin.contentHash);
    const row: PhotoRow = { ...meta, id, path: found.path, root, mtime: found.mtime, indexed_at: Date.now(), vector };
    await this.catalog.photos.upsert([row]);
    this.copiesOf.set(twin.id, [...(this.copiesOf.get(twin.id) ?? []), { id, at: Date.now() }]);
    this.counts.copied += 1;
    this.events.indexed({ id, path: found.path });
    return 'copied';
  }

  /** The first file of some content gets the content hash as id; a copy or a colliding file gets a suffix. */
  private freshId(contentHash: string): string {
    let id = contentHash;
    for (let n = 2; this.catalog.photos.key(id) !== undefined; n += 1) id = `${contentHash}-${n}`;
    return id;
  }

  private async recordUnreadable(found: FoundFile, root: string, error: NodeJS.ErrnoException): Promise<Outcome> {
    if (error.code === 'ENOENT') return 'gone';
    if (error instanceof AppError) return this.recordFailure(found, root, error.code, error.message);
    const message = `${found.path} cannot be read (${error.code ?? error.message}). Check the file's permissions.`;
    return this.recordFailure(found, root, 'FILE_UNREADABLE', message);
  }

  private async recordFailure(found: FoundFile, root: string, code: string, message: string): Promise<Outcome> {
    const { path: filePath, size, mtime } = found;
    await this.catalog.failures.record([{ path: filePath, root, size, mtime, code, message, failed_at: Date.now() }]);
    return 'failed';
  }

  private async removeUnseen(roots: readonly string[], seen: Set<string>): Promise<void> {
    const gone = [...this.catalog.photos.keys()].filter(
      (k) => !seen.has(k.path) && roots.some((r) => isInside(k.path, r)),
    );
    for (const key of gone) await this.retire(key);
    const staleFailures = [...this.catalog.failures.paths()].filter(
      (p) => !seen.has(p) && roots.some((r) => isInside(p, r)),
    );
    await this.catalog.failures.clear(staleFailures);
  }

  /**
   * A move arrives as unlink + add, in either order, the add late (it waits for the write to
   * finish). The removal waits a grace period so the add can claim the photo as moved.
   */
  private scheduleRemoval(target: string): Promise<void> {
    this.queue.forget((job) => isInside(job.path, target));
    void this.catalog.failures.clear([...this.catalog.failures.paths()].filter((p) => isInside(p, target)));
    for (const key of this.catalog.photos.keys()) {
      if (!isInside(key.path, target) || this.pendingRemovals.has(key.path)) continue;
      const timer = setTimeout(() => {
        this.pendingRemovals.delete(key.path);
        void this.serial(() => this.removeIfGone(key.path));
      }, this.removalGraceMs);
      this.pendingRemovals.set(key.path, timer);
    }
    return Promise.resolve();
  }

  private cancelRemoval(filePath: string): void {
    const timer = this.pendingRemovals.get(filePath);
    if (timer) clearTimeout(timer);
    this.pendingRemovals.delete(filePath);
  }

  private async removeIfGone(filePath: string): Promise<void> {
    const key = this.catalog.photos.keyByPath(filePath);
    if (!key || (await exists(filePath))) return;
    await this.retire(key);
  }

  /** A photo whose file is gone: it moves onto a copy made while it was there, or its row goes. */
  private async retire(key: PhotoKey): Promise<void> {
    const photos = this.catalog.photos;
    const copies = this.copiesOf.get(key.id) ?? [];
    this.copiesOf.delete(key.id);
    for (const made of copies) {
      // Only a copy made moments before is a move in progress; an older one is a copy the person keeps.
      if (Date.now() - made.at > MOVE_WINDOW_MS) continue;
      const copy = photos.key(made.id);
      if (!copy || copy.fullHash !== key.fullHash || !(await exists(copy.path))) continue;
      this.cancelRemoval(key.path);
      // relocate drops the copy's row (one row per path) and hands it back to be announced.
      for (const displaced of await photos.relocate(key.id, copy.path, copy.root, copy.mtime)) this.events.removed(displaced, key.id);
      this.counts.moved += 1;
      return;
    }
    await photos.remove([key.id]);
    this.events.removed(key);
    this.counts.removed += 1;
  }

  /** Pending removals are flushed on close: a file deleted just before quitting is still dropped. */
  async close(): Promise<void> {
    const paths = [...this.pendingRemovals.keys()];
    for (const timer of this.pendingRemovals.values()) clearTimeout(timer);
    for (const timer of this.folderWalks) clearTimeout(timer);
    this.folderWalks.clear();
    this.pendingRemovals.clear();
    for (const p of paths) await this.serial(() => this.removeIfGone(p));
    // Copies waiting for an original that was cancelled are found again by the next scan.
    this.deferred.clear();
    this.queuedContent.clear();
    this.copiesOf.clear();
    await this.chain;
    await this.queue.drained();
  }

  static rootOf(filePath: string, roots: readonly string[]): string | undefined {
    return roots
      .filter((r) => isInside(filePath, r))
      .sort((a, b) => b.length - a.length)
      .at(0);
  }

  static resolveRoot(input: string): string {
    return path.resolve(input);
  }
}
