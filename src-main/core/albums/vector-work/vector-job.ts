import type { WorkPhase } from '../../../contract/albums.js';
import { promptScore } from '../prompt-scorer.js';
import { dotRow, type VectorBatch } from '../vector-scan.js';
import { NearPairsJob } from './near-pairs-job.js';

/** Where a job is: its phase and the units of it done (photos, or buckets while comparing). */
export interface PhaseProgress {
  phase: WorkPhase;
  done: number;
  total: number;
}

export type PhaseReport = (progress: PhaseProgress) => void;

/** The duplicates scan's near-copy join: photo id → the representative of its exact group. */
export interface NearPairsSpec {
  kind: 'near-pairs';
  threshold: number;
  /** photos in the catalogue: sizes the LSH tables and the progress */
  total: number;
  dim: number;
  reps: [string, string][];
}

/** One album to score over every vector: its prompt vectors (none: a manual album) and its probe. */
export interface AlbumScoreSpec {
  prompts: Float32Array[];
  negatives: Float32Array[];
  /** false: keep the prompt scores, compute only the probe terms (after a refit) */
  promptScores: boolean;
  probe: { weights: Float32Array; bias: number } | null;
}

export interface ScoresSpec {
  kind: 'scores';
  total: number;
  dim: number;
  albums: AlbumScoreSpec[];
}

export type JobSpec = NearPairsSpec | ScoresSpec;

export interface NearPairsResult {
  kind: 'near-pairs';
  /** groups of photo ids (exact groups standing in by their representative) */
  groups: string[][];
  /** the vectors of the photos in the groups, row i for ids[i] */
  ids: string[];
  values: Float32Array;
}

/** Per album, one score and one probe term per photo, in the order the photos were read; and the vectors' sum. */
export interface ScoresResult {
  kind: 'scores';
  scores: (Float64Array | null)[];
  probes: (Float64Array | null)[];
  sum: Float64Array;
  count: number;
}

export type JobResult = NearPairsResult | ScoresResult;

/** Work over the vectors, fed batch by batch, pass after pass, the same in a worker thread or in process. */
export interface VectorJob {
  add(batch: VectorBatch): void;
  /** true when the job wants the vectors once more */
  endPass(): boolean;
  result(): JobResult;
}

/** Prompt scores ([Note: album score]) and probe terms ([Note: album probe]) of albums, and the library's mean. */
class ScoresJob implements VectorJob {
  private readonly scores: (number[] | null)[];
  private readonly probes: (number[] | null)[];
  private readonly sum: Float64Array;
  private count = 0;

  constructor(
    private readonly spec: ScoresSpec,
    private readonly report: PhaseReport,
  ) {
    this.scores = spec.albums.map((a) => (a.promptScores && a.prompts.length > 0 ? [] : null));
    this.probes = spec.albums.map((a) => (a.probe && a.prompts.length > 0 ? [] : null));
    this.sum = new Float64Array(spec.dim);
  }

  add({ ids, values, dim }: VectorBatch): void {
    this.spec.albums.forEach((album, a) => {
      const scores = this.scores[a];
      const probes = this.probes[a];
      for (let row = 0; row < ids.length; row += 1) {
        scores?.push(promptScore(album, values, row));
        if (probes && album.probe) probes.push(dotRow(values, row, album.probe.weights) + album.probe.bias);
      }
    });
    for (let i = 0; i < values.length; i += 1) this.sum[i % dim] = (this.sum[i % dim] as number) + (values[i] as number);
    this.count += ids.length;
    this.report({ phase: 'scoring', done: this.count, total: Math.max(this.count, this.spec.total) });
  }

  endPass(): boolean {
    return false;
  }

  result(): ScoresResult {
    const typed = (list: number[] | null): Float64Array | null => (list === null ? null : Float64Array.from(list));
    return { kind: 'scores', scores: this.scores.map(typed), probes: this.probes.map(typed), sum: this.sum, count: this.count };
  }
}

export function createJob(spec: JobSpec, report: PhaseReport): VectorJob {
  return spec.kind === 'near-pairs' ? new NearPairsJob(spec, report) : new ScoresJob(spec, report);
}

/** The buffers a result can hand over to another thread without a copy. */
export function transferablesOf(result: JobResult): ArrayBuffer[] {
  const buffers = result.kind === 'near-pairs' ? [result.values.buffer] : [result.sum.buffer, ...result.scores.map((s) => s?.buffer), ...result.probes.map((p) => p?.buffer)];
  return buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}
