/**
 * Solves A x = b for a symmetric positive definite A (row-major m × m) by Cholesky
 * factorisation. The probe's Hessians are positive definite by construction (their L2 term).
 */
export function solveSpd(a: Float64Array, b: Float64Array, m: number): Float64Array {
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
