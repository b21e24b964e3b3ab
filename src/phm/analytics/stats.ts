// Small descriptive statistics shared by the PHM cores. Inputs are plain arrays; no I/O.

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] as number;
  return xs.length ? s / xs.length : NaN;
}

export function std(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += ((xs[i] as number) - m) ** 2;
  return xs.length > 1 ? Math.sqrt(s / (xs.length - 1)) : 0;
}

/** Empirical quantile with linear interpolation between order statistics (Hyndman–Fan type 7). */
export function quantile(xs: ArrayLike<number>, q: number): number {
  const a = Float64Array.from(xs).sort();
  if (a.length === 0) return NaN;
  const h = (a.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(a.length - 1, lo + 1);
  return (a[lo] as number) + (h - lo) * ((a[hi] as number) - (a[lo] as number));
}

/**
 * Split-conformal quantile: the ⌈(n+1)(1−α)⌉-th smallest score (Lei et al., "Distribution-free
 * predictive inference for regression", JASA 2018, §2.2). Infinite when n is too small.
 */
export function conformalQuantile(scores: ArrayLike<number>, alpha: number): number {
  const a = Float64Array.from(scores).sort();
  const k = Math.ceil((a.length + 1) * (1 - alpha));
  return k > a.length ? Infinity : (a[k - 1] as number);
}

/** Ordinary least-squares slope and intercept of y on x. */
export function linearFit(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): { slope: number; intercept: number; slopeSe: number; n: number } {
  const n = x.length;
  const mx = mean(x);
  const my = mean(y);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    sxx += dx * dx;
    sxy += dx * ((y[i] as number) - my);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += ((y[i] as number) - intercept - slope * (x[i] as number)) ** 2;
  const slopeSe = n > 2 && sxx > 0 ? Math.sqrt(sse / (n - 2) / sxx) : Infinity;
  return { slope, intercept, slopeSe, n };
}
