// `ronghe energy caltrack …`: CalTRACK 2.0 M&V on a meter file and a temperature file.
// Reads the files (the loaders are the energy context's file edge), runs the pure core and prints
// one JSON object (or a short text summary without --json).
import { parseArgs } from 'node:util';
import type { CaltrackReport, Fuel, Method, MeterReading } from '../../energy/index.ts';
import {
  loadMeterCsv,
  loadTemperatureCsv,
  localMidnightMs,
  parseTimestamp,
  runCaltrack,
} from '../../energy/index.ts';
import type { CliCommand } from '../command.ts';
import { UsageError } from '../command.ts';

const usage = `Usage: ronghe energy caltrack --meter <file.csv[.gz]> --temperature <file.csv[.gz]>
         --baseline-end <date> --reporting-start <date> [--method daily|billing|hourly]
         [--fuel electricity|gas] [--reporting-end <date>] [--utc-clock] [--normal-year <file>] [--json]

  --meter            start,value CSV (optionally gzipped); timestamps with UTC offsets
  --temperature      dt,tempF or dt,tempC hourly CSV (Celsius converted to °F)
  --baseline-end     intervention start; the baseline is the 365 days before it
  --reporting-start  intervention end; reporting runs 365 days from it (or to --reporting-end)
  --method           daily (default), billing or hourly
  --fuel             electricity (default) or gas (gas: no CDD models, zero reads kept)
  --utc-clock        eemeter compatibility: daily readings as UTC calendar days, hours of the
                     week and months in UTC (default: the meter's local clock, CalTRACK 2.3.3)
  --normal-year      typical-year hourly temperature CSV for weather-normalised savings
  --json             print the full result as one JSON object
Dates are YYYY-MM-DD (local midnight at the meter file's UTC offset; UTC midnight with
--utc-clock) or ISO timestamps.`;

const METHODS: readonly Method[] = ['daily', 'billing', 'hourly'];
const FUELS: readonly Fuel[] = ['electricity', 'gas'];

/** A date on the meter's local clock: the offset of the reading nearest to it. */
function resolveDate(
  s: string,
  readings: readonly MeterReading[],
  flag: string,
  utcDays: boolean,
): number {
  const ts = parseTimestamp(s);
  if (ts) return ts.ms;
  const utc = localMidnightMs(s, 0);
  if (Number.isNaN(utc)) throw new UsageError(`${flag}: expected YYYY-MM-DD or an ISO timestamp`);
  if (utcDays) return utc; // eemeter compatibility: dates are UTC midnights
  let best = readings[0];
  for (const r of readings)
    if (best && Math.abs(r.startMs - utc) < Math.abs(best.startMs - utc)) best = r;
  return localMidnightMs(s, best?.offsetMin ?? 0);
}

function summary(r: CaltrackReport): string {
  const m = r.model as Record<string, unknown> | null;
  const lines = [
    `method ${r.method} (${r.fuel}): ${r.status}, sufficiency ${r.sufficiency.status}`,
    `baseline ${r.baseline.start} → ${r.baseline.end} (${r.baseline.observations} obs)`,
    `model ${m ? JSON.stringify({ ...m, months: undefined }) : 'none'}`,
  ];
  if (r.metrics)
    lines.push(
      `CV(RMSE) ${r.metrics.cvrmseAdj.toFixed(4)}  NMBE ${r.metrics.nmbe.toExponential(2)}  R² ${r.metrics.rSquared.toFixed(4)}`,
    );
  if (r.savings)
    lines.push(
      `avoided ${r.savings.total.avoided.toFixed(2)} of predicted ${r.savings.total.predicted.toFixed(2)} (${(r.savings.total.savingsFraction * 100).toFixed(2)} %)` +
        (r.uncertainty ? ` ± ${r.uncertainty.errorBand.toFixed(2)} (90 %)` : ''),
    );
  for (const f of r.sufficiency.findings)
    if (f.severity !== 'info') lines.push(`${f.severity} ${f.rule} ${f.name}: ${f.message}`);
  return lines.join('\n');
}

async function caltrack(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      meter: { type: 'string' },
      temperature: { type: 'string' },
      'baseline-end': { type: 'string' },
      'reporting-start': { type: 'string' },
      'reporting-end': { type: 'string' },
      method: { type: 'string', default: 'daily' },
      fuel: { type: 'string', default: 'electricity' },
      json: { type: 'boolean', default: false },
      'utc-clock': { type: 'boolean', default: false },
      'normal-year': { type: 'string' },
    },
    strict: true,
  });
  const need = ['meter', 'temperature', 'baseline-end', 'reporting-start'] as const;
  for (const k of need) if (!values[k]) throw new UsageError(`--${k} is required`);
  const method = values.method as Method;
  if (!METHODS.includes(method)) throw new UsageError(`--method must be ${METHODS.join('|')}`);
  const fuel = values.fuel as Fuel;
  if (!FUELS.includes(fuel)) throw new UsageError(`--fuel must be ${FUELS.join('|')}`);
  console.error(`energy caltrack: reading ${values.meter} and ${values.temperature}`);
  const readings = loadMeterCsv(values.meter!);
  const temperature = loadTemperatureCsv(values.temperature!);
  const end = values['reporting-end'];
  const normal = values['normal-year'];
  const utc = values['utc-clock'] === true;
  const report = runCaltrack({
    method,
    fuel,
    readings,
    temperature: temperature.series,
    baselineEndMs: resolveDate(values['baseline-end']!, readings, '--baseline-end', utc),
    reportingStartMs: resolveDate(values['reporting-start']!, readings, '--reporting-start', utc),
    clock: utc ? 'utc' : 'local',
    ...(normal ? { normalYearTemperature: loadTemperatureCsv(normal).series } : {}),
    ...(end ? { reportingEndMs: resolveDate(end, readings, '--reporting-end', utc) } : {}),
  });
  const out = { ...report, temperatureSourceUnit: temperature.sourceUnit };
  console.log(values.json ? JSON.stringify(out) : summary(report));
  return 0;
}

export const command: CliCommand = {
  name: 'energy',
  summary: 'Energy M&V: CalTRACK 2.0 daily, billing and hourly savings (caltrack)',
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== 'caltrack') throw new UsageError(`unknown subcommand '${sub ?? ''}'`);
    return caltrack(rest);
  },
};
