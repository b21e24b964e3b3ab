// `npm run bench -- monitoring [--assets N] [--points N] [--rounds N] [--excursion F] [--storm N]
// [--storm-batch N]`:
// cost of rule evaluation
// per telemetry point in the ingest path (issue 4: must stay well under ~2 µs/point for the
// 150 k points/s MQTT target). A fleet of chillers, each with 5 raw channels, 2 derived
// channels (COP, heat) and 9 rules of every kind, is fed synthetic points round-robin; the
// points are generated before timing so only engine.ingest is measured (`nsPerPoint*`), then
// the same through the series-id router in 500-point batches as the ingest pipeline would
// (`routedNsPerPoint*`). Options: --excursion 0.01 (share of ×1.6 values that trip rules).
// Then the alarm storm (lib/monitoring-storm.ts): --storm 10000 assets crossing at once.
import { parseArgs } from 'node:util';
import { alarmStorm } from './lib/monitoring-storm.ts';
import {
  compileRule,
  createChannelLayout,
  createRuleEngine,
  createSeriesRouter,
  type RuleSpec,
  type SeriesLike,
} from '../src/monitoring/index.ts';

const channels = ['supply_temp', 'return_temp', 'flow', 'power', 'cooling_load'];
const derived = [
  { name: 'cop', expression: 'cooling_load / power' },
  { name: 'heat', expression: 'flow * (return_temp - supply_temp) * 4.186' },
];
const rules: RuleSpec[] = [
  {
    id: 'hi-supply',
    severity: 'major',
    kind: 'threshold',
    value: 'supply_temp',
    op: 'above',
    limit: 9,
    hysteresis: 0.5,
    forMs: 60_000,
  },
  {
    id: 'lo-flow',
    severity: 'critical',
    kind: 'threshold',
    value: 'flow',
    op: 'below',
    limit: 'prop.design_flow * 0.4',
    hysteresis: 1,
  },
  {
    id: 'band-ret',
    severity: 'minor',
    kind: 'threshold',
    value: 'return_temp',
    op: 'outside',
    low: 5,
    high: 16,
    hysteresis: 0.5,
  },
  {
    id: 'overload',
    severity: 'major',
    kind: 'threshold',
    value: 'power',
    op: 'above',
    limit: 'prop.rated_power * 1.1',
  },
  {
    id: 'low-dt',
    severity: 'major',
    kind: 'expression',
    when: 'return_temp - supply_temp < 2 && flow > 10',
  },
  {
    id: 'low-cop',
    severity: 'minor',
    kind: 'expression',
    when: 'cop < 3',
    clearWhen: 'cop >= 3.5',
  },
  {
    id: 'ramp',
    severity: 'warning',
    kind: 'rate',
    value: 'supply_temp',
    maxPerMinute: 3,
    hysteresis: 0.5,
  },
  {
    id: 'flow-dev',
    severity: 'warning',
    kind: 'deviation',
    value: 'flow',
    reference: 'prop.design_flow',
    maxDeviation: 15,
  },
  { id: 'offline', severity: 'major', kind: 'no-data', expectedIntervalMs: 10_000, factor: 3 },
];

function lcg(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

export async function run(argv: string[]): Promise<unknown> {
  const { values: o } = parseArgs({
    args: argv,
    options: {
      assets: { type: 'string', default: '1000' },
      points: { type: 'string', default: '2000000' },
      rounds: { type: 'string', default: '5' },
      /** Share of points that are excursions (×1.6), which make rules raise and clear. */
      excursion: { type: 'string', default: '0.01' },
      /** Assets in the alarm storm (lib/monitoring-storm.ts); 0 skips it. */
      storm: { type: 'string', default: '10000' },
      /** Most alarm actions per transaction in the storm (the alarm service's maxBatch). */
      'storm-batch': { type: 'string', default: '1000' },
    },
  });
  const nAssets = Number(o.assets);
  const nPoints = Number(o.points);
  const rounds = Number(o.rounds);
  const excursionShare = Number(o.excursion);
  let events = 0;
  const engine = createRuleEngine(() => events++);
  const props = { design_flow: 40, rated_power: 120 };
  const layout = createChannelLayout(channels, derived, props);
  const compiled = rules.map((r) => compileRule(r, layout, props));
  for (let a = 0; a < nAssets; a++) engine.addAsset(`ch-${a}`, layout, compiled, { startMs: 0 });

  // Points: every asset sends its 5 channels every 10 s; values mostly normal with ~1 % excursions.
  const rnd = lcg(1);
  const asset = new Int32Array(nPoints);
  const slot = new Int32Array(nPoints);
  const ts = new Float64Array(nPoints);
  const value = new Float64Array(nPoints);
  const base = [7, 12, 40, 100, 400];
  for (let i = 0; i < nPoints; i++) {
    const k = Math.floor(i / channels.length);
    asset[i] = k % nAssets;
    slot[i] = i % channels.length;
    ts[i] = Math.floor(k / nAssets) * 10_000;
    const excursion = rnd() < excursionShare ? 1.6 : 1;
    value[i] = base[slot[i]!]! * excursion * (1 + (rnd() - 0.5) * 0.02);
  }
  const perRound: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Each round continues in time so that no point is late.
    const offset = r * (ts[nPoints - 1]! + 10_000);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < nPoints; i++)
      engine.ingest(asset[i]!, slot[i]!, ts[i]! + offset, value[i]!);
    const ns = Number(process.hrtime.bigint() - t0);
    perRound.push(ns / nPoints);
    console.error(`round ${r + 1}/${rounds}: ${(ns / nPoints).toFixed(1)} ns/point`);
  }
  // The ingest-pipeline path: batches of 500 points with a series per point, routed by series id.
  const seriesList: SeriesLike[] = [];
  for (let a = 0; a < nAssets; a++) {
    for (let c = 0; c < channels.length; c++) {
      seriesList.push({ assetId: `ch-${a}`, channel: channels[c]! });
    }
  }
  const seriesOf = new Int32Array(nPoints);
  for (let i = 0; i < nPoints; i++) seriesOf[i] = asset[i]! * channels.length + slot[i]!;
  const router = createSeriesRouter(engine);
  const batch = 500;
  const routed: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const offset = (rounds + r) * (ts[nPoints - 1]! + 10_000);
    const shifted = new Float64Array(nPoints);
    for (let i = 0; i < nPoints; i++) shifted[i] = ts[i]! + offset;
    const t0 = process.hrtime.bigint();
    for (let b = 0; b < nPoints; b += batch) {
      const n = Math.min(batch, nPoints - b);
      router.route({
        n,
        seriesId: seriesOf.subarray(b, b + n),
        ts: shifted.subarray(b, b + n),
        values: value.subarray(b, b + n),
        series: (id) => seriesList[id],
      });
    }
    const ns = Number(process.hrtime.bigint() - t0);
    routed.push(ns / nPoints);
    console.error(`routed round ${r + 1}/${rounds}: ${(ns / nPoints).toFixed(1)} ns/point`);
  }
  const sortedRouted = [...routed].sort((a, b) => a - b);
  const sorted = [...perRound].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return {
    assets: nAssets,
    excursionShare,
    pointsPerRound: nPoints,
    rulesPerAsset: rules.length,
    derivedPerAsset: derived.length,
    nsPerPointMedian: Number(median.toFixed(1)),
    nsPerPointBest: Number(sorted[0]!.toFixed(1)),
    nsPerPointAll: perRound.map((x) => Number(x.toFixed(1))),
    pointsPerSecondMedian: Math.round(1e9 / median),
    routedNsPerPointMedian: Number(sortedRouted[Math.floor(sortedRouted.length / 2)]!.toFixed(1)),
    routedNsPerPointAll: routed.map((x) => Number(x.toFixed(1))),
    events,
    late: engine.stats.late,
    alarmStorm:
      Number(o.storm) > 0 ? await alarmStorm(Number(o.storm), Number(o['storm-batch'])) : null,
    note: 'first round includes JIT warm-up; 2 shared cores, figures are noisy',
  };
}
