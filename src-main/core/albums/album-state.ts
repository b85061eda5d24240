import type { MembershipReason } from '../../contract/albums.js';
import type { PhotoKey } from '../catalog/photo-store.js';
import { passesFilters, type AlbumRecord } from './album-record.js';
import { PROBE } from './probe.js';
import { promptScore, type AlbumPromptVectors } from './prompt-scorer.js';
import { dotRow, sigmoid, type VectorBatch } from './vector-scan.js';

export interface Decision {
  member: boolean;
  score: number;
  /** the album's logit; ±Infinity for a labelled photo without a score */
  logit: number;
  by: MembershipReason;
  label: 1 | -1 | null;
}

/** Spread used before there are two scores to measure one. */
const DEFAULT_SPREAD = 0.05;

/**
 * One album's scores over the library: the prompt score of every photo (this model's vectors)
 * and, with a probe, its term w . x + b. Membership is derived on demand, so a correction or a
 * filter applies at once; only vectors need a scan.
 */
export class AlbumState {
  readonly scores = new Map<string, number>();
  readonly probeTerms = new Map<string, number>();
  private sum = 0;
  private sumOfSquares = 0;

  constructor(
    public record: AlbumRecord,
    readonly vectors: AlbumPromptVectors,
  ) {}

  /** Scores rows of a batch (and the probe term, when there is a probe). */
  scoreBatch(batch: VectorBatch): void {
    // a manual album has no prompt to score: its members are its labels alone
    if (this.vectors.prompts.length === 0) return;
    const probe = this.record.probe;
    const weights = probe ? Float32Array.from(probe.weights) : null;
    batch.ids.forEach((id, row) => {
      this.setScore(id, promptScore(this.vectors, batch.values, row));
      if (probe && weights) this.probeTerms.set(id, dotRow(batch.values, row, weights) + probe.bias);
    });
  }

  /** Rows start..end of a scoring pass over the library (album-scan.ts): prompt scores and probe terms, where computed. */
  applyScores(ids: readonly string[], start: number, end: number, scores: Float64Array | null, probes: Float64Array | null): void {
    for (let i = start; i < end; i += 1) {
      const id = ids[i] as string;
      if (scores) this.setScore(id, scores[i] as number);
      if (probes) this.probeTerms.set(id, probes[i] as number);
    }
  }

  forget(id: string): void {
    const old = this.scores.get(id);
    if (old === undefined) return;
    this.sum -= old;
    this.sumOfSquares -= old * old;
    this.scores.delete(id);
    this.probeTerms.delete(id);
  }

  private setScore(id: string, score: number): void {
    this.forget(id);
    this.scores.set(id, score);
    this.sum += score;
    this.sumOfSquares += score * score;
  }

  /** Standard deviation of the prompt scores over the library: the unit of the prompt margin. */
  get spread(): number {
    const n = this.scores.size;
    if (n < 2) return DEFAULT_SPREAD;
    const mean = this.sum / n;
    return Math.max(1e-3, Math.sqrt(Math.max(0, this.sumOfSquares / n - mean * mean)));
  }

  /** The prompt margin of a score, in spreads: the z of [Note: album probe]. */
  margin(score: number): number {
    const spread = this.record.probe?.spread ?? this.spread;
    return (score - this.record.threshold) / spread;
  }

  /** Why and whether a photo is in the album: a label wins, then the filters, then prompt and probe. */
  decide(id: string, key: PhotoKey, labelValue: number): Decision | null {
    const score = this.scores.get(id);
    const label = labelValue > 0 ? 1 : labelValue < 0 ? -1 : null;
    if (score === undefined) {
      return label === null ? null : { member: label === 1, score: Number.NaN, logit: label * Infinity, by: 'label', label };
    }
    const logit = this.logit(id, score);
    if (label !== null) return { member: label === 1, score, logit, by: 'label', label };
    const passes = passesFilters(this.record.filters, key);
    const byPrompt = passes && score >= this.record.threshold;
    const member = passes && logit >= 0;
    const by = this.record.probe && member !== byPrompt ? 'probe' : 'prompt';
    return { member, score, logit, by, label };
  }

  /** `decide(...).member` for a photo without a label, allocating nothing: membership of 100k photos at once. */
  memberUnlabelled(id: string, key: PhotoKey): boolean {
    const score = this.scores.get(id);
    return score !== undefined && passesFilters(this.record.filters, key) && this.logit(id, score) >= 0;
  }

  private logit(id: string, score: number): number {
    const probe = this.record.probe;
    const z = this.margin(score);
    if (!probe) return PROBE.promptPrior * z;
    return probe.promptWeight * z + (this.probeTerms.get(id) ?? 0);
  }
}

export const probability = (decision: Decision): number => sigmoid(decision.logit);
