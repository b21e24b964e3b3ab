// Dense linear algebra for small symmetric systems (tens of channels): Cholesky factorisation
// and solves (Golub & Van Loan, "Matrix Computations", 4th ed., Algorithm 4.2.1).

/** Lower-triangular L with A = L·Lᵀ for symmetric positive-definite A (row-major n×n). */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j] as number;
    for (let k = 0; k < j; k++) d -= (l[j * n + k] as number) ** 2;
    if (!(d > 0)) throw new RangeError('matrix is not positive definite');
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** Solves L·Lᵀ·x = b given the Cholesky factor L. */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * n + k] as number) * (y[k] as number);
    y[i] = s / (l[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = s / (l[i * n + i] as number);
  }
  return x;
}

/**
 * Ridge regression y ≈ w·x + b on row-major x (rows × cols): solves (XᵀX + λI)w = Xᵀy on centred
 * data (Hoerl & Kennard, Technometrics 1970).
 */
export function ridge(
  x: Float64Array,
  y: ArrayLike<number>,
  rows: number,
  cols: number,
  lambda: number,
): { w: number[]; b: number } {
  const mx = new Float64Array(cols);
  let my = 0;
  for (let r = 0; r < rows; r++) {
    my += y[r] as number;
    for (let c = 0; c < cols; c++) mx[c] = (mx[c] as number) + (x[r * cols + c] as number);
  }
  my /= rows;
  for (let c = 0; c < cols; c++) mx[c] = (mx[c] as number) / rows;
  const a = new Float64Array(cols * cols);
  const v = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const dy = (y[r] as number) - my;
    for (let i = 0; i < cols; i++) {
      const di = (x[r * cols + i] as number) - (mx[i] as number);
      v[i] = (v[i] as number) + di * dy;
      for (let j = 0; j <= i; j++)
        a[i * cols + j] =
          (a[i * cols + j] as number) + di * ((x[r * cols + j] as number) - (mx[j] as number));
    }
  }
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < i; j++) a[j * cols + i] = a[i * cols + j] as number;
    a[i * cols + i] = (a[i * cols + i] as number) + lambda * rows;
  }
  const w = Array.from(choleskySolve(cholesky(a, cols), cols, v));
  let b = my;
  for (let c = 0; c < cols; c++) b -= (w[c] as number) * (mx[c] as number);
  return { w, b };
}
