// The analytic hierarchy process (Saaty 1980): weights are the principal eigenvector of the
// pairwise comparison matrix; its consistency ratio CR = CI/RI with CI = (λmax − n)/(n − 1) and
// RI Saaty's random index for order n. Judgements with CR ≥ 0.1 are refused (Saaty's rule).
import { invalidData, reason } from '../../kernel/errors.ts';
import type { PairwiseMatrix } from './types.ts';

/** Saaty's random consistency index by order n (1-based; n = 1, 2 are always consistent). */
export const RANDOM_INDEX = [
  0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
] as const;

export interface AhpResult {
  readonly weights: number[];
  readonly lambdaMax: number;
  readonly CI: number;
  readonly CR: number;
}

function check(m: PairwiseMatrix, field: string): void {
  const n = m.length;
  if (n < 1 || n > RANDOM_INDEX.length)
    throw invalidData(
      { field },
      {
        en: `the matrix must have 1 to ${RANDOM_INDEX.length} rows, not ${n}`,
        'zh-CN': `矩阵必须有 1 到 ${RANDOM_INDEX.length} 行，而不是 ${n} 行`,
      },
    );
  m.forEach((row, i) => {
    if (row.length !== n)
      throw invalidData(
        { field },
        {
          en: `row ${i + 1} has ${row.length} entries; the matrix is ${n} × ${n}`,
          'zh-CN': `第 ${i + 1} 行有 ${row.length} 个元素；矩阵为 ${n} × ${n}`,
        },
      );
    row.forEach((a, j) => {
      const back = m[j]?.[i] ?? NaN;
      if (!(a > 0) || !Number.isFinite(a))
        throw invalidData(
          { field },
          {
            en: `entry (${i + 1}, ${j + 1}) must be a positive number`,
            'zh-CN': `元素 (${i + 1}, ${j + 1}) 必须是正数`,
          },
        );
      if (i === j && Math.abs(a - 1) > 1e-9)
        throw invalidData(
          { field },
          {
            en: `diagonal entry (${i + 1}, ${i + 1}) must be 1`,
            'zh-CN': `对角元素 (${i + 1}, ${i + 1}) 必须为 1`,
          },
        );
      // Reciprocity a_ji = 1/a_ij, with room for judgements written as 0.333.
      if (Math.abs(a * back - 1) > 1e-2)
        throw invalidData(
          { field },
          {
            en: `entries (${i + 1}, ${j + 1}) = ${a} and (${j + 1}, ${i + 1}) = ${back} are not reciprocal`,
            'zh-CN': `元素 (${i + 1}, ${j + 1}) = ${a} 与 (${j + 1}, ${i + 1}) = ${back} 不互为倒数`,
          },
        );
    });
  });
}

/** Principal eigenvector by power iteration (a positive matrix: Perron–Frobenius). */
function principal(m: PairwiseMatrix): number[] {
  const n = m.length;
  let w = new Array<number>(n).fill(1 / n);
  for (let it = 0; it < 1000; it++) {
    const next = m.map((row) => row.reduce((s, a, j) => s + a * w[j]!, 0));
    const total = next.reduce((a, b) => a + b, 0);
    const normed = next.map((x) => x / total);
    const delta = normed.reduce((s, x, i) => s + Math.abs(x - w[i]!), 0);
    w = normed;
    if (delta < 1e-13) break;
  }
  return w;
}

/** Weights and consistency of a pairwise matrix, without judging CR. */
export function ahp(m: PairwiseMatrix, field = 'ahp'): AhpResult {
  check(m, field);
  const n = m.length;
  const weights = principal(m);
  const aw = m.map((row) => row.reduce((s, a, j) => s + a * weights[j]!, 0));
  const lambdaMax = aw.reduce((s, x, i) => s + x / weights[i]!, 0) / n;
  const CI = n > 2 ? (lambdaMax - n) / (n - 1) : 0;
  const ri = RANDOM_INDEX[n - 1]!;
  return { weights, lambdaMax, CI, CR: ri > 0 ? CI / ri : 0 };
}

/** AHP weights, refused with the reason when CR ≥ 0.1. */
export function ahpWeights(m: PairwiseMatrix, field = 'ahp'): AhpResult {
  const r = ahp(m, field);
  if (r.CR >= 0.1)
    throw invalidData(
      { field },
      reason(
        {
          en: 'the judgements are inconsistent: CR = {cr} (λmax = {l}, CI = {ci}) is not below 0.1; revise the comparisons',
          'zh-CN':
            '判断矩阵一致性不足：CR = {cr}（λmax = {l}，CI = {ci}）未低于 0.1，请修改两两比较',
        },
        { cr: r.CR.toFixed(4), l: r.lambdaMax.toFixed(4), ci: r.CI.toFixed(4) },
      ),
    );
  return r;
}
