// Health index for a live asset: the multivariate deviation of current telemetry from a healthy
// baseline learned per asset model. Hotelling's T² on a shrunk covariance (shrinkage of the
// correlations towards zero keeps it invertible with correlated or few channels; intensity chosen
// from the data as in Schäfer & Strimmer, Stat. Appl. Genet. Mol. Biol. 4 (2005), target "D"),
// mapped to 0–100, with each channel's share from the complete decomposition
// contribution c_j = z_j·(S⁻¹z)_j, which sums to T² (Alcala & Qin, Automatica 45 (2009)).
import { invalidData } from '../../kernel/index.ts';
import { cholesky, choleskySolve } from './linalg.ts';
import {
  conditionIndexes,
  fitOperatingRegression,
  residuals,
  withinRange,
  type OperatingRegression,
} from './operating-regression.ts';
import { nameplateRow, type Normaliser } from './nameplate.ts';
import { quantile } from './stats.ts';

export interface HealthBaseline {
  /** Every channel of a row, in row order (operating conditions included). */
  channels: string[];
  /**
   * With operating conditions: the regression whose residuals are scored; mean and chol are then
   * over the response channels' residuals. Without: the channels themselves are scored.
   */
  regression?: OperatingRegression;
  /**
   * Channels divided by a nameplate rating of the asset before anything else (./nameplate.ts):
   * the baseline was fitted on such per-unit rows, so scoring needs the asset's properties.
   */
  normalisers?: Normaliser[];
  mean: number[];
  /** Cholesky factor (row-major) of the shrunk covariance. */
  chol: number[];
  /** Median and upper control limit (default 99th percentile) of T² on the baseline rows. */
  t2Median: number;
  t2Limit: number;
}

export interface ChannelContribution {
  channel: string;
  /** Contribution to T² (can be negative when channels offset each other). */
  value: number;
  /** value / T² (0 when T² is 0). */
  share: number;
}

export interface HealthScore {
  /** 100 at or below the baseline median deviation, 50 at the control limit, → 0 beyond. */
  score: number;
  t2: number;
  contributions: ChannelContribution[];
  /** False when the operating point lies outside the baseline's healthy range (not comparable). */
  inRange: boolean;
}

function checkRow(
  row: readonly number[],
  p: number,
  index: number,
  channels: readonly string[],
): void {
  if (row.length !== p)
    throw invalidData(
      { line: index + 1 },
      {
        en: `row has ${row.length} values, expected ${p} (${channels.join(', ')})`,
        'zh-CN': `该行有 ${row.length} 个值，应为 ${p} 个（${channels.join('、')}）`,
      },
    );
  row.forEach((v, j) => {
    if (!Number.isFinite(v))
      throw invalidData(
        { line: index + 1, field: channels[j] },
        { en: `'${v}' is not a finite number`, 'zh-CN': `“${v}”不是有限数值` },
      );
  });
}

/** T² of a row of scored features (residuals, or the channels themselves). */
function t2OfScored(
  b: HealthBaseline,
  features: readonly number[],
): { t2: number; z: number[]; w: Float64Array } {
  const p = b.mean.length;
  const z = features.map((v, j) => v - (b.mean[j] as number));
  const w = choleskySolve(Float64Array.from(b.chol), p, z);
  const t2 = z.reduce((s, v, j) => s + v * (w[j] as number), 0);
  return { t2, z, w };
}

const t2Of = (b: HealthBaseline, row: readonly number[]) => t2OfScored(b, featuresOf(b, row));

/** What is scored: the residuals of the responses, or the raw channels without a regression. */
function featuresOf(b: Pick<HealthBaseline, 'regression'>, row: readonly number[]): number[] {
  return b.regression ? residuals(b.regression, row) : [...row];
}

/** Names of the scored features, in order. */
export function scoredChannels(b: HealthBaseline): string[] {
  const r = b.regression;
  return r ? r.responseIndex.map((j) => b.channels[j] as string) : b.channels;
}

/**
 * Schäfer–Strimmer optimal shrinkage of the correlations: Σ_{i≠j} Var(r_ij) / Σ_{i≠j} r_ij², with
 * Var(r_ij) estimated from the products of standardised values (their eq. 8 and Table 1, target D).
 */
function shrinkageIntensity(
  rows: readonly (readonly number[])[],
  mean: number[],
  cov: Float64Array,
  p: number,
): number {
  const n = rows.length;
  const sd = mean.map((_, i) => Math.sqrt(cov[i * p + i] as number) || 1);
  let num = 0;
  let den = 0;
  for (let i = 0; i < p; i++) {
    for (let j = i + 1; j < p; j++) {
      const w = rows.map(
        (r) =>
          (((r[i] as number) - (mean[i] as number)) / (sd[i] as number)) *
          (((r[j] as number) - (mean[j] as number)) / (sd[j] as number)),
      );
      const wbar = w.reduce((s, v) => s + v, 0) / n;
      const varR = (n / (n - 1) ** 3) * w.reduce((s, v) => s + (v - wbar) ** 2, 0);
      const r = (n / (n - 1)) * wbar;
      num += varR;
      den += r * r;
    }
  }
  return den > 0 ? Math.min(1, Math.max(0, num / den)) : 1;
}

/** Learns the healthy baseline from rows of simultaneous channel values (rows ≥ channels + 2). */
export function fitHealthBaseline(
  rows: readonly (readonly number[])[],
  channels: readonly string[],
  opts: { shrinkage?: number; limitQuantile?: number; conditions?: readonly string[] } = {},
): HealthBaseline {
  if (channels.length === 0)
    throw invalidData({ field: 'channels' }, { en: 'no channels', 'zh-CN': '没有通道' });
  if (rows.length < channels.length + 2)
    throw invalidData(
      { field: 'rows' },
      {
        en: `${rows.length} baseline rows for ${channels.length} channels; need at least ${channels.length + 2}`,
        'zh-CN': `${channels.length} 个通道只有 ${rows.length} 行基线数据；至少需要 ${channels.length + 2} 行`,
      },
    );
  rows.forEach((r, i) => checkRow(r, channels.length, i, channels));
  let regression: OperatingRegression | undefined;
  if (opts.conditions?.length) {
    const { conditionIndex, responseIndex } = conditionIndexes(channels, opts.conditions);
    regression = fitOperatingRegression(rows, conditionIndex, responseIndex);
  }
  return fitScored(
    rows.map((r) => featuresOf({ regression }, r)),
    channels,
    regression,
    opts,
  );
}

function fitScored(
  rows: readonly (readonly number[])[],
  channels: readonly string[],
  regression: OperatingRegression | undefined,
  opts: { shrinkage?: number; limitQuantile?: number },
): HealthBaseline {
  const p = rows[0]?.length ?? 0;
  const n = rows.length;
  const mean = new Array<number>(p).fill(0);
  for (const r of rows) r.forEach((v, j) => (mean[j] = (mean[j] as number) + v / n));
  const cov = new Float64Array(p * p);
  for (const r of rows) {
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++)
        cov[i * p + j] =
          (cov[i * p + j] as number) +
          (((r[i] as number) - (mean[i] as number)) * ((r[j] as number) - (mean[j] as number))) /
            (n - 1);
    }
  }
  const lambda = opts.shrinkage ?? shrinkageIntensity(rows, mean, cov, p);
  let avgVar = 0;
  for (let i = 0; i < p; i++) avgVar += (cov[i * p + i] as number) / p;
  const floor = Math.max(avgVar, 1e-12) * 1e-6;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++)
      if (i !== j) cov[i * p + j] = (1 - lambda) * (cov[i * p + j] as number);
    cov[i * p + i] = (cov[i * p + i] as number) + floor;
  }
  const b: HealthBaseline = {
    channels: [...channels],
    ...(regression ? { regression } : {}),
    mean,
    chol: Array.from(cholesky(cov, p)),
    t2Median: 0,
    t2Limit: 0,
  };
  const t2s = rows.map((r) => t2OfScored(b, r).t2);
  b.t2Median = quantile(t2s, 0.5);
  b.t2Limit = Math.max(quantile(t2s, opts.limitQuantile ?? 0.99), b.t2Median * (1 + 1e-9) + 1e-12);
  return b;
}

/** Maps T² to 0–100 by halving the score for each control-limit-sized excess over the median. */
export function scoreOfT2(b: HealthBaseline, t2: number): number {
  const excess = Math.max(0, t2 - b.t2Median) / (b.t2Limit - b.t2Median);
  return 100 * Math.pow(2, -excess);
}

/**
 * Scores one row of raw channel values; `properties` (the asset's nameplate) is needed when the
 * baseline normalises channels by a rating.
 */
export function healthScore(
  b: HealthBaseline,
  raw: readonly number[],
  properties?: Readonly<Record<string, unknown>>,
): HealthScore {
  checkRow(raw, b.channels.length, 0, b.channels);
  const row = b.normalisers?.length
    ? nameplateRow(b.normalisers, b.channels, raw, properties)
    : raw;
  const { t2, z, w } = t2Of(b, row);
  const contributions = scoredChannels(b).map((channel, j) => {
    const value = (z[j] as number) * (w[j] as number);
    return { channel, value, share: t2 > 0 ? value / t2 : 0 };
  });
  const inRange = b.regression ? withinRange(b.regression, row) : true;
  return { score: scoreOfT2(b, t2), t2, contributions, inRange };
}
