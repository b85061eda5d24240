import { access } from 'node:fs/promises';
import path from 'node:path';
import type { CoreOptions } from '../core.js';
import type { PreprocessSpec } from '../imaging/preprocess-spec.js';
import type { LibraryPaths } from '../library-paths.js';
import type { ImageEmbedder } from '../pipeline/types.js';
import type { SettingsStore } from '../settings.js';
import { loadClipModel } from './clip-model.js';
import { describeProviders } from './providers.js';

/** The model as the rest of the core uses it: both towers behind one small interface. */
export interface LoadedModel extends ImageEmbedder {
  readonly modelId: string;
  readonly dir: string;
  readonly embeddingSize: number;
  readonly preprocess: PreprocessSpec;
  readonly provider: string;
  embedTexts(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

/**
 * Which model folder a library uses: `--model DIR` first, then the library's setting (a
 * folder path, or the id of a model installed under `<library>/models/`). None: null, and
 * the core answers MODEL_NOT_READY where it needs one.
 */
export async function resolveModelDir(options: CoreOptions, settings: SettingsStore, paths: LibraryPaths): Promise<string | null> {
  if (options.modelDir !== undefined) return path.resolve(options.modelDir);
  const chosen = settings.get().model;
  if (chosen === null) return null;
  const dir = path.isAbsolute(chosen) ? chosen : path.join(paths.models, chosen);
  return access(dir).then(
    () => dir,
    () => null,
  );
}

export async function openModel(options: CoreOptions, settings: SettingsStore, paths: LibraryPaths): Promise<LoadedModel | null> {
  const dir = await resolveModelDir(options, settings, paths);
  if (dir === null) return null;
  const s = settings.get();
  const model = await loadClipModel(dir, {
    provider: options.provider ?? s.provider,
    ...(options.threads ?? s.threads ? { threads: options.threads ?? s.threads ?? 1 } : {}),
  });
  return {
    modelId: model.info.id,
    dir,
    embeddingSize: model.info.embeddingSize,
    preprocess: model.info.preprocess,
    // Known once a tower has loaded (towers load on first use), so read it each time.
    get provider() {
      const result = model.providers.image ?? model.providers.text;
      return result ? describeProviders(result) : model.provider;
    },
    embedImages: (pixels, batch) => model.embedImages(pixels, batch),
    embedTexts: (texts) => model.embedTexts(texts),
    dispose: async () => {
      await model.dispose();
    },
  };
}
