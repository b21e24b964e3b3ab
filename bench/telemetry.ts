// `npm run bench -- telemetry [--assets 1000] [--hours 24] [--runs 20]
//   [--only ronghe-platform,ronghe-platform-no-rules,ronghe,ronghe-api-v2-write,ronghe-gzip-write,
//   influxdb,victoriametrics]
//   [--connections 4] [--batch-rows 500]` (the issue's workload is the default; other writer
//   shapes, e.g. many small batches, are for comparing)
// The fleet workload of issue 3 over InfluxDB line protocol with 4 connections × 500-row
// batches, then q1–q4 (median of --runs), bytes per point on disk and peak RSS — for Ronghe as
// users run it (`ronghe-platform`: registry, rules, derived channel), the engine alone (`ronghe`),
// and,
// when installed, InfluxDB 1.6 and VictoriaMetrics 1.79 in the same run, with ratios. With
// RONGHE_BENCH_PG_URL=postgres://… Ronghe also runs on PostgreSQL (`ronghe-postgres`).
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  ronghe,
  rongheGzipWrite,
  rongheOnPostgres,
  rongheV2Write,
} from './telemetry/ronghe-target.ts';
import {
  rongheProduct,
  rongheProductOnPostgres,
  rongheProductWithoutRules,
} from './telemetry/platform-target.ts';
import { influx, victoria, type TargetResult } from './telemetry/targets.ts';
import { buildWorkload, channels } from './telemetry/workload.ts';
import { IN_MEMORY_POINTS } from './telemetry/http.ts';

const unavailable: Record<string, string> = {
  'ronghe-postgres': 'set RONGHE_BENCH_PG_URL=postgres://… to run Ronghe on PostgreSQL too',
  'ronghe-platform-postgres':
    'set RONGHE_BENCH_PG_URL=postgres://… to run the platform on PostgreSQL too',
  influxdb: 'influxdb is not installed (apt-get install -y influxdb)',
  victoriametrics: 'victoriametrics is not installed (apt-get install -y victoria-metrics)',
};

function ratios(ours: TargetResult, other: TargetResult) {
  const r = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  return {
    ingestSpeedup: r(ours.ingestPointsPerSec, other.ingestPointsPerSec),
    ingestPerCpuSecondSpeedup: r(ours.ingestPointsPerCpuSecond, other.ingestPointsPerCpuSecond),
    q1LatencyRatio: r(ours.queriesMedianMs.q1, other.queriesMedianMs.q1),
    q2LatencyRatio: r(ours.queriesMedianMs.q2, other.queriesMedianMs.q2),
    q3LatencyRatio: r(ours.queriesMedianMs.q3, other.queriesMedianMs.q3),
    q4LatencyRatio: r(ours.queriesMedianMs.q4, other.queriesMedianMs.q4),
    bytesPerPointRatio: r(ours.bytesPerPoint, other.bytesPerPoint),
  };
}

export async function run(argv: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args: argv,
    options: {
      assets: { type: 'string', default: '1000' },
      hours: { type: 'string', default: '24' },
      runs: { type: 'string', default: '20' },
      only: { type: 'string' },
      connections: { type: 'string', default: '4' },
      'batch-rows': { type: 'string', default: '500' },
      // Generate the line protocol while sending (default above 20 M points, http.ts).
      stream: { type: 'boolean' },
    },
  });
  const assets = Number(values.assets);
  const hours = Number(values.hours);
  const runs = Number(values.runs);
  const only = values.only?.split(',');
  // Data ends two minutes before now, aligned to the hour, so every system accepts it and
  // "the last hour" is whole hour buckets.
  const end = Math.floor((Date.now() - 120_000) / 3_600_000) * 3_600_000;
  process.stderr.write(`building workload: ${assets} assets × 10 channels × ${hours} h\n`);
  const connections = Number(values.connections);
  const batchRows = Number(values['batch-rows']);
  const w = buildWorkload({
    assets,
    hours,
    connections,
    batchRows,
    end,
    ...(values.stream ? { stream: true } : {}),
  });
  const result: Record<string, unknown> = {
    workload: {
      assets,
      channelsPerAsset: channels.length,
      samplesPerAsset: w.samples,
      points: w.points,
      series: w.assets * channels.length,
      streamed: w.stream ?? w.points > IN_MEMORY_POINTS,
      connections,
      batchRows,
      values:
        'seeded mean-reverting random walks, 0.01 (temperatures, pressures, COP) or 0.1 (kW, flow, rpm) resolution',
      timestamps: 'ms precision in line protocol, one sample per asset per 60 s',
    },
    machine: 'shared 2-core host; figures are noisy',
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
  const results: Record<string, TargetResult> = {};
  for (const t of [
    rongheProduct,
    rongheProductWithoutRules,
    rongheProductOnPostgres,
    ronghe,
    rongheV2Write,
    rongheGzipWrite,
    rongheOnPostgres,
    influx,
    victoria,
  ]) {
    if (only && !only.includes(t.name)) continue;
    if (!t.available()) {
      result[t.name] = { skipped: unavailable[t.name] };
      continue;
    }
    process.stderr.write(`--- ${t.name}\n`);
    results[t.name] = await t.run(w, runs);
    // The host is shared: the load over the run's last minute, beside its figures.
    const loadAverageAfter = loadavg().map((l) => Math.round(l * 100) / 100);
    result[t.name] = { ...results[t.name], loadAverageAfter };
    // Each target's figures as soon as they exist: a scale run takes an hour and may fail later.
    process.stderr.write(`${t.name}: ${JSON.stringify(result[t.name])}\n`);
  }
  for (const mine of ['ronghe-postgres', 'ronghe-platform-postgres']) {
    const m = results[mine];
    if (m && results.influxdb) result[`${mine}_vs_influxdb`] = ratios(m, results.influxdb);
  }
  const ours = results.ronghe;
  // Issue 25: the InfluxDB 2.x endpoint and gzip bodies must ingest within 10 % of /write.
  for (const v of ['ronghe-api-v2-write', 'ronghe-gzip-write']) {
    const r = results[v];
    if (ours && r) {
      const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
      result[`${v}_vs_ronghe`] = {
        ingestRatio: ratio(r.ingestPointsPerSec, ours.ingestPointsPerSec),
        ingestPerCpuSecondRatio: ratio(r.ingestPointsPerCpuSecond, ours.ingestPointsPerCpuSecond),
      };
    }
  }
  // What the rules and the derived channel cost: server CPU per million points with and
  // without them, from the same run (CPU, not wall time, so other load matters less).
  const withRules = results['ronghe-platform'];
  const without = results['ronghe-platform-no-rules'];
  if (withRules && without) {
    const perM = (r: TargetResult) => 1e6 / r.ingestPointsPerCpuSecond;
    const [a, b] = [perM(withRules), perM(without)];
    result['ronghe-platform_rules_cost'] = {
      cpuSecondsPerMillionPoints: Math.round(a * 1000) / 1000,
      withoutRulesCpuSecondsPerMillionPoints: Math.round(b * 1000) / 1000,
      rulesNsPerPoint: Math.round((a - b) * 1000),
      rulesShareOfCpu: Math.round(((a - b) / a) * 1000) / 1000,
    };
  }
  // The platform row (ronghe-platform, issue 21) is the one users run; `ronghe` is the engine
  // alone, kept to show what the platform's layers cost.
  for (const mine of ['ronghe-platform', 'ronghe']) {
    for (const other of ['influxdb', 'victoriametrics']) {
      const m = results[mine];
      const o = results[other];
      if (m && o) result[`${mine}_vs_${other}`] = ratios(m, o);
    }
  }
  return result;
}
