import { LshIndex, lshParams, SKETCH_MARGIN } from '../duplicates/lsh-blocking.js';
import { dotRow, type VectorBatch } from '../vector-scan.js';
import type { NearPairsResult, NearPairsSpec, PhaseReport, VectorJob } from './vector-job.js';

/** Disjoint sets over string keys, with path halving: groups pairs into connected groups. */
class UnionFind {
  private readonly parent = new Map<string, string>();

  find(x: string): string {
    let node = x;
    for (;;) {
      const up = this.parent.get(node) ?? node;
      if (up === node) return node;
      const grand = this.parent.get(up) ?? up;
      this.parent.set(node, grand);
      node = grand;
    }
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }

  /** Every group of two or more, as lists of members. */
  groups(): string[][] {
    const byRoot = new Map<string, string[]>();
    for (const x of this.parent.keys()) {
      const root = this.find(x);
      const members = byRoot.get(root) ?? [root];
      if (x !== root) members.push(x);
      byRoot.set(root, members);
    }
    return [...byRoot.values()].filter((g) => g.length > 1);
  }
}

/** Sizes the tables from the first batch's mean (see [Note: near-duplicate blocking]). */
function indexFor(batch: VectorBatch, photos: number, threshold: number): LshIndex {
  const { dim, values, ids } = batch;
  const mean = new Float32Array(dim);
  for (let i = 0; i < values.length; i += 1) mean[i % dim] = (mean[i % dim] as number) + (values[i] as number) / ids.length;
  const m = mean.reduce((s, x) => s + x * x, 0);
  const centred = m < 0.999 ? (threshold - m) / (1 - m) : threshold;
  return new LshIndex(lshParams(photos, centred), dim, mean);
}

/** How often (in buckets) the comparing phase reports its progress. */
const REPORT_EVERY = 2048;

/**
 * The near-copy join of the duplicates scan ([Note: near-duplicate blocking]) as a job of two passes
 * over the vectors: the first builds the LSH tables and finds the candidate pairs, the second keeps
 * only the vectors of photos in a candidate pair, then the pairs at or above the threshold are joined
 * into groups. A copy's vector stands for its exact group's representative (same bytes, same vector).
 */
export class NearPairsJob implements VectorJob {
  private index: LshIndex | null = null;
  private pairs: [string, string][] = [];
  private wanted = new Set<string>();
  private readonly vectors = new Map<string, Float32Array>();
  private readonly reps: Map<string, string>;
  private pass = 1;
  private read = 0;

  constructor(
    private readonly spec: NearPairsSpec,
    private readonly report: PhaseReport,
  ) {
    this.reps = new Map(spec.reps);
  }

  add(batch: VectorBatch): void {
    if (this.pass === 1) {
      this.index ??= indexFor(batch, this.spec.total, this.spec.threshold);
      this.index.add(batch);
    } else {
      const { ids, values, dim } = batch;
      ids.forEach((id, row) => {
        if (this.wanted.has(id)) this.vectors.set(id, values.slice(row * dim, (row + 1) * dim));
      });
    }
    this.read += batch.ids.length;
    this.report({ phase: this.pass === 1 ? 'reading' : 'checking', done: this.read, total: this.spec.total });
  }

  endPass(): boolean {
    if (this.pass === 2 || this.index === null) return false;
    this.pairs = this.candidatePairs(this.index);
    this.index = null;
    this.wanted = new Set(this.pairs.flat());
    this.pass = 2;
    this.read = 0;
    return this.wanted.size > 0;
  }

  /** Pairs that share a bucket and whose sketches are close enough to be worth an exact check. */
  private candidatePairs(index: LshIndex): [string, string][] {
    const seen = new Set<string>();
    const pairs: [string, string][] = [];
    const buckets = [...index.crowded()];
    const threshold = this.spec.threshold - SKETCH_MARGIN;
    buckets.forEach((bucket, n) => {
      if (n % REPORT_EVERY === 0) this.report({ phase: 'comparing', done: n, total: buckets.length });
      for (let i = 0; i < bucket.length; i += 1) {
        for (let j = i + 1; j < bucket.length; j += 1) {
          const [a, b] = [bucket[i] as string, bucket[j] as string];
          const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
          if (seen.has(key)) continue;
          seen.add(key);
          if (index.sketchCosine(a, b) >= threshold) pairs.push([a, b]);
        }
      }
    });
    this.report({ phase: 'comparing', done: buckets.length, total: buckets.length });
    return pairs;
  }

  result(): NearPairsResult {
    const groups = new UnionFind();
    const rep = (id: string): string => this.reps.get(id) ?? id;
    const { vectors } = this;
    for (const [a, b] of this.pairs) {
      const [x, y] = [vectors.get(a), vectors.get(b)];
      const [ra, rb] = [rep(a), rep(b)];
      if (!x || !y || ra === rb || groups.find(ra) === groups.find(rb) || dotRow(x, 0, y) < this.spec.threshold) continue;
      groups.union(ra, rb);
      if (!vectors.has(ra)) vectors.set(ra, x);
      if (!vectors.has(rb)) vectors.set(rb, y);
    }
    const members = groups.groups();
    const ids = members.flat();
    const values = new Float32Array(ids.length * this.spec.dim);
    ids.forEach((id, i) => values.set(vectors.get(id) ?? new Float32Array(this.spec.dim), i * this.spec.dim));
    return { kind: 'near-pairs', groups: members, ids, values };
  }
}
