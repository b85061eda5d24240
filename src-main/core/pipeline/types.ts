import type { PreprocessSpec } from '../imaging/preprocess-spec.js';

/** What the pipeline needs of a model: its image tower only (the text tower is never loaded for indexing). */
export interface ImageEmbedder {
  readonly modelId: string;
  readonly embeddingSize: number;
  readonly preprocess: PreprocessSpec;
  /** `pixels` holds `batch` images of 3×H×W; returns one L2-normalised vector per image. */
  embedImages(pixels: Float32Array, batch: number): Promise<Float32Array[]>;
}

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
