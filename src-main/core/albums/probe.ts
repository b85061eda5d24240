import type { VectorBatch } from './vector-scan.js';

/** One labelled photo: its row in the batch, its prompt margin z = (score - threshold) / spread, its label. */
export interface ProbeSample {
  row: number;
  z: number;
  positive: boolean;
}

/** Where the library's vectors lie: their mean and the root-mean-square distance from it. */
export interface LibraryStats {
  mean: Float32Array;
  scale: number;
}

export interface ProbeFit {
  /** applies to raw unit vectors */
  weights: Float32Array;
  bias: number;
  promptWeight: number;
}

/**
 * [Note: album probe]
 * The CLIP paper's linear probe, few-shot, with the album's prompt as its prior. The album's
 * belief that photo x belongs is the logit
 *     f(x) = a * z(x) + w . (x - mean) / scale + b,     z(x) = (score(x) - threshold) / spread
 * fitted by L2-regularised logistic regression on the labelled photos, where the penalty pulls
 * a towards PROMPT_PRIOR and w, b towards 0. With no labels this is exactly the prompt rule
 * (f >= 0 iff score >= threshold); each correction moves it only as far as the labels demand,
 * which matters with 3 + 3 labels where a free probe over 512 dimensions would overfit. A
 * second-level logistic on [prompt score, probe logit] would need held-out labels we do not
 * have. Centring and scaling by the library's spread give the penalty the same meaning for any
 * model. w lies in the span of the labelled vectors (the penalty is isotropic), so the fit runs in
 * that span's coordinates: Newton's method on at most n + 2 unknowns, deterministic.
 */
export const PROBE = {
  /** a photo one spread above the threshold is a member with probability sigmoid(2) = 0.88 */
  promptPrior: 2,
  promptLambda: 1,
  lambda: 0.5,
  minEach: 3,
  maxIterations: 50,
} as const;

/** Orthonormal basis of the samples' centred vectors, and each sample's coordinates in it. */
function spanCoordinates(batch: VectorBatch, samples: readonly ProbeSample[], stats: LibraryStats) {
  const { dim, values } = batch;
  const basis: Float64Array[] = [];
  const coords: number[][] = samples.map(() => []);
  const centred = samples.map((s) => {
    const v = new Float64Array(dim);
    for (let j = 0; j < dim; j += 1) v[j] = ((values[s.row * dim + j] as number) - (stats.mean[j] as number)) / stats.scale;
    return v;
  });
  for (const v of centred) {
    const residual = Float64Array.from(v);
    for (const q of basis) {
      const d = dot64(residual, q);
      for (let j = 0; j < dim; j += 1) residual[j] = (residual[j] as number) - d * (q[j] as number);
    }
    const norm = Math.sqrt(dot64(residual, residual));
    if (norm > 1e-6) basis.push(residual.map((x) => x / norm));
  }
  centred.forEach((v, i) => (coords[i] = basis.map((q) => dot64(v, q))));
  return { basis, coords };
}

function dot64(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j += 1) sum += (a[j] as number) * (b[j] as number);
  return sum;
}

function softplus(x: number): number {
  return x > 30 ? x : Math.log1p(Math.exp(x));
}

/** Fits the probe of [Note: album probe] on labelled samples (rows of `batch`). */
export function fitProbe(batch: VectorBatch, samples: readonly ProbeSample[], stats: LibraryStats): ProbeFit {
  const { basis, coords } = spanCoordinates(batch, samples, stats);
  const r = basis.length;
  const m = r + 2;
  const features = samples.map((s, i) => [...(coords[i] ?? []), s.z, 1]);
  const labels = samples.map((s) => (s.positive ? 1 : 0));
  const penalty = Array.from({ length: m }, (_, k) => (k === r ? PROBE.promptLambda : PROBE.lambda));
  const prior = Array.from({ length: m }, (_, k) => (k === r ? PROBE.promptPrior : 0));
  const theta = Float64Array.from(prior);
  const loss = (t: Float64Array): number => objective(t, features, labels, penalty, prior);
  for (let iteration = 0; iteration < PROBE.maxIterations; iteration += 1) {
    const step = newtonStep(theta, features, labels, penalty, prior);
    let scale = 1;
    const before = loss(theta);
    let next = theta.map((x, k) => x - scale * (step[k] as number));
    while (loss(next) > before && scale > 1e-6) {
      scale /= 2;
      next = theta.map((x, k) => x - scale * (step[k] as number));
    }
    const moved = Math.sqrt(step.reduce((s, x) => s + x * x, 0)) * scale;
    theta.set(next);
    if (moved < 1e-9) break;
  }
  return toRawSpace(theta, basis, stats, batch.dim);
}

function objective(theta: Float64Array, features: number[][], labels: number[], penalty: number[], prior: number[]): number {
  let total = 0;
  features.forEach((phi, i) => {
    const f = phi.reduce((s, x, k) => s + x * (theta[k] as number), 0);
    total += labels[i] === 1 ? softplus(-f) : softplus(f);
  });
  penalty.forEach((l, k) => (total += 0.5 * l * ((theta[k] as number) - (prior[k] as number)) ** 2));
  return total;
}

function newtonStep(theta: Float64Array, features: number[][], labels: number[], penalty: number[], prior: number[]): Float64Array {
  const m = theta.length;
  const gradient = Float64Array.from(penalty, (l, k) => l * ((theta[k] as number) - (prior[k] as number)));
  const hessian = new Float64Array(m * m);
  penalty.forEach((l, k) => (hessian[k * m + k] = l));
  features.forEach((phi, i) => {
    const f = phi.reduce((s, x, k) => s + x * (theta[k] as number), 0);
    const p = 1 / (1 + Math.exp(-f));
    const residual = p - (labels[i] as number);
    const weight = p * (1 - p);
    for (let a = 0; a < m; a += 1) {
      gradient[a] = (gradient[a] as number) + residual * (phi[a] as number);
      for (let b = 0; b < m; b += 1) hessian[a * m + b] = (hessian[a * m + b] as number) + weight * (phi[a] as number) * (phi[b] as number);
    }
  });
  return solveSpd(hessian, gradient, m);
}

/** Folds the centring and the span basis into weights on raw vectors and a bias. */
function toRawSpace(theta: Float64Array, basis: Float64Array[], stats: LibraryStats, dim: number): ProbeFit {
  const weights = new Float32Array(dim);
  basis.forEach((q, k) => {
    const v = (theta[k] as number) / stats.scale;
    for (let j = 0; j < dim; j += 1) weights[j] = (weights[j] as number) + v * (q[j] as number);
  });
  let shift = 0;
  for (let j = 0; j < dim; j += 1) shift += (weights[j] as number) * (stats.mean[j] as number);
  const r = basis.length;
  return { weights, bias: (theta[r + 1] as number) - shift, promptWeight: theta[r] as number };
}

/**
 * Solves A x = b for a symmetric positive definite A (row-major m × m) by Cholesky
 * factorisation. The probe's Hessians are positive definite by construction (their L2 term).
 */
function solveSpd(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const l = new Float64Array(m * m);
  for (let i = 0; i < m; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = a[i * m + j] as number;
      for (let k = 0; k < j; k += 1) sum -= (l[i * m + k] as number) * (l[j * m + k] as number);
      if (i === j) {
        if (sum <= 0) throw new Error('matrix is not positive definite');
        l[i * m + i] = Math.sqrt(sum);
      } else {
        l[i * m + j] = sum / (l[j * m + j] as number);
      }
    }
  }
  const y = new Float64Array(m);
  for (let i = 0; i < m; i += 1) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k += 1) sum -= (l[i * m + k] as number) * (y[k] as number);
    y[i] = sum / (l[i * m + i] as number);
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i -= 1) {
    let sum = y[i] as number;
    for (let k = i + 1; k < m; k += 1) sum -= (l[k * m + i] as number) * (x[k] as number);
    x[i] = sum / (l[i * m + i] as number);
  }
  return x;
}
