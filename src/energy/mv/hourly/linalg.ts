// Weighted least squares through the normal equations with a pivot-skipping Cholesky
// factorisation: a column whose pivot vanishes (no data, or a linear combination of earlier
// columns) gets coefficient 0, which leaves the fitted values of the remaining columns unchanged —
// the same fitted values a pseudo-inverse solution gives.

export interface NormalEquations {
  p: number;
  /** Row-major p×p matrix XᵀWX (upper triangle used). */
  a: Float64Array;
  /** XᵀWy. */
  b: Float64Array;
}

export const createNormalEquations = (p: number): NormalEquations => ({
  p,
  a: new Float64Array(p * p),
  b: new Float64Array(p),
});

/** Add one observation with sparse features (column indices `cols`, values `vals`). */
export function accumulate(
  ne: NormalEquations,
  cols: ArrayLike<number>,
  vals: ArrayLike<number>,
  len: number,
  y: number,
  w: number,
): void {
  const { a, b, p } = ne;
  for (let i = 0; i < len; i++) {
    const ci = cols[i]!;
    const wv = w * vals[i]!;
    b[ci]! += wv * y;
    for (let j = 0; j < len; j++) {
      const cj = cols[j]!;
      if (cj >= ci) a[ci * p + cj]! += wv * vals[j]!;
    }
  }
}

/** Solve; returns coefficients and which columns were dropped (pivot ≤ tol · diagonal). */
export function solveNormalEquations(
  ne: NormalEquations,
  tol = 1e-10,
): { beta: Float64Array; dropped: Uint8Array } {
  const { p, a, b } = ne;
  const l = new Float64Array(p * p);
  const dropped = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    const ajj = a[j * p + j]!;
    let d = ajj;
    for (let k = 0; k < j; k++) d -= l[j * p + k]! ** 2;
    if (!(ajj > 0) || d <= tol * ajj) {
      dropped[j] = 1;
      continue;
    }
    const ljj = Math.sqrt(d);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[j * p + i]!; // upper triangle holds A[j][i] = A[i][j]
      for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!;
      l[i * p + j] = s / ljj;
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    if (dropped[i]) continue;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * z[k]!;
    z[i] = s / l[i * p + i]!;
  }
  const beta = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    if (dropped[i]) continue;
    let s = z[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * beta[k]!;
    beta[i] = s / l[i * p + i]!;
  }
  return { beta, dropped };
}
