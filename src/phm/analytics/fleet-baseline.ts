// A health baseline pooled over a fleet of like assets, robust to the faults it must find. Two
// things went wrong when every asset's hours over the declared period were pooled as healthy and
// the last fifth of the period held out: (1) an asset already degrading in that period (the demo's
// wearing gearbox) taught the baseline that its state is normal, so it then scored healthier than
// its healthy peers; (2) a held-out tail of one day is a time of day, and of a longer period a
// season, that the fit never saw, so healthy hours read as alarms (FAR 0.41).
// Fixes: peer screening, each asset scored by a baseline fitted on its peers only (leave one
// asset out) and dropped when its median hour lies beyond their control limit (at most a minority
// of the fleet, so a fault cannot outvote health); and validation on interleaved blocks (every
// fifth day, or every fifth hour of a period shorter than five days), which covers the same
// conditions as the fit without sharing hours with it (blocked cross-validation for dependent
// data: Bergmeir & Benítez, Information Sciences 191 (2012)).
// Assets of different sizes are made comparable first: channels named in `normalisers` are
// divided by each asset's nameplate rating (./nameplate.ts), before screening and fitting.
import { fitHealthBaseline, healthScore, type HealthBaseline } from './health-index.ts';
import { checkNormalisers, nameplateRow, type Normaliser } from './nameplate.ts';
import { quantile } from './stats.ts';

export interface AssetHours {
  asset: string;
  /** Hourly rows: start of the hour (epoch ms) and the channel values in channel order. */
  rows: { t: number; values: number[] }[];
  /** The asset's nameplate (needed for the properties that `normalisers` name). */
  properties?: Readonly<Record<string, unknown>>;
}

export interface FleetBaselineOptions {
  conditions?: readonly string[];
  /** Channels divided by a nameplate rating of each asset (flow by design load, …). */
  normalisers?: readonly Normaliser[];
  /** Start of the training period: block numbering for validation counts from it. */
  from: number;
  to: number;
  /** Fewest fit rows a baseline needs. */
  minRows: number;
}

export interface ExcludedAsset {
  asset: string;
  /** Median score of its hours under the baseline of its peers. */
  medianScore: number;
}

export interface FleetBaselineMetrics {
  trainRows: number;
  validationRows: number;
  validationScheme: 'every-fifth-day' | 'every-fifth-hour';
  t2Median: number;
  t2Limit: number;
  validationMeanHealth: number | null;
  /** Share of held-out in-range hours of the retained assets scored below 50. */
  validationFalseAlarmRate: number | null;
  /** Share of held-out hours whose operating point lay outside the fitted range. */
  validationOutOfRange: number | null;
}

export interface FleetBaseline {
  baseline: HealthBaseline;
  used: string[];
  excluded: ExcludedAsset[];
  metrics: FleetBaselineMetrics;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function splitter(from: number, to: number) {
  const byDay = to - from >= 5 * DAY_MS;
  const block = byDay ? DAY_MS : HOUR_MS;
  return {
    scheme: byDay ? ('every-fifth-day' as const) : ('every-fifth-hour' as const),
    held: (t: number) => Math.floor((t - from) / block) % 5 === 4,
  };
}

const valuesOf = (xs: AssetHours[], keep: (t: number) => boolean) =>
  xs.flatMap((a) => a.rows.filter((r) => keep(r.t)).map((r) => r.values));

/** Assets whose hours sit beyond the control limit of a baseline fitted on their peers. */
function screenPeers(
  assets: AssetHours[],
  channels: readonly string[],
  o: FleetBaselineOptions,
  isFit: (t: number) => boolean,
): ExcludedAsset[] {
  if (assets.length < 3) return [];
  const suspects: ExcludedAsset[] = [];
  for (const a of assets) {
    const peers = valuesOf(
      assets.filter((x) => x !== a),
      isFit,
    );
    if (peers.length < o.minRows) continue;
    const b = fitHealthBaseline(peers, channels, { conditions: o.conditions });
    const scores = a.rows
      .filter((r) => isFit(r.t))
      .map((r) => healthScore(b, r.values))
      .filter((s) => s.inRange)
      .map((s) => s.score);
    if (scores.length && quantile(scores, 0.5) < 50)
      suspects.push({ asset: a.asset, medianScore: quantile(scores, 0.5) });
  }
  // A minority at most: the worst first.
  return suspects
    .sort((x, y) => x.medianScore - y.medianScore)
    .slice(0, Math.floor((assets.length - 1) / 2));
}

function validate(b: HealthBaseline, held: number[][]) {
  const scored = held.map((v) => healthScore(b, v));
  const inRange = scored.filter((s) => s.inRange).map((s) => s.score);
  const share = (n: number, d: number) => (d ? n / d : null);
  return {
    validationRows: held.length,
    validationMeanHealth: inRange.length
      ? inRange.reduce((s, v) => s + v, 0) / inRange.length
      : null,
    validationFalseAlarmRate: share(inRange.filter((s) => s < 50).length, inRange.length),
    validationOutOfRange: share(held.length - inRange.length, held.length),
  };
}

/** Fits the baseline on the retained assets' fit blocks and validates on their held blocks. */
export function fitFleetBaseline(
  raw: AssetHours[],
  channels: readonly string[],
  o: FleetBaselineOptions,
): FleetBaseline {
  const normalisers = [...(o.normalisers ?? [])];
  checkNormalisers(channels, normalisers);
  const assets = normalisers.length
    ? raw.map((a) => ({
        ...a,
        rows: a.rows.map((r) => ({
          t: r.t,
          values: nameplateRow(normalisers, channels, r.values, a.properties, a.asset),
        })),
      }))
    : raw;
  const split = splitter(o.from, o.to);
  let isFit = (t: number) => !split.held(t);
  if (valuesOf(assets, isFit).length < o.minRows) isFit = () => true; // too short to hold out
  const excluded = screenPeers(assets, channels, o, isFit);
  const kept = assets.filter((a) => !excluded.some((e) => e.asset === a.asset));
  const fitRows = valuesOf(kept, isFit);
  const baseline = fitHealthBaseline(fitRows, channels, { conditions: o.conditions });
  const held = valuesOf(kept, (t) => !isFit(t));
  const metrics = validate(baseline, held); // on per-unit rows, before the normalisers attach
  if (normalisers.length) baseline.normalisers = normalisers;
  return {
    baseline,
    used: kept.filter((a) => a.rows.length > 0).map((a) => a.asset),
    excluded,
    metrics: {
      trainRows: fitRows.length,
      validationScheme: split.scheme,
      t2Median: baseline.t2Median,
      t2Limit: baseline.t2Limit,
      ...metrics,
    },
  };
}
