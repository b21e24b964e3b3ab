// Trend-based remaining life for a health score: a least-squares line through the recent scores,
// extrapolated to a failure threshold, when the decline is statistically clear (slope below zero
// by more than `tCritical` standard errors). The interval uses slope ± tCritical·se, the usual
// delta-free bound for a linear degradation path (cf. Lu & Meeker, Technometrics 35 (1993), linear
// degradation paths). Without a clear decline it says so instead of returning a number.
import { linearFit } from './stats.ts';

export interface HealthPoint {
  /** Time in any consistent unit (e.g. hours or cycles); RUL is returned in the same unit. */
  t: number;
  score: number;
}

export type TrendRul =
  | { kind: 'no-trend'; reason: string; points: number }
  | {
      kind: 'trend';
      slope: number;
      slopeSe: number;
      current: number;
      rul: number;
      lower: number;
      upper: number;
      points: number;
    };

export interface TrendOptions {
  /** Score at which the asset counts as failed; default 20. */
  threshold?: number;
  /** Points used from the end of the series; default 50. */
  window?: number;
  minPoints?: number;
  /** Default 2 (about 95 % for a dozen points or more). */
  tCritical?: number;
}

export function trendRul(points: readonly HealthPoint[], o: TrendOptions = {}): TrendRul {
  const threshold = o.threshold ?? 20;
  const tc = o.tCritical ?? 2;
  const recent = points
    .slice(-(o.window ?? 50))
    .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.score));
  const n = recent.length;
  if (n < (o.minPoints ?? 8))
    return { kind: 'no-trend', reason: `only ${n} usable points`, points: n };
  const fit = linearFit(
    recent.map((p) => p.t),
    recent.map((p) => p.score),
  );
  if (!(fit.slope < 0) || !(-fit.slope > tc * fit.slopeSe)) {
    return { kind: 'no-trend', reason: 'no statistically clear decline', points: n };
  }
  const tNow = (recent[n - 1] as HealthPoint).t;
  const current = fit.intercept + fit.slope * tNow;
  const gap = Math.max(0, current - threshold);
  const steep = fit.slope - tc * fit.slopeSe;
  const shallow = fit.slope + tc * fit.slopeSe;
  return {
    kind: 'trend',
    slope: fit.slope,
    slopeSe: fit.slopeSe,
    current,
    rul: gap / -fit.slope,
    lower: gap / -steep,
    upper: shallow < 0 ? gap / -shallow : Infinity,
    points: n,
  };
}
