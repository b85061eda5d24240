import type { PreprocessSpec } from '../imaging/preprocess-spec.js';

/** What the pipeline needs of a model (declared with the model, see model/open-model.ts). */
export type { ImageEmbedder } from '../model/open-model.js';

export interface PreparedImage {
  tensor: Float32Array;
  width: number;
  height: number;
  format: string;
}

export type PrepareImage = (
  /** the file's bytes; null: open it by its path (a RAW, of which only the embedded preview is read) */
  bytes: Buffer | null,
  filePath: string,
  spec: PreprocessSpec,
  options: { thumbnailPath: string },
) => Promise<PreparedImage>;

/** One file to embed, decided by the indexer. */
export interface EmbedJob {
  id: string;
  path: string;
  root: string;
  size: number;
  mtime: number;
  contentHash: string;
}
