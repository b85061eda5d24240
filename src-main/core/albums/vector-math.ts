/** Dot product of row `row` of a flat batch with a vector of the same length. */
export function dotRow(values: Float32Array, row: number, vector: Float32Array): number {
  const dim = vector.length;
  const base = row * dim;
  let sum = 0;
  for (let j = 0; j < dim; j += 1) sum += (values[base + j] as number) * (vector[j] as number);
  return sum;
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
