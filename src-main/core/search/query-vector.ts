import { AppError } from '../../contract/errors.js';

/** One embedded part of a query: a text term or an image, with its signed weight. */
export interface QueryPart {
  kind: 'text' | 'image';
  vector: Float32Array;
  weight: number;
}

/**
 * The query as one unit vector, plus what calibration needs to know of its make-up: the summed
 * signed weights of its text and image parts and the length of the sum before normalising.
 */
export interface QueryVector {
  vector: Float32Array;
  textWeight: number;
  imageWeight: number;
  norm: number;
}

/** Below this length the parts cancel out ("red - 1:red") and the direction means nothing. */
const MIN_NORM = 1e-3;

/** The weighted sum of the parts' unit vectors, renormalised (see [Note: query language]). */
export function combineParts(parts: readonly QueryPart[], describe: string): QueryVector {
  if (!parts.some((p) => p.weight > 0)) {
    throw new AppError(
      'QUERY_INVALID',
      `"${describe}" only says what to push away; add something to look for, as in "beach -people".`,
      { query: describe },
    );
  }
  const first = parts[0];
  const sum = new Float32Array(first ? first.vector.length : 0);
  let textWeight = 0;
  let imageWeight = 0;
  for (const part of parts) {
    const unit = normalised(part.vector);
    for (let i = 0; i < sum.length; i += 1) sum[i] = (sum[i] as number) + part.weight * (unit[i] as number);
    if (part.kind === 'text') textWeight += part.weight;
    else imageWeight += part.weight;
  }
  const norm = Math.hypot(...sum);
  if (norm < MIN_NORM) {
    throw new AppError(
      'QUERY_INVALID',
      `The terms of "${describe}" cancel each other out; change a weight.`,
      { query: describe },
    );
  }
  return { vector: sum.map((x) => x / norm), textWeight, imageWeight, norm };
}

export function normalised(vector: Float32Array): Float32Array {
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((x) => x / norm);
}
