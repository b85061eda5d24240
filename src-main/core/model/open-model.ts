import { access } from 'node:fs/promises';
import path from 'node:path';
import type { CoreOptions } from '../core.js';
import type { PreprocessSpec } from '../imaging/preprocess-spec.js';
import type { LibraryPaths } from '../library/library-paths.js';
import type { ImageEmbedder } from '../pipeline/types.js';
import type { SettingsStore } from '../library/settings.js';
import { modelDirFor } from '../runtime/active-model.js';
import { loadClipModel } from './clip-model.js';
import { describeProviders, type ProviderResult } from './providers.js';
import { resolveScoring, type ZeroShotScoring } from './scoring.js';
import { defaultThreadCount } from './session.js';

/** The model as the rest of the core uses it: both towers behind one small interface. */
export interface LoadedModel extends ImageEmbedder {
  readonly modelId: string;
  readonly dir: string;
  /** the CLIP text tower's ONNX file */
  readonly textPath: string;
  readonly embeddingSize: number;
  readonly preprocess: PreprocessSpec;
  /** where it runs, with the reason for every provider skipped ("cpu (cuda: not bundled ...)") */
  readonly provider: string;
  /** the provider asked for ('auto', 'cuda', ...) */
  readonly providerChoice: string;
  readonly threads: number;
  readonly scoring: ZeroShotScoring;
  /** per tower: where it runs and what was tried first; null until the tower has loaded */
  providers(): { image: ProviderResult | null; text: ProviderResult | null };
  embedTexts(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
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
  const threads = options.threads ?? s.threads ?? defaultThreadCount();
  const model = await loadClipModel(dir, { provider: providerChoice, threads });
  const scoring = await resolveScoring(dir);
  return {
    modelId: model.info.id,
    dir: model.info.dir,
    textPath: model.info.textPath,
    embeddingSize: model.info.embeddingSize,
    preprocess: model.info.preprocess,
    providerChoice,
    threads,
    scoring,
    // Known once a tower has loaded (towers load on first use), so read it each time.
    get provider() {
      const result = model.providers.image ?? model.providers.text;
      return result ? describeProviders(result) : model.provider;
    },
    providers: () => model.providers,
    embedImages: (pixels, batch) => model.embedImages(pixels, batch),
    embedTexts: (texts) => model.embedTexts(texts),
    dispose: () => model.dispose(),
  };
}

export async function openModel(
  options: CoreOptions,
  settings: SettingsStore,
  paths: LibraryPaths,
): Promise<LoadedModel | null> {
  const dir = await resolveModelDir(options, settings, paths);
  return dir === null ? null : loadModelAt(dir, options, settings);
}
