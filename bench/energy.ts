// `npm run bench -- energy [--runs N]`: CalTRACK timings on the shared eemeter samples — the daily
// balance-point grid search for one meter-year, the full daily run, and the hourly TOWT method per
// meter-year (medians of several runs; the machine is shared, so figures are noisy) — plus the
// selected model and fit metrics of every sample.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { missingDataMessage, sharedDataDir } from '../test/shared-data.ts';
import type { CaltrackInput, CaltrackReport, Fuel, Method } from '../src/energy/index.ts';
import {
  DAY_MS,
  gridSearch,
  loadMeterCsv,
  loadTemperatureCsv,
  localMidnightMs,
  runCaltrack,
  toPeriods,
} from '../src/energy/index.ts';
import { DAILY_RULES } from '../src/energy/mv/candidates.ts';
import { buildDesign } from '../src/energy/mv/usage-per-day-data.ts';
import { benchSettlement } from './lib/energy-settlement.ts';

type Meta = Record<string, Record<string, string | number>>;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(runs: number, f: () => void): { medianMs: number; minMs: number; runs: number } {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    f();
    t.push(performance.now() - a);
  }
  return { medianMs: +median(t).toFixed(2), minMs: +Math.min(...t).toFixed(2), runs };
}

function inputFor(dir: string, meta: Meta, id: string): CaltrackInput {
  const m = meta[id]!;
  const readings = loadMeterCsv(join(dir, String(m.meter_data_filename)));
  const temperature = loadTemperatureCsv(join(dir, String(m.temperature_filename))).series;
  const freq = String(m.freq);
  const method: Method = freq === 'hourly' ? 'hourly' : freq === 'daily' ? 'daily' : 'billing';
  const off = readings[0]?.offsetMin ?? 0;
  return {
    method,
    fuel: m.interpretation as Fuel,
    readings,
    temperature,
    baselineEndMs: localMidnightMs(String(m.blackout_start_date), off),
    reportingStartMs: localMidnightMs(String(m.blackout_end_date), off),
  };
}

function summary(r: CaltrackReport) {
  const model = r.model as Record<string, unknown> | null;
  const brief =
    model && model.type === 'towt'
      ? {
          type: 'towt',
          months: (model.months as unknown[]).length,
          meanParameters:
            (model.months as Array<{ parameters: number }>).reduce((s, x) => s + x.parameters, 0) /
            (model.months as unknown[]).length,
        }
      : model;
  const m = r.metrics;
  return {
    status: r.status,
    sufficiency: r.sufficiency.status,
    failedRules: r.sufficiency.findings
      .filter((f) => f.severity === 'fail')
      .map((f) => `${f.rule} ${f.name}`),
    model: brief,
    metrics: m && {
      n: m.n,
      rSquared: +m.rSquared.toFixed(4),
      cvrmseAdj: +m.cvrmseAdj.toFixed(4),
      nmbe: +m.nmbe.toExponential(3),
      autocorrLag1: +m.autocorrLag1.toFixed(4),
    },
    savingsFraction: r.savings && +r.savings.total.savingsFraction.toFixed(4),
    avoidedTotal: r.savings && +r.savings.total.avoided.toFixed(2),
    fsu: r.uncertainty && +r.uncertainty.fsu.toFixed(4),
    errorBand: r.uncertainty && +r.uncertainty.errorBand.toFixed(2),
  };
}

export async function run(argv: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '15' },
      contracts: { type: 'string', default: '1000' },
      'skip-settlement': { type: 'boolean' },
    },
  });
  const runs = Math.max(1, Number(values.runs));
  // Settling contracts needs no shared data: it runs on synthetic meters, weather and contracts.
  console.error(`energy bench: settling ${values.contracts} contracts`);
  const settlement = values['skip-settlement']
    ? undefined
    : await benchSettlement(Number(values.contracts));
  const dir = sharedDataDir('eemeter');
  if (!dir) return { skipped: missingDataMessage('eemeter'), settlement };
  const meta = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')) as Meta;

  console.error('energy bench: daily grid search');
  const daily = inputFor(dir, meta, 'il-electricity-cdd-hdd-daily');
  const bStart = daily.baselineEndMs - 365 * DAY_MS;
  const periods = toPeriods(daily.readings, daily.temperature, 'daily').filter(
    (p) => p.startMs >= bStart && p.endMs <= daily.baselineEndMs,
  );
  const rows = buildDesign(periods, 'daily').rows;
  gridSearch(rows, { fitCdd: true, rules: DAILY_RULES }); // warm-up
  const grid = time(runs * 4, () => gridSearch(rows, { fitCdd: true, rules: DAILY_RULES }));
  runCaltrack(daily);
  const dailyFull = time(runs, () => runCaltrack(daily));

  console.error('energy bench: hourly TOWT');
  const hourly = inputFor(dir, meta, 'il-electricity-cdd-hdd-hourly');
  runCaltrack(hourly);
  const hourlyFull = time(Math.max(3, Math.ceil(runs / 3)), () => runCaltrack(hourly));

  // Clock comparison: default local clock (CalTRACK 2.3.3) vs eemeter's UTC clock.
  console.error('energy bench: local vs eemeter (UTC) clock');
  const dailyUtc = runCaltrack({
    ...daily,
    clock: 'utc',
    baselineEndMs: Date.UTC(2016, 11, 26),
    reportingStartMs: Date.UTC(2017, 0, 4),
  });
  const dailyLocal = runCaltrack(daily);
  const hourlyLocal = runCaltrack(hourly).savings!.total;
  const hourlyUtc = runCaltrack({ ...hourly, clock: 'utc' }).savings!.total;
  const clockComparison = {
    dailyModelLocalClock: dailyLocal.model,
    dailyModelUtcClock: dailyUtc.model,
    dailyAvoidedLocal: dailyLocal.savings?.total.avoided,
    dailyAvoidedUtc: dailyUtc.savings?.total.avoided,
    hourlyPredictedLocal: hourlyLocal.predicted,
    hourlyPredictedUtc: hourlyUtc.predicted,
    hourlyPredictedDifferencePct: +(
      (hourlyLocal.predicted / hourlyUtc.predicted - 1) *
      100
    ).toFixed(3),
  };

  const samples: Record<string, unknown> = {};
  for (const id of Object.keys(meta)) {
    console.error(`energy bench: ${id}`);
    samples[id] = summary(runCaltrack(inputFor(dir, meta, id)));
  }
  return {
    note: 'medians of repeated runs on a shared 2-core machine; file parsing excluded',
    dailyGridSearch: {
      sample: 'il-electricity-cdd-hdd-daily',
      baselineDays: rows.length,
      candidates: 1 + 61 + 61 + 1891,
      ...grid,
    },
    dailyMethodFullRun: { sample: 'il-electricity-cdd-hdd-daily', ...dailyFull },
    hourlyMethodPerMeterYear: { sample: 'il-electricity-cdd-hdd-hourly', ...hourlyFull },
    clockComparison,
    samples,
    settlement,
  };
}
