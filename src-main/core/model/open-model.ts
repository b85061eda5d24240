import type { PreprocessSpec } from '../imaging/preprocess-spec.js';
import { loadClipModel } from './clip-model.js';
import { describeProviders, type ProviderResult } from './providers.js';
import { resolveScoring, type ZeroShotScoring } from './scoring.js';

/** What the pipeline needs of a model: its image tower only (the text tower is never loaded for indexing). */
export interface ImageEmbedder {
  readonly modelId: string;
  readonly embeddingSize: number;
  readonly preprocess: PreprocessSpec;
  /** `pixels` holds `batch` images of 3×H×W and is handed over (its buffer may be detached); returns one L2-normalised vector per image. */
  embedImages(pixels: Float32Array, batch: number): Promise<Float32Array[]>;
}

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
  /** where the image tower runs once loaded: its worker's threadId, 0 for the main thread; null until loaded */
  imageThread(): number | null;
  /** the image tower's worker thread while one runs ([Note: inference in a worker]) */
  imageWorker(): import('node:worker_threads').Worker | null;
  readonly scoring: ZeroShotScoring;
  /** per tower: where it runs and what was tried first; null until the tower has loaded */
  providers(): { image: ProviderResult | null; text: ProviderResult | null };
  embedTexts(texts: string[]): Promise<Float32Array[]>;
  /** the text tower loaded now in a worker thread of its own ([Note: warming for the page]) */
  loadTextInWorker(): Promise<void>;
  dispose(): Promise<void>;
}

/** Loads the model in `dir` on the provider asked for ('auto', 'cuda', ...) with `threads` intra-op threads. */
export async function loadModel(dir: string, providerChoice: string, threads: number, imageWorker = true): Promise<LoadedModel> {
  const model = await loadClipModel(dir, { provider: providerChoice, threads, imageWorker });
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
    imageThread: () => model.imageThread(),
    imageWorker: () => model.imageWorker(),
    embedImages: (pixels, batch) => model.embedImages(pixels, batch),
    embedTexts: (texts) => model.embedTexts(texts),
    loadTextInWorker: () => model.loadTextInWorker(),
    dispose: () => model.dispose(),
  };
}
