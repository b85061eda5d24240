import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { ApiParsed, ApiService } from '../../contract/api.js';
import { AppError } from '../../contract/errors.js';
import type { ModelInfo, ModelsApi, ModelStatus, RunningModel } from '../../contract/models.js';
import { VectorTables } from '../catalog/vector-tables.js';
import type { CoreOptions } from './core-options.js';
import type { Engine } from './engine.js';
import type { LibraryPaths } from '../library/library-paths.js';
import { classifyImage } from '../search/zero-shot.js';
import type { SettingsStore } from '../library/settings.js';
import { loadModelAt, requireImageModel, saveModelChoice } from './active-model.js';
import { getRegistryEntry, loadModelRegistry } from '../model/model-registry.js';
import { diagnose } from '../model/diagnose.js';
import type { ModelDownloads } from '../model/download-manager.js';
import type { LibraryRuntime } from './library-runtime.js';
import { listModelInfos } from '../model/model-listing.js';
import { importModel, listInstalledModels, removeModel } from '../model/model-store.js';
import { readModelFolder } from '../model/model-folder.js';
import { loadSentenceTower } from '../model/sentence-tower.js';
import { importSentenceTower, isSentenceTowerFolder } from '../model/text-tower-import.js';
import type { LoadedModel } from '../model/open-model.js';
import { planThreads } from '../pipeline/thread-plan.js';
import { textCacheFile } from '../model/text-vector-cache.js';

export interface ModelServiceDeps {
  options: CoreOptions;
  paths: LibraryPaths;
  settings: SettingsStore;
  runtime: LibraryRuntime;
  downloads: ModelDownloads;
  requireEngine: () => Engine;
}

function runningModel(model: LoadedModel | null): RunningModel | null {
  if (model === null) return null;
  const { modelId, dir, embeddingSize, provider, providerChoice, threads, scoring } = model;
  return { id: modelId, dir, embeddingSize, provider, providerChoice, threads, scoring: { ...scoring } };
}

/** The options a chosen model is loaded with: what the call asks for, else what the core was opened with. */
function optionsFor(base: CoreOptions, input: ApiParsed<'useModel'>): CoreOptions {
  const options: CoreOptions = { ...base };
  if (input.provider !== undefined) options.provider = input.provider;
  if (input.threads === null) delete options.threads;
  else if (input.threads !== undefined) options.threads = input.threads;
  return options;
}

/** Models: the catalogue, downloads, imports, the library's choice and switch, zero-shot scores, diagnosis. */
export function modelService(deps: ModelServiceDeps): ApiService<keyof ModelsApi> {
  const { paths, settings, runtime, downloads } = deps;

  const status = async (): Promise<ModelStatus> => {
    const { model, provider, threads, textTower } = settings.get();
    const tower = (await runtime.engine?.towers.multilingual()) ?? null;
    const base = {
      settings: { model, provider, threads, textTower },
      multilingual: tower?.id ?? null,
      serving: runningModel(runtime.model),
      switching: runtime.switchState(),
    };
    return runtime.problem === null ? base : { ...base, problem: runtime.problem };
  };

  const listModels = async (): Promise<ModelInfo[]> =>
    listModelInfos(await loadModelRegistry(), await listInstalledModels(paths.models), {
      chosen: settings.get().model,
      serving: runtime.model?.modelId ?? null,
      isDownloading: (id) => downloads.isRunning(id),
    });

  const refuseInUse = (id: string, doing: string): void => {
    if (runtime.modelsInUse().includes(id)) {
      throw new AppError('INVALID_INPUT', `Cannot ${doing} "${id}" while the library uses it: choose another model first.`, {
        id,
      });
    }
  };

  return {
    listModels,

    modelStatus: () => status(),

    async setTextTower({ tower }) {
      await settings.update((draft) => (draft.textTower = tower));
      return status();
    },

    async downloadModel({ id, variant }) {
      const entry = getRegistryEntry(await loadModelRegistry(), id);
      refuseInUse(id, 'download again');
      return downloads.start(entry, variant);
    },

    cancelModelDownload: ({ id }) => Promise.resolve({ cancelled: downloads.cancel(id) }),

    async useModel(input) {
      // By id: an installed model, or the one serving now wherever its folder is (a page reloads the
      // serving model with other runtime options by its id; it never names a folder, see [Note: paths from the page]).
      const serving = runtime.model;
      const reload = input.id !== undefined && serving?.modelId === input.id && !(await listInstalledModels(paths.models)).some((m) => m.id === input.id) ? serving.dir : null;
      const dir = reload ?? (input.id === undefined ? path.resolve(input.dir ?? '') : path.join(paths.models, input.id));
      if (input.id !== undefined && reload === null) await requireImageModel(paths.models, input.id);
      const model = await loadModelAt(dir, optionsFor(deps.options, input), settings);
      await saveModelChoice(settings, { model: reload === null ? (input.id ?? dir) : reload, provider: input.provider, threads: input.threads });
      await runtime.use(model);
      return status();
    },

    async removeModel({ id }) {
      refuseInUse(id, 'remove');
      downloads.cancel(id);
      await downloads.settled(id);
      await removeModel(paths.models, id);
      const tables = await VectorTables.open(paths.catalog);
      await tables.drop(id).finally(() => tables.close());
      await rm(textCacheFile(paths.cache, id), { force: true });
      if (settings.get().model === id) await settings.update((draft) => (draft.model = null));
    },

    async importModel({ path: source, id }) {
      const tower = await isSentenceTowerFolder(source);
      const installed = tower
        ? await importSentenceTower(source, paths.models, await loadModelRegistry(), id)
        : await importModel(source, paths.models, id);
      try {
        if (tower) await (await loadSentenceTower(installed.dir)).dispose();
        else await readModelFolder(installed.dir);
      } catch (error) {
        await removeModel(paths.models, installed.id);
        throw error;
      }
      const listed = (await listModels()).find((m) => m.id === installed.id);
      if (!listed) throw new AppError('INTERNAL', `Model "${installed.id}" was imported but is not listed.`);
      return listed;
    },

    async classify(input) {
      return classifyImage(deps.requireEngine(), input);
    },

    diagnose({ seconds }) {
      const s = settings.get();
      return diagnose(runtime.model, {
        seconds,
        batch: deps.options.batchSize ?? 8,
        providerChoice: deps.options.provider ?? s.provider,
        threads: planThreads({ threads: deps.options.threads ?? s.threads }).inferenceThreads,
      });
    },
  };
}
