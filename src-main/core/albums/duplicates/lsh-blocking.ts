import type { VectorBatch } from '../vector-scan.js';

/**
 * [Note: near-duplicate blocking]
 * Comparing every pair of 100k photos is 5e9 dot products; instead photos are put in buckets by
 * random-hyperplane LSH (SimHash): L tables, each keyed by the signs of k projections. Two
 * vectors at angle theta share a table's bucket with probability (1 - theta / pi)^k, so near
 * copies meet in some table almost surely while unrelated photos rarely do; only pairs that
 * share a bucket are compared. To keep the projections cheap, each vector is first reduced to a
 * SKETCH_DIM sketch by one random Gaussian projection (Johnson-Lindenstrauss: angles survive to
 * within a few hundredths), and the hyperplanes live in that space; the sketches also screen
 * the candidate pairs before the exact cosine. CLIP vectors crowd into a narrow cone, which
 * hyperplanes through the origin would barely split, so vectors are centred on the library's
 * mean first (estimated from the first batch); for unit vectors with mean m, a cosine c becomes
 * about (c - |m|^2) / (1 - |m|^2) after centring, which sets the angle the tables must catch.
 */
export interface LshParams {
  bits: number;
  tables: number;
}

const TARGET_RECALL = 0.98;
const MAX_PROJECTIONS = 256;
export const SKETCH_DIM = 64;
/** How far below the threshold a sketch cosine may fall and the pair still be checked exactly (many sketch errors). */
export const SKETCH_MARGIN = 0.1;

/** Buckets of about 8 photos at random, and enough tables to catch pairs at `centredCosine` with TARGET_RECALL. */
export function lshParams(photos: number, centredCosine: number): LshParams {
  const together = 1 - Math.acos(Math.max(-1, Math.min(1, centredCosine))) / Math.PI;
  let bits = Math.max(4, Math.min(20, Math.round(Math.log2(Math.max(16, photos) / 8))));
  for (;;) {
    const perTable = together ** bits;
    const tables = Math.ceil(Math.log(1 - TARGET_RECALL) / Math.log(1 - perTable));
    if (bits * tables <= MAX_PROJECTIONS || bits <= 4) return { bits, tables: Math.min(tables, Math.floor(MAX_PROJECTIONS / bits)) };
    bits -= 1;
  }
}

/** Seeded Gaussian numbers, so the same library gives the same buckets every run. */
function gaussians(count: number, seed: number, scale: number): Float32Array {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  return Float32Array.from({ length: count }, () => scale * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
}

/** out = matrix (rows × cols) · v[offset .. offset + cols) */
function multiply(matrix: Float32Array, rows: number, cols: number, v: Float32Array, offset: number, out: Float32Array): void {
  for (let r = 0; r < rows; r += 1) {
    let sum = 0;
    const base = r * cols;
    for (let j = 0; j < cols; j += 1) sum += (matrix[base + j] as number) * (v[offset + j] as number);
    out[r] = sum;
  }
}

export class LshIndex {
  private readonly reduce: Float32Array;
  private readonly planes: Float32Array;
  private readonly offsets = new Float32Array(0);
  private readonly buckets: Map<number, string[]>[];
  private readonly sketches = new Map<string, Float32Array>();

  constructor(
    private readonly params: LshParams,
    private readonly dim: number,
    mean: Float32Array,
  ) {
    this.reduce = gaussians(SKETCH_DIM * dim, 0x51b0, 1 / Math.sqrt(SKETCH_DIM));
    this.planes = gaussians(params.bits * params.tables * SKETCH_DIM, 0x9e37, 1);
    // sign((x - mean) . h) = sign(x . h - mean . h): centring is one offset per hyperplane.
    const reducedMean = new Float32Array(SKETCH_DIM);
    multiply(this.reduce, SKETCH_DIM, dim, mean, 0, reducedMean);
    this.offsets = new Float32Array(params.bits * params.tables);
    multiply(this.planes, this.offsets.length, SKETCH_DIM, reducedMean, 0, this.offsets);
    this.buckets = Array.from({ length: params.tables }, () => new Map<number, string[]>());
  }

  add(batch: VectorBatch): void {
    const signs = new Float32Array(this.offsets.length);
    batch.ids.forEach((id, row) => {
      const sketch = new Float32Array(SKETCH_DIM);
      multiply(this.reduce, SKETCH_DIM, this.dim, batch.values, row * this.dim, sketch);
      const norm = Math.hypot(...sketch) || 1;
      this.sketches.set(id, sketch.map((x) => x / norm));
      multiply(this.planes, signs.length, SKETCH_DIM, sketch, 0, signs);
      this.buckets.forEach((table, t) => {
        let key = 0;
        for (let b = 0; b < this.params.bits; b += 1) {
          const p = t * this.params.bits + b;
          if ((signs[p] as number) > (this.offsets[p] as number)) key |= 1 << b;
        }
        const bucket = table.get(key);
        if (bucket) bucket.push(id);
        else table.set(key, [id]);
      });
    });
  }

  /** Cosine of two photos' sketches: within a few hundredths of their true cosine. */
  sketchCosine(a: string, b: string): number {
    const x = this.sketches.get(a);
    const y = this.sketches.get(b);
    if (!x || !y) return -1;
    let sum = 0;
    for (let j = 0; j < SKETCH_DIM; j += 1) sum += (x[j] as number) * (y[j] as number);
    return sum;
  }

  /** Every bucket that holds two or more photos, over all tables. */
  *crowded(): Generator<string[]> {
    for (const table of this.buckets) for (const bucket of table.values()) if (bucket.length > 1) yield bucket;
  }
}
