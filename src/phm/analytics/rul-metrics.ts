// Evaluation metrics of the PHM08 data challenge (Saxena et al., PHM08, §V): RMSE and the
// asymmetric score s = Σ (e^(−d/13) − 1) for d < 0, (e^(d/10) − 1) for d ≥ 0, d = predicted − true,
// which punishes late predictions (overestimated life) harder than early ones.

export function rmse(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  if (pred.length !== truth.length) throw new RangeError('pred and truth differ in length');
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += ((pred[i] as number) - (truth[i] as number)) ** 2;
  return Math.sqrt(s / pred.length);
}

export function phm08Score(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  if (pred.length !== truth.length) throw new RangeError('pred and truth differ in length');
  let s = 0;
  for (let i = 0; i < pred.length; i++) {
    const d = (pred[i] as number) - (truth[i] as number);
    s += d < 0 ? Math.exp(-d / 13) - 1 : Math.exp(d / 10) - 1;
  }
  return s;
}
