import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AlbumsApi } from '../contract/albums.js';
import type { ImportsApi } from '../contract/imports.js';
import type { MarksApi } from '../contract/marks.js';
import type { TrashApi } from '../contract/trash.js';
import { AppError } from '../contract/errors.js';
import type { LibraryApi } from '../contract/library.js';
import type { SearchApi } from '../contract/search.js';
import type { TagsApi } from '../contract/tags.js';
import type { ModelsApi } from '../contract/models.js';
import { parseInput } from '../contract/parse.js';
import { PageWarmUp } from './page-warm-up.js';
import { openAlbums } from './albums/albums-runtime.js';
import { marksService } from './albums/marks-service.js';
import { trashService } from './albums/trash-service.js';
import { albumPhotoSets, albumsService, servingVectors } from './albums/albums-service.js';
import type { Core, CoreOptions } from './core.js';
import type { Engine } from './pipeline/engine.js';
import { ImportService } from './import/import-service.js';
import { startImportWatch } from './import/import-watch.js';
import { libraryService } from './library/library-service.js';
import { LibraryLock } from './library-lock.js';
import { libraryPaths } from './library/library-paths.js';
import { ModelDownloads } from './model/download-manager.js';
import { LibraryRuntime } from './runtime/library-runtime.js';
import { modelService } from './runtime/model-service.js';
import { searchService } from './search/search-service.js';
import { SettingsStore } from './library/settings.js';
import { keywordExportFeature } from './sidecars/keyword-export-service.js';
import { PhotoEventBus } from './util/typed-emitter.js';

/**
 * Builds the engine for one library folder and returns it as a `Core`: the PhotoApi plus
 * events and the byte routes. Every method parses its input with the contract's schema, so the
 * core is safe to call directly (CLI) as well as through a transport.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const libraryDir = path.resolve(options.libraryDir);
  await mkdir(libraryDir, { recursive: true });
  // One writer per library: see [Note: one writer per library].
  const lock = await LibraryLock.acquire(libraryDir, options.owner ?? 'a Shoebox process');
  try {
    return await openLocked(options, libraryDir, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function openLocked(options: CoreOptions, libraryDir: string, lock: LibraryLock): Promise<Core> {
  const paths = libraryPaths(libraryDir);
  const settings = await SettingsStore.open(libraryDir);
  const bus = new PhotoEventBus();
  // The model, its vector table and the engine live in the runtime, which replaces them after a model switch.
  // Albums listen on the bus before the runtime starts indexing, so they miss no photoIndexed.
  const albums = await openAlbums({
    catalogDir: paths.catalog,
    bus,
    libraryDir,
    roots: () => settings.get().roots.map((r) => r.path),
    serving: () => (runtime.engine ? servingVectors(runtime.engine) : null),
    fileActionPauseMs: options.timings?.fileActionPauseMs,
    vectorWorkerFrom: options.vectorWorkerFrom,
  });
  const runtime = await LibraryRuntime.open({ options, paths, settings, bus });
  await albums.start({ warm: options.watch === true });
  const downloads = new ModelDownloads(paths.models, bus);

  const requireEngine = (): Engine => {
    const engine = runtime.engine;
    if (engine) return engine;
    throw new AppError(
      'MODEL_NOT_READY',
      'No model is installed yet. Download one (shoebox model download clip-vit-b32) or pass --model DIR.',
    );
  };

  const photoSets = albumPhotoSets(albums);
  const library: LibraryApi = libraryService({
    libraryDir,
    settings,
    requireEngine,
    photoSets,
    setIndexingPaused: (paused) => runtime.setIndexingPaused(paused),
    get engine() {
      return runtime.engine;
    },
    get model() {
      return runtime.model;
    },
  });
  const searchFeature = searchService({ requireEngine, backgroundIndex: options.watch === true, photoSets, indexMinRows: options.timings?.indexMinRows });
  const search: SearchApi = searchFeature.api;
  const models: ModelsApi = modelService({ options, paths, settings, runtime, downloads, requireEngine });
  const albumApi: AlbumsApi = albumsService(albums);
  const imports = new ImportService({
    libraryDir, settings, albums, bus,
    engine: () => runtime.engine,
    busyMs: options.timings?.importSettleMs,
    addRoot: async (folder) => {
      await library.addRoot({ path: folder });
    },
    removeRoot: (folder) => library.removeRoot({ path: folder }),
  });
  await imports.recover();
  const importApi: ImportsApi = imports.api();
  const importWatch = options.watch === true ? startImportWatch(imports, settings, bus, options.timings) : null;
  const keywordExport = await keywordExportFeature({ libraryDir, settings, albums, bus, pauseMs: options.timings?.sidecarPauseMs ?? 0 });
  const tagsApi: TagsApi = keywordExport.api;
  const marks: MarksApi = marksService(albums);
  const trash: TrashApi = trashService(albums, {
    // a watcher sees the photos come back; without one they are indexed again at once
    reindex:
      options.watch === true
        ? null
        : async () => {
            await library.rescan({});
          },
    ...(options.openFolder && { openFolder: options.openFolder }),
  });
  const methods = { ...library, ...search, ...models, ...albumApi, ...importApi, ...tagsApi, ...marks, ...trash };
  // A core that does not watch (the `index` command) reads the keywords of what it indexed and builds the ANN index
  // once a rescan has crossed its threshold before the rescan answers, so a process that exits next has lost
  // nothing and the next search answers from the index; a watching one does both in the background.
  if (options.watch !== true) {
    methods.rescan = async (input) => {
      const summary = await library.rescan(input);
      await albums.keywordsRead();
      await searchFeature.indexIfDue();
      return summary;
    };
  }

  // [Note: warming for the page]: what the page asks first, then what the first search needs
  const warmUp = new PageWarmUp({
    firstPageMethod: 'listPhotos',
    firstScreen: async (proceed) => {
      const calls: (() => Promise<unknown>)[] = [
        () => methods.status({}),
        () => methods.listPhotos(parseInput('listPhotos', { offset: 0, limit: 1 })),
        () => methods.listFolders({}),
        () => methods.timeline({}),
      ];
      // without a model there is no grid yet (the page shows the first run)
      for (const call of calls) {
        if (!(await proceed()) || !runtime.engine) return;
        await runtime.track(call());
      }
    },
    search: (proceed) => runtime.track(searchFeature.warm(proceed)),
  });

  let closing: Promise<void> | null = null;
  const core: Core = {
    ...wrapWithParsing(methods, (name, call) => warmUp.track(name, runtime.track(call))),
    on: (name, listener) => bus.on(name, listener),
    thumbnailFile: (id) => warmUp.track('thumbnailFile', Promise.resolve().then(() => requireEngine().thumbnailFile(id))),
    originalFile: (id, size) => warmUp.track('originalFile', Promise.resolve().then(() => requireEngine().originalFile(id, size))),
    announce: (endpoint) => lock.announce(endpoint),
    warmForPage: () => warmUp.start(),
    close() {
      closing ??= (async () => {
        try {
          await warmUp.close();
          searchFeature.close();
          await importWatch?.close();
          await downloads.close();
          await keywordExport.close();
          await albums.close();
          await runtime.close();
        } finally {
          await lock.release();
        }
      })();
      return closing;
    },
  };
  return core;
}

type Methods = LibraryApi & SearchApi & ModelsApi & AlbumsApi & ImportsApi & TagsApi & MarksApi & TrashApi;

/**
 * Parses every input; `track` lets an engine replaced by a model switch wait for the calls using it, and the
 * page's warm-up wait for them to pause.
 */
function wrapWithParsing(methods: Methods, track: (name: string, call: Promise<unknown>) => Promise<unknown>): Methods {
  const wrapped = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const [name, fn] of Object.entries(methods) as [keyof Methods, (input: unknown) => Promise<unknown>][]) {
    // Parsing inside the promise: a bad argument rejects like any other failure, never throws synchronously.
    wrapped[name] = (input: unknown) => track(name, Promise.resolve().then(() => fn(parseInput(name, input))));
  }
  return wrapped as unknown as Methods;
}
