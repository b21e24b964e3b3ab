// Fit metrics as CalTRACK §4.3 / ASHRAE Guideline 14 define them and eemeter reports them.
// R² is the squared Pearson correlation of observed and predicted (eemeter's ModelMetrics);
// CV(RMSE) divides the residual sum of squares by P − c (c = slope terms, 0 for intercept-only).

export interface FitMetrics {
  n: number;
  slopeTerms: number;
  rSquared: number;
  rSquaredAdj: number;
  cvrmse: number;
  cvrmseAdj: number;
  nmbe: number;
  /** Lag-1 autocorrelation of residuals (predicted − observed), Pearson of r[0..n−2] vs r[1..n−1]. */
  autocorrLag1: number;
  meanObserved: number;
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

export function lag1Autocorrelation(r: ArrayLike<number>): number {
  const n = r.length;
  if (n < 3) return Number.NaN;
  const a = new Float64Array(n - 1);
  const b = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) {
    a[i] = r[i]!;
    b[i] = r[i + 1]!;
  }
  return pearson(a, b);
}

export function fitMetrics(
  observed: ArrayLike<number>,
  predicted: ArrayLike<number>,
  slopeTerms: number,
): FitMetrics {
  const n = observed.length;
  let sumObs = 0;
  let ss = 0;
  let bias = 0;
  const resid = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = predicted[i]! - observed[i]!;
    resid[i] = e;
    sumObs += observed[i]!;
    ss += e * e;
    bias += e;
  }
  const mean = sumObs / n;
  const r = pearson(observed, predicted);
  const r2 = Number.isFinite(r) ? r * r : 0;
  return {
    n,
    slopeTerms,
    rSquared: r2,
    rSquaredAdj: 1 - ((1 - r2) * (n - 1)) / (n - slopeTerms - 1),
    cvrmse: Math.sqrt(ss / n) / mean,
    cvrmseAdj: Math.sqrt(ss / (n - slopeTerms)) / mean,
    nmbe: bias / (n * mean),
    autocorrLag1: lag1Autocorrelation(resid),
    meanObserved: mean,
  };
}
