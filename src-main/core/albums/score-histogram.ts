import type { AlbumPreview } from '../../contract/albums.js';

/** Used as a first threshold when the library has too few photos to read one from. */
export const EMPTY_LIBRARY_THRESHOLD = 0.25;

/** Min and max without spreading 100k arguments onto the stack. */
function range(scores: readonly number[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s < min) min = s;
    if (s > max) max = s;
  }
  return { min, max };
}

function histogram(scores: readonly number[], bins: number, min: number, max: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins || 1;
  for (const s of scores) {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor((s - min) / width)));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return counts;
}

/**
 * Otsu's threshold: the cut that best separates the scores into two groups (largest
 * between-group variance), in the middle of the gap when several cuts tie. Album scores are usually a large group of non-matches and a small
 * group of matches, which is the case it was made for; it is a starting point for the slider.
 */
export function otsuThreshold(scores: readonly number[]): number {
  if (scores.length < 2) return EMPTY_LIBRARY_THRESHOLD;
  const { min, max } = range(scores);
  if (max === min) return max;
  const bins = 64;
  const counts = histogram(scores, bins, min, max);
  const width = (max - min) / bins;
  const centre = (i: number): number => min + (i + 0.5) * width;
  const total = scores.length;
  const totalSum = counts.reduce((s, c, i) => s + c * centre(i), 0);
  let below = 0;
  let belowSum = 0;
  let best = { variance: -1, first: max, last: max };
  for (let i = 0; i < bins - 1; i += 1) {
    below += counts[i] ?? 0;
    belowSum += (counts[i] ?? 0) * centre(i);
    const above = total - below;
    if (below === 0 || above === 0) continue;
    const difference = belowSum / below - (totalSum - belowSum) / above;
    const variance = below * above * difference * difference;
    const cut = min + (i + 1) * width;
    if (variance > best.variance * (1 + 1e-9)) best = { variance, first: cut, last: cut };
    else if (variance >= best.variance * (1 - 1e-9)) best.last = cut;
  }
  // Every cut inside an empty gap separates the groups equally well; the middle of the gap is
  // the one least likely to be crossed by the next photo of either group.
  return (best.first + best.last) / 2;
}

/** The slider's data: a histogram over the observed range and the count at or above each bin edge. */
export function previewOf(scored: readonly { id: string; score: number }[], bins: number, topCount = 12): AlbumPreview {
  const scores = scored.map((s) => s.score);
  if (scores.length === 0) {
    return { total: 0, min: 0, max: 0, bins: [], thresholds: [], suggestedThreshold: EMPTY_LIBRARY_THRESHOLD, top: [] };
  }
  const { min, max } = range(scores);
  const counts = histogram(scores, bins, min, max);
  const width = (max - min) / bins;
  let atOrAbove = scores.length;
  const thresholds = counts.map((c, i) => {
    const entry = { threshold: min + i * width, count: atOrAbove };
    atOrAbove -= c;
    return entry;
  });
  return {
    total: scores.length,
    min,
    max,
    bins: counts.map((count, i) => ({ from: min + i * width, to: min + (i + 1) * width, count })),
    thresholds,
    suggestedThreshold: otsuThreshold(scores),
    top: [...scored].sort((a, b) => b.score - a.score).slice(0, topCount),
  };
}
