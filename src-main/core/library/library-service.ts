import { realpath } from 'node:fs/promises';
import type { ApiService } from '../../contract/api.js';
import { AppError } from '../../contract/errors.js';
import type { FolderCount, IndexProgress, IndexSummary, LibraryApi, LibraryRoot, LibraryStatus, TimelineMonth } from '../../contract/library.js';
import type { SearchFilters } from '../../contract/search.js';
import type { Catalog } from '../catalog/catalog.js';
import type { PhotoKey } from '../catalog/photo-store.js';
import type { LoadedModel } from '../model/open-model.js';
import type { PhotoSetResolver } from '../catalog/photo-sets.js';
import type { SettingsStore } from './settings.js';
import { probeVideo } from '../video/video-probe.js';
import { byNewest, cameraCounts, folderCounts, isUnfiltered, KeysMemo, monthsInOrder, passing } from './browse.js';
import { readExifFacts } from './exif-detail.js';
import { unreadableFiles } from './unreadable.js';
import { companionsOf, motionOf, MOTION_SUFFIX } from './companions.js';
import { toDetail, toSummary } from './photo-view.js';
import { readFileRating } from './xmp-rating.js';
import { addRoot, removeRoot, resolveRootFolder } from './roots.js';
import { isInside } from './supported-files.js';

/**
 * What the library half reads of the engine serving now: the runtime's `Engine` (declared in
 * pipeline/, above this folder) has all of it, and this folder never imports upward to name it.
 */
export interface LibraryEngine {
  readonly catalog: Catalog;
  readonly progress: { snapshot(): IndexProgress };
  readonly queue: { pause(): void; resume(): void };
  scan(): Promise<IndexSummary>;
  rootAdded(root: string): void;
  rootRemoved(root: string): Promise<void>;
  checkedPath(filePath: string): Promise<string>;
}

interface Deps {
  libraryDir: string;
  settings: SettingsStore;
  engine: LibraryEngine | null;
  model: LoadedModel | null;
  requireEngine: () => LibraryEngine;
  /** album and tag members, for the library grid's album and tag filters */
  photoSets?: PhotoSetResolver;
  /** pauses or resumes every queue that indexes: the serving engine's and a model switch's re-embedding */
  setIndexingPaused: (paused: boolean) => void;
}

const IDLE = { state: 'idle', queued: 0, done: 0, failed: 0, total: 0, rate: 0, etaSeconds: 0 } as const;

/** Roots, scanning, status and listings: the library half of the PhotoApi. */
export function libraryService(deps: Deps): ApiService<keyof LibraryApi> {
  // `deps.engine` is read at each call: a model switch replaces the engine.
  const { settings } = deps;

  // computed again only when the catalogue's keys change (see KeysMemo); an entry may hold the keys twice (a
  // filtered list and its order: 8 MB each at 1M photos), so few are kept: three filter sets for the grid, one set of roots
  const newest = new KeysMemo<PhotoKey, PhotoKey[]>((keys) => [...keys].sort(byNewest), 3);
  // made from listPhotos' order, so the library is sorted once for both
  const timelines = new KeysMemo<PhotoKey, TimelineMonth[]>(monthsInOrder, 3);
  const folders = new KeysMemo<PhotoKey, FolderCount[]>((keys) => folderCounts(keys, rootPaths()), 1);
  /** the roots' photo counts, counted again only when the photos or the roots change */
  let counted: { version: number; roots: string; counts: number[] } | null = null;
  const rootPaths = (): string[] => settings.get().roots.map((r) => r.path);
  const allKeys = (): PhotoKey[] => (deps.engine ? [...deps.engine.catalog.photos.keys()] : []);
  const version = (): number => deps.engine?.catalog.photos.version ?? -1;
  // every key in the grid's order: the tree and the grid share one read of the keys (60–80 ms at 100k)
  const everyKey = (): PhotoKey[] => newest.get(allKeys, JSON.stringify({}), version());
  // every key, read only when a memo must compute again; or the keys that pass the filters
  const filtered = async (filters: SearchFilters | undefined): Promise<(() => PhotoKey[]) | PhotoKey[]> => {
    const e = deps.requireEngine();
    if (isUnfiltered(filters)) return allKeys;
    return passing(e.catalog.photos.keys(), filters, e.catalog.photos, deps.photoSets);
  };

  // Counted over the paths alone: the status is asked by every caller (the CLI, a library left idle), and every key
  // made an object at once held 340 MB of heap at 1M photos until the next garbage collection.
  const rootsWithCounts = (): LibraryRoot[] => {
    const roots = rootPaths();
    const key = JSON.stringify(roots);
    if (counted === null || counted.version !== version() || counted.roots !== key) {
      const counts = roots.map(() => 0);
      for (const file of deps.engine?.catalog.photos.paths() ?? []) {
        for (const [i, root] of roots.entries()) if (isInside(file, root)) counts[i] = (counts[i] ?? 0) + 1;
      }
      counted = { version: version(), roots: key, counts };
    }
    const { counts } = counted;
    return settings.get().roots.map((r, i) => ({ path: r.path, addedAt: r.addedAt, photoCount: counts[i] ?? 0 }));
  };
  return {
    status(): Promise<LibraryStatus> {
      const engine = deps.engine;
      const photos = engine?.catalog.photos.count ?? 0;
      const failed = engine?.catalog.failures.count ?? 0;
      const progress = engine?.progress.snapshot() ?? { ...IDLE };
      return Promise.resolve({
        libraryDir: deps.libraryDir,
        roots: rootsWithCounts(),
        photos: { total: photos + failed + progress.queued, indexed: photos, pending: progress.queued, failed },
        model: deps.model
          ? { id: deps.model.modelId, dir: deps.model.dir, embeddingSize: deps.model.embeddingSize, provider: deps.model.provider }
          : null,
        indexing: progress,
      });
    },

    listRoots: () => Promise.resolve(rootsWithCounts()),

    async addRoot({ path }) {
      const folder = await resolveRootFolder(path, await realpath(deps.libraryDir));
      const added = await addRoot(settings, folder);
      if (added.isNew) deps.engine?.rootAdded(folder);
      return rootsWithCounts().find((r) => r.path === folder) ?? { path: folder, addedAt: added.addedAt, photoCount: 0 };
    },

    async removeRoot({ path }) {
      const removed = await removeRoot(settings, path);
      await deps.engine?.rootRemoved(removed);
    },

    rescan: () => deps.requireEngine().scan(),

    pauseIndexing() {
      const e = deps.requireEngine();
      deps.setIndexingPaused(true);
      return Promise.resolve(e.progress.snapshot());
    },

    resumeIndexing() {
      const e = deps.requireEngine();
      deps.setIndexingPaused(false);
      return Promise.resolve(e.progress.snapshot());
    },

    listFailures({ limit }) {
      const e = deps.requireEngine();
      return Promise.resolve(
        e.catalog.failures
          .list()
          .slice(0, limit)
          .map((f) => ({ id: f.path, path: f.path, code: f.code, message: f.message })),
      );
    },

    async listPhotos({ offset, limit, filters }) {
      const e = deps.requireEngine();
      // Newest first, as a photo library is browsed; ties broken by path so pages are stable.
      const ordered = newest.get(await filtered(filters), JSON.stringify(filters ?? {}), version());
      const page = ordered.slice(offset, offset + limit).map((k) => k.id);
      const rows = await e.catalog.photos.get(page);
      return { total: ordered.length, photos: rows.map(toSummary) };
    },

    listFolders: () => Promise.resolve(deps.engine ? folders.get(everyKey, JSON.stringify(rootPaths()), version()) : []),

    listUnreadable: ({ limit }) => unreadableFiles(settings.get().roots.map((r) => r.path), [deps.libraryDir], limit),

    async listCameras() {
      if (!deps.engine) return [];
      // one column of the photos table, read when the filter panel opens
      const rows = (await deps.engine.catalog.photos.table.query().select(['camera']).toArray()) as { camera: string | null }[];
      return cameraCounts(rows);
    },

    async timeline({ filters }) {
      if (!deps.engine) return [];
      const filterKey = JSON.stringify(filters ?? {});
      return timelines.get(newest.get(await filtered(filters), filterKey, version()), filterKey, version());
    },

    async getPhoto({ id }) {
      const e = deps.requireEngine();
      const [row] = await e.catalog.photos.get([id]);
      if (!row) throw new AppError('NOT_FOUND', `No photo with id ${id}.`);
      const motion = await motionOf(row.path);
      const detail = {
        ...toDetail(row),
        companions: await companionsOf(row.path),
        ...(motion ? { motion: id + MOTION_SUFFIX } : {}),
        fileRating: await readFileRating(row.path),
      };
      if (row.format !== 'video') {
        // only a file still inside the roots is read ([Note: links in roots])
        const file = await e.checkedPath(row.path).catch(() => null);
        const exif = file === null ? null : await readExifFacts(file);
        return exif ? { ...detail, exif } : detail;
      }
      const info = await probeVideo(row.path).catch(() => null);
      const moments = (await e.catalog.moments.of(id)).map((m) => m.time);
      return { ...detail, video: { duration: info?.duration ?? 0, codec: info?.codec ?? 'unknown', moments } };
    },
  };
}
