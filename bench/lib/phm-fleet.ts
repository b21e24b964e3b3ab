// The demo fleet's health ranking (issue 18): the simulator's fleet and fault scenario, hourly
// means per asset as the platform's rollups give them, one fleet baseline per asset model
// trained on a week that already holds some of the seeded faults (as a real history would), then
// a second week assessed. Reports, per model, each asset's mean health over the hours its fault
// was active (or over the week for a healthy one), whether every faulty asset ranks below every
// healthy one, and the false-alarm rate (hours below 50) on healthy assets: on the held-out
// validation days of training and over the assessed week.
import {
  demoConditions,
  demoNormalisers,
  fitFleetBaseline,
  healthScore,
  minTrainingRows,
} from '../../src/phm/index.ts';
import {
  assetModels,
  defaultScenarioStart,
  demoFleet,
  demoScenario,
  generate,
  type AssetKind,
  type Fault,
} from '../../src/simulator/index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Faults that change an asset's health (not a one-minute spike, an outage or a planned stop). */
const healthFaults: readonly Fault['kind'][] = [
  'fouling',
  'refrigerant-leak',
  'bearing-wear',
  'valve-fault',
  'drift',
  'stuck-sensor',
];

/** Per asset and hour, each channel's sample count and sum: the mean over the minutes that carry
 * the channel, as the platform's hourly rollup computes it for an assessment. */
type HourSums = { counts: Record<string, number>; sums: Record<string, number> };
type Hours = Map<string, Map<number, HourSums>>;

function hourlyMeans(
  samples: Iterable<{ assetKey: string; ts: number; values: Record<string, number> }>,
): Hours {
  const out: Hours = new Map();
  for (const s of samples) {
    const h = Math.floor(s.ts / HOUR) * HOUR;
    let m = out.get(s.assetKey);
    if (!m) out.set(s.assetKey, (m = new Map()));
    let b = m.get(h);
    if (!b) m.set(h, (b = { counts: {}, sums: {} }));
    for (const [k, v] of Object.entries(s.values)) {
      b.sums[k] = (b.sums[k] ?? 0) + v;
      b.counts[k] = (b.counts[k] ?? 0) + 1;
    }
  }
  return out;
}

export interface FleetRankingOptions {
  seed?: number;
  /** Days from the scenario start. */
  trainDays?: [number, number];
  assessDays?: [number, number];
  /** Score the raw channels (the old baseline) instead of residuals on operating conditions. */
  noConditions?: boolean;
  /** Leave extensive channels in absolute units (no division by the nameplate rating). */
  noNameplate?: boolean;
}

export function demoFleetRanking(o: FleetRankingOptions = {}) {
  const seed = o.seed ?? 1;
  const [t0, t1] = o.trainDays ?? [7, 14];
  const [a0, a1] = o.assessDays ?? [14, 21];
  const start = defaultScenarioStart(Date.UTC(2026, 0, 22), 21);
  const assets = demoFleet(seed);
  const faults = demoScenario(assets, start);
  const hours = hourlyMeans(
    generate({ seed, intervalMs: 60_000, assets, faults }, start + t0 * DAY, start + a1 * DAY),
  );
  return (Object.keys(assetModels) as AssetKind[]).map((kind) => {
    const channels = assetModels[kind].channels.map((c) => c.key);
    const mine = assets.filter((a) => a.kind === kind);
    const rowsOf = (serial: string, d0: number, d1: number) =>
      [...(hours.get(serial) ?? new Map<number, HourSums>())]
        .filter(([t]) => t >= start + d0 * DAY && t < start + d1 * DAY)
        .map(([t, b]) => ({
          t,
          values: channels.map((c) => (b.sums[c] ?? NaN) / (b.counts[c] ?? NaN)),
        }))
        .filter((r) => r.values.every(Number.isFinite));
    const conditions = o.noConditions ? [] : demoConditions[kind];
    const normalisers = o.noConditions || o.noNameplate ? [] : demoNormalisers[kind];
    const fit = fitFleetBaseline(
      mine.map((a) => ({
        asset: a.serial,
        rows: rowsOf(a.serial, t0, t1),
        properties: a.properties,
      })),
      channels,
      {
        conditions,
        normalisers,
        from: start + t0 * DAY,
        to: start + t1 * DAY,
        minRows: minTrainingRows(channels.length),
      },
    );
    const ranking = mine.map((a) => {
      const active = faults.filter(
        (f) =>
          f.assetKey === a.serial &&
          healthFaults.includes(f.kind) &&
          f.fromMs < start + a1 * DAY &&
          f.toMs > start + a0 * DAY,
      );
      const inFault = (t: number) =>
        active.length === 0 || active.some((f) => t + HOUR > f.fromMs && t < f.toMs);
      const assessed = rowsOf(a.serial, a0, a1)
        .filter((r) => inFault(r.t))
        .map((r) => healthScore(fit.baseline, r.values, a.properties));
      const scores = assessed.filter((s) => s.inRange).map((s) => s.score);
      const mean = scores.reduce((s, v) => s + v, 0) / Math.max(1, scores.length);
      return {
        asset: a.serial,
        fault: active.map((f) => f.kind).join('+') || null,
        meanHealth: Math.round(mean * 10) / 10,
        hours: scores.length,
        /** Hours at an operating point outside the training range: not scored. */
        outOfRange: assessed.length - scores.length,
        below50: scores.filter((s) => s < 50).length,
      };
    });
    const healthy = ranking.filter((r) => !r.fault);
    const faulty = ranking.filter((r) => r.fault);
    const worstHealthy = Math.min(...healthy.map((r) => r.meanHealth));
    const falseAlarms = healthy.reduce((s, r) => s + r.below50, 0);
    const healthyHours = healthy.reduce((s, r) => s + r.hours, 0);
    return {
      model: kind,
      conditions,
      normalisers: normalisers.map((n) => `${n.channel} ${n.inverse ? '×' : '÷'} ${n.property}`),
      excluded: fit.excluded,
      validationFalseAlarmRate: fit.metrics.validationFalseAlarmRate,
      assessedFalseAlarmRate: healthyHours ? falseAlarms / healthyHours : null,
      faultyRankWorst: faulty.every((f) => f.meanHealth < worstHealthy),
      ranking: ranking.sort((x, y) => x.meanHealth - y.meanHealth),
    };
  });
}
