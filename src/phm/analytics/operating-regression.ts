// Operating-condition normalisation for the health index: each response channel (a temperature,
// a vibration level) is regressed on the channels that set the operating point (speed, torque,
// outdoor temperature), and only the residuals are scored. Without it, hourly means of machines
// that change duty from hour to hour (a test-bench programme, a locomotive's timetable) spread
// the healthy baseline so wide that a worn bearing hides inside it, while an hour at an unusual
// but healthy duty looks like a fault. The same idea as the regime normalisation of the C-MAPSS
// models (./operating-conditions.ts), here as a linear model fitted on the healthy rows, in the
// spirit of residual-based monitoring (Hotelling T² on regression residuals; Mason & Young,
// "Multivariate Statistical Process Control with Industrial Applications", SIAM 2002, ch. 9).
import { invalidData } from '../../kernel/index.ts';
import { ridge } from './linalg.ts';

export interface OperatingRegression {
  /** Indexes (into the baseline's channels) of the operating-condition channels. */
  conditionIndex: number[];
  /** Indexes of the response channels, which are the ones scored. */
  responseIndex: number[];
  /** Per response: weights on the standardised conditions, and the intercept. */
  weights: number[][];
  intercepts: number[];
  centre: number[];
  scale: number[];
  /** Range of each condition seen in the healthy rows: hours outside it are not scored. */
  min: number[];
  max: number[];
}

/** Splits channels into conditions and responses; refuses unknown or all-condition lists. */
export function conditionIndexes(channels: readonly string[], conditions: readonly string[]) {
  const conditionIndex = conditions.map((c) => {
    const i = channels.indexOf(c);
    if (i < 0)
      throw invalidData(
        { field: 'conditions' },
        { en: `'${c}' is not one of the channels`, 'zh-CN': `“${c}”不是所列通道之一` },
      );
    return i;
  });
  const responseIndex = channels.map((_, i) => i).filter((i) => !conditionIndex.includes(i));
  if (responseIndex.length === 0)
    throw invalidData(
      { field: 'conditions' },
      { en: 'leave at least one channel to score', 'zh-CN': '至少保留一个用于评分的通道' },
    );
  return { conditionIndex, responseIndex };
}

/** Fits every response on the standardised conditions (a tiny ridge keeps collinear ones solvable). */
export function fitOperatingRegression(
  rows: readonly (readonly number[])[],
  conditionIndex: number[],
  responseIndex: number[],
): OperatingRegression {
  const n = rows.length;
  const k = conditionIndex.length;
  const col = (j: number) => rows.map((r) => r[j] as number);
  const centre = conditionIndex.map((j) => col(j).reduce((s, v) => s + v, 0) / n);
  const scale = conditionIndex.map((j, c) => {
    const m = centre[c] as number;
    return Math.sqrt(col(j).reduce((s, v) => s + (v - m) ** 2, 0) / Math.max(1, n - 1)) || 1;
  });
  const x = new Float64Array(n * k);
  rows.forEach((r, i) =>
    conditionIndex.forEach(
      (j, c) => (x[i * k + c] = ((r[j] as number) - (centre[c] as number)) / (scale[c] as number)),
    ),
  );
  const fits = responseIndex.map((j) => ridge(x, col(j), n, k, 1e-6));
  return {
    conditionIndex,
    responseIndex,
    weights: fits.map((f) => f.w),
    intercepts: fits.map((f) => f.b),
    centre,
    scale,
    min: conditionIndex.map((j) => Math.min(...col(j))),
    max: conditionIndex.map((j) => Math.max(...col(j))),
  };
}

/** Residuals (measured − expected at this operating point) of the response channels. */
export function residuals(m: OperatingRegression, row: readonly number[]): number[] {
  const x = m.conditionIndex.map(
    (j, c) => ((row[j] as number) - (m.centre[c] as number)) / (m.scale[c] as number),
  );
  return m.responseIndex.map((j, r) => {
    const w = m.weights[r] as number[];
    const expected = x.reduce((s, v, c) => s + v * (w[c] as number), m.intercepts[r] as number);
    return (row[j] as number) - expected;
  });
}

/**
 * Whether a row's operating point lies within the healthy rows' range: outside it the linear
 * model extrapolates and its residual says nothing. No margin: on the demo fleet (issue 18) a
 * heat station one kelvin colder than the coldest training hour, where its controller reaches
 * the design outdoor temperature and its flow stops rising, drifted 15 residual deviations
 * from the line through the warmer hours, and read as a fault within the old 10 % margin.
 */
export function withinRange(m: OperatingRegression, row: readonly number[]): boolean {
  return m.conditionIndex.every((j, c) => {
    const v = row[j] as number;
    return v >= (m.min[c] as number) && v <= (m.max[c] as number);
  });
}
