// The entropy weight method: an indicator whose normalised values spread more unevenly over the
// panel carries more information and so more weight. p = x'/Σx' over the n rows,
// e = −(1/ln n)·Σ p·ln p (0·ln 0 = 0), d = 1 − e, w = d/Σd within one subsystem.

/** Entropy e of one normalised column (n ≥ 2; Σx' > 0, which min–max guarantees). */
export function entropy(column: Float64Array): number {
  const n = column.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += column[i]!;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const p = column[i]! / sum;
    if (p > 0) acc += p * Math.log(p);
  }
  return -acc / Math.log(n);
}

/** Entropy weights of a subsystem's normalised columns, summing to 1. */
export function entropyWeights(columns: readonly Float64Array[]): number[] {
  const d = columns.map((c) => 1 - entropy(c));
  const total = d.reduce((a, b) => a + b, 0);
  // All columns perfectly even (d = 0 each) cannot happen after min–max (the min row is 0);
  // equal weights keep the result defined anyway.
  return total > 0 ? d.map((x) => x / total) : d.map(() => 1 / d.length);
}
