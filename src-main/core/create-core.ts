import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../contract/errors.js';
import type { LibraryApi } from '../contract/library.js';
import type { SearchApi } from '../contract/search.js';
import { parseInput } from '../contract/parse.js';
import { openCatalog } from './catalog/catalog.js';
import type { Core, CoreOptions } from './core.js';
import { createEngine, type Engine } from './engine.js';
import { libraryService } from './library/library-service.js';
import { libraryPaths } from './library-paths.js';
import { openModel } from './model/open-model.js';
import { searchService } from './search/search-service.js';
import { SettingsStore } from './settings.js';
import { PhotoEventBus } from './util/typed-emitter.js';

/**
 * Builds the engine for one library folder and returns it as a `Core`: the PhotoApi plus
 * events and the byte routes. Every method parses its input with the contract's schema, so the
 * core is safe to call directly (CLI) as well as through a transport.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const libraryDir = path.resolve(options.libraryDir);
  await mkdir(libraryDir, { recursive: true });
  const paths = libraryPaths(libraryDir);
  const settings = await SettingsStore.open(libraryDir);
  const bus = new PhotoEventBus();
  const model = await openModel(options, settings, paths);
  const catalog = model ? await openCatalog(paths.catalog, model.embeddingSize) : null;
  const engine: Engine | null =
    model && catalog ? createEngine({ options, paths, settings, catalog, model, bus }) : null;
  if (engine && options.watch === true) await engine.startWatching();

  const requireEngine = (): Engine => {
    if (engine) return engine;
    throw new AppError(
      'MODEL_NOT_READY',
      'No model is installed yet. Download one (shoebox model download clip-vit-b32) or pass --model DIR.',
    );
  };

  const library: LibraryApi = libraryService({ libraryDir, settings, requireEngine, engine, model });
  const search: SearchApi = searchService({ requireEngine });
  const methods = { ...library, ...search };

  let closing: Promise<void> | null = null;
  const core: Core = {
    ...wrapWithParsing(methods),
    on: (name, listener) => bus.on(name, listener),
    thumbnailFile: (id) => requireEngine().thumbnailFile(id),
    originalFile: (id) => requireEngine().originalFile(id),
    close() {
      closing ??= (async () => {
        await engine?.close();
        await catalog?.close();
        await model?.dispose();
      })();
      return closing;
    },
  };
  return core;
}

type Methods = LibraryApi & SearchApi;

function wrapWithParsing(methods: Methods): Methods {
  const wrapped = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const [name, fn] of Object.entries(methods) as [keyof Methods, (input: unknown) => Promise<unknown>][]) {
    wrapped[name] = (input: unknown) => fn(parseInput(name, input));
  }
  return wrapped as unknown as Methods;
}
