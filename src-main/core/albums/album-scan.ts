import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { AppError } from '../../contract/errors.js';
import type { PhotoStore } from '../catalog/photo-store.js';
import type { AlbumState } from './album-state.js';
import type { LibraryStats } from './probe.js';
import { scanVectors } from './vector-scan.js';
import type { AlbumScoreSpec, ScoresResult } from './vector-work/vector-job.js';
import type { RunOptions, VectorWork } from './vector-work/vector-worker.js';

/** Scores go into the albums' maps this many photos at a time, the event loop running between slices. */
const SLICE = 4096;

/** What one scoring pass does to an album: all its scores, or only its probe terms (after a refit). */
export type ScanPart = 'scores' | 'probe';

function specOf(state: AlbumState, part: ScanPart): AlbumScoreSpec {
  const probe = state.record.probe;
  return {
    prompts: state.vectors.prompts,
    negatives: state.vectors.negatives,
    promptScores: part === 'scores',
    probe: probe ? { weights: Float32Array.from(probe.weights), bias: probe.bias } : null,
  };
}

/**
 * One pass over every vector in the vector work's thread ([Note: vector work off the main thread]):
 * scores the albums (prompt scores and probe terms, or only the probe terms) and measures the
 * library's spread. The ids stay here, in the order the scan read them; only numbers travel.
 */
export async function scanAlbums(
  photos: PhotoStore,
  modelId: string,
  states: readonly AlbumState[],
  part: ScanPart,
  work: VectorWork,
  options: RunOptions,
): Promise<LibraryStats | null> {
  const ids: string[] = [];
  const spec = { kind: 'scores' as const, total: photos.count, dim: photos.dimension, albums: states.map((s) => specOf(s, part)) };
  const { result } = await work.run<ScoresResult>(spec, photos.count, (send) =>
    scanVectors(photos, modelId, (batch) => {
      ids.push(...batch.ids);
      return send(batch);
    }),
    options,
  );
  for (let start = 0; start < ids.length; start += SLICE) {
    if (start > 0) await yieldToLoop();
    if (options.signal?.aborted === true) throw new AppError('CANCELLED', 'Scoring the albums was cancelled.');
    const end = Math.min(ids.length, start + SLICE);
    states.forEach((state, a) => state.applyScores(ids, start, end, result.scores[a] ?? null, result.probes[a] ?? null));
  }
  if (result.count === 0) return null;
  const mean = Float32Array.from(result.sum, (x) => x / result.count);
  // For unit vectors, mean |x - mean|^2 = 1 - |mean|^2: the scale needs no second pass.
  const meanNorm2 = mean.reduce((s, x) => s + x * x, 0);
  return { mean, scale: Math.sqrt(Math.max(1e-6, 1 - meanNorm2)) };
}
