import { DIMENSION, rowChunks } from './synthetic-library.js';

/** The k best rows of one query: kept sorted, best first. */
class TopK {
  readonly ids: number[] = [];
  readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  offer(id: number, score: number): void {
    if (this.scores.length === this.k && score <= (this.scores[this.k - 1] ?? -Infinity)) return;
    let at = this.scores.length;
    while (at > 0 && (this.scores[at - 1] ?? -Infinity) < score) at--;
    this.ids.splice(at, 0, id);
    this.scores.splice(at, 0, score);
    if (this.ids.length > this.k) {
      this.ids.pop();
      this.scores.pop();
    }
  }
}

export interface ExactAnswers {
  /** per query: row numbers of the k nearest rows, best first */
  all: number[][];
  /** the same among the rows that pass the filter */
  filtered: number[][];
}

/**
 * Exact nearest neighbours by brute force in JS (dot products of unit vectors = cosine), over the
 * library regenerated chunk by chunk: the ground truth that recall is measured against.
 */
export function exactTopK(rows: number, queries: readonly Float32Array[], k: number, keep: (takenAt: number) => boolean): ExactAnswers {
  const all = queries.map(() => new TopK(k));
  const filtered = queries.map(() => new TopK(k));
  const flat = new Float32Array(queries.length * DIMENSION);
  queries.forEach((q, i) => flat.set(q, i * DIMENSION));
  for (const chunk of rowChunks(rows)) {
    const { vectors, takenAt } = chunk;
    for (let r = 0; r < takenAt.length; r++) {
      const base = r * DIMENSION;
      const passes = keep(takenAt[r] as number);
      for (let qi = 0; qi < queries.length; qi++) {
        const qBase = qi * DIMENSION;
        let dot = 0;
        // indices are in range by construction; `as number` keeps the hot loop free of checks
        for (let d = 0; d < DIMENSION; d++) dot += (flat[qBase + d] as number) * (vectors[base + d] as number);
        (all[qi] as TopK).offer(chunk.start + r, dot);
        if (passes) (filtered[qi] as TopK).offer(chunk.start + r, dot);
      }
    }
  }
  return { all: all.map((t) => t.ids), filtered: filtered.map((t) => t.ids) };
}

/** The row number of a synthetic photo's id (`bench000…123`). */
export const rowOfId = (id: string): number => Number(id.slice('bench'.length));

/** Share of the true top-k found among the first k answers. */
export function recallAt(k: number, truth: readonly number[], answerIds: readonly string[]): number {
  const found = new Set(answerIds.slice(0, k).map(rowOfId));
  const expected = truth.slice(0, k);
  return expected.filter((row) => found.has(row)).length / Math.max(1, expected.length);
}
