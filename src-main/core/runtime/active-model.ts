import { access } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../contract/errors.js';
import type { LibraryPaths } from '../library/library-paths.js';
import type { Settings, SettingsStore } from '../library/settings.js';
import { readManifest, type ModelManifest } from '../model/download/manifest.js';
import { checkId } from '../model/model-store.js';
import { loadModel, type LoadedModel } from '../model/open-model.js';
import { parseProviderChoice } from '../model/providers.js';
import { planThreads } from '../pipeline/thread-plan.js';
import type { CoreOptions } from './core-options.js';

/**
 * `settings.model` names either a model installed under `<library>/models/<id>` (what the catalogue
 * and `model import` install) or any folder with the Hugging Face layout, by absolute path.
 */
export function modelDirFor(value: string, modelsDir: string): string {
  return path.isAbsolute(value) ? value : path.join(modelsDir, value);
}

/** The manifest of an installed model that can embed photos; a text-only tower cannot be the library's model. */
export async function requireImageModel(modelsDir: string, id: string): Promise<ModelManifest> {
  checkId(id);
  const manifest = await readManifest(path.join(modelsDir, id)).catch((error: unknown) => {
    throw new AppError(
      'MODEL_NOT_FOUND',
      `Model "${id}" is not installed: download it (shoebox model download ${id}) or import it first.`,
      { id },
      { cause: error },
    );
  });
  if (manifest.entry?.textOnly === true) {
    throw new AppError(
      'INVALID_INPUT',
      `"${id}" is a text tower for ${String(manifest.entry.sharesImageSpaceWith)}; choose an image model.`,
      { id },
    );
  }
  return manifest;
}

export interface ModelChoice {
  /** an installed id or an absolute folder path */
  model: string;
  provider?: string | undefined;
  threads?: number | null | undefined;
}

/** Persists the model (and, when given, the provider and thread count) in the library's settings. */
export async function saveModelChoice(settings: SettingsStore, choice: ModelChoice): Promise<Settings> {
  if (choice.provider !== undefined) parseProviderChoice(choice.provider);
  return await settings.update((draft) => {
    draft.model = choice.model;
    if (choice.provider !== undefined) draft.provider = choice.provider;
    if (choice.threads !== undefined) draft.threads = choice.threads;
  });
}

/**
 * Which model folder a library uses: `--model DIR` first, then the library's setting (a
 * folder path, or the id of a model installed under `<library>/models/`). None: null, and
 * the core answers MODEL_NOT_READY where it needs one.
 */
export async function resolveModelDir(
  options: CoreOptions,
  settings: SettingsStore,
  paths: LibraryPaths,
): Promise<string | null> {
  if (options.modelDir !== undefined) return path.resolve(options.modelDir);
  const chosen = settings.get().model;
  if (chosen === null) return null;
  const dir = modelDirFor(chosen, paths.models);
  return access(dir).then(
    () => dir,
    () => null,
  );
}

/** Loads the model in `dir` with the provider and threads of the options, else of the settings. */
export async function loadModelAt(dir: string, options: CoreOptions, settings: SettingsStore): Promise<LoadedModel> {
  const s = settings.get();
  const providerChoice = options.provider ?? s.provider;
  const { inferenceThreads } = planThreads({ threads: options.threads ?? s.threads });
  return loadModel(dir, providerChoice, inferenceThreads, options.imageWorker ?? true);
}
