import { stat } from 'node:fs/promises';
import type { MomentRow, PhotoRow } from '../catalog/schema.js';
import { tensorOfPixels, thumbnailOfPixels } from '../imaging/index.js';
import { FULL_HASH_LATER } from '../library/full-hash-later.js';
import { sampleFrames } from '../video/sample-frames.js';
import { probeVideo } from '../video/video-probe.js';
import type { EmbedJob, ImageEmbedder } from './types.js';

/** The index of the vector nearest the mean of all: the video's most typical moment. */
function medoid(vectors: readonly Float32Array[]): number {
  const dimension = vectors[0]?.length ?? 0;
  const mean = new Float32Array(dimension);
  for (const v of vectors) for (let i = 0; i < dimension; i++) mean[i] = (mean[i] ?? 0) + (v[i] ?? 0);
  let best = 0;
  let bestScore = -Infinity;
  vectors.forEach((v, index) => {
    let score = 0;
    for (let i = 0; i < dimension; i++) score += (v[i] ?? 0) * (mean[i] ?? 0);
    if (score > bestScore) [best, bestScore] = [index, score];
  });
  return best;
}

export interface EmbeddedVideo {
  row: PhotoRow;
  moments: MomentRow[];
}

/**
 * A video, start to end ([Note: video moments]): probed, its moments sampled and embedded in one batch, the
 * most typical moment its vector and its thumbnail. Errors carry codes and name the file.
 */
export async function embedVideo(job: EmbedJob, embedder: ImageEmbedder, thumbnailPath: string): Promise<EmbeddedVideo> {
  const info = await probeVideo(job.path);
  const frames = await sampleFrames(job.path, info);
  const tensors = await Promise.all(frames.map((f) => tensorOfPixels(f, embedder.preprocess, job.path)));
  const per = tensors[0]?.length ?? 0;
  const pixels = new Float32Array(per * tensors.length);
  tensors.forEach((t, i) => pixels.set(t, i * per));
  const vectors = await embedder.embedImages(pixels, tensors.length);
  const typical = medoid(vectors);
  const frame = frames[typical];
  if (frame) await thumbnailOfPixels(frame, thumbnailPath, job.path);
  // the full hash is left for later ([Note: full hash later]): a clip is read only for its moments
  const file = await stat(job.path);
  const row: PhotoRow = {
    id: job.id,
    content_hash: job.contentHash,
    full_hash: FULL_HASH_LATER,
    path: job.path,
    root: job.root,
    size: file.size,
    mtime: file.mtimeMs,
    width: info.width,
    height: info.height,
    taken_at: info.takenAt ?? file.mtimeMs,
    taken_offset: info.offset,
    camera: null,
    lat: null,
    lon: null,
    format: 'video',
    model_id: embedder.modelId,
    indexed_at: Date.now(),
    vector: vectors[typical] ?? new Float32Array(embedder.embeddingSize),
  };
  return { row, moments: frames.map((f, i) => ({ photo_id: job.id, time: f.time, vector: vectors[i] ?? new Float32Array(0) })) };
}
