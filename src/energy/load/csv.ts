// CSV / CSV.gz loaders for meter and temperature files (outside the pure M&V core: this is the
// file-reading edge). Formats as in the eemeter samples: `start,value` for meters and
// `dt,tempF` or `dt,tempC` for hourly temperature, ISO timestamps with or without a UTC offset
// (no offset = UTC, as in the UK samples). A leading unnamed index column is tolerated.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Fahrenheit } from '../../kernel/index.ts';
import {
  celsius,
  celsiusToFahrenheit,
  epochMs,
  fahrenheit,
  invalidData,
} from '../../kernel/index.ts';
import type { MeterReading, TemperatureSeries } from '../mv/index.ts';
import { createTemperatureSeries } from '../mv/index.ts';

export function readMaybeGzip(path: string): string {
  const buf = readFileSync(path);
  const gz = buf.length > 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  return (gz ? gunzipSync(buf) : buf).toString('utf8');
}

const TS =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** ISO-like timestamp → epoch ms and the offset of its clock from UTC (minutes). */
export function parseTimestamp(s: string): { ms: number; offsetMin: number } | undefined {
  const m = TS.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, tz] = m;
  let offsetMin = 0;
  if (tz && tz !== 'Z') {
    const sign = tz.startsWith('-') ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  const utc = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, sec ? +sec : 0);
  return Number.isFinite(utc) ? { ms: utc - offsetMin * 60_000, offsetMin } : undefined;
}

function parseNumber(s: string | undefined): number {
  const t = (s ?? '').trim();
  if (t === '' || /^nan$/i.test(t) || /^null$/i.test(t)) return Number.NaN;
  const v = Number(t);
  return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
}

interface Table {
  header: string[];
  rows: Array<{ line: number; cells: string[] }>;
}

function table(text: string): Table {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const rows = [];
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() !== '') rows.push({ line: i + 1, cells: l.split(',') });
  }
  return { header, rows };
}

function column(t: Table, file: string, names: string[]): { index: number; name: string } {
  for (const name of names) {
    const index = t.header.indexOf(name);
    if (index >= 0) return { index, name };
  }
  throw invalidData(
    { file, line: 1 },
    {
      en: `expected a column named ${names.join(' or ')}`,
      'zh-CN': `需要名为 ${names.join(' 或 ')} 的列`,
    },
  );
}

export function parseMeterCsv(text: string, file = 'meter'): MeterReading[] {
  const t = table(text);
  const ts = column(t, file, ['start', 'dt', 'timestamp']);
  const val = column(t, file, ['value', 'kwh', 'usage']);
  return t.rows.map(({ line, cells }) => {
    const when = parseTimestamp(cells[ts.index] ?? '');
    if (!when)
      throw invalidData(
        { file, line, field: ts.name },
        { en: 'not an ISO timestamp', 'zh-CN': '不是 ISO 时间戳' },
      );
    const value = parseNumber(cells[val.index]);
    if (value === Number.POSITIVE_INFINITY)
      throw invalidData(
        { file, line, field: val.name },
        { en: 'not a number', 'zh-CN': '不是数字' },
      );
    return { startMs: epochMs(when.ms), offsetMin: when.offsetMin, value };
  });
}

export interface LoadedTemperature {
  series: TemperatureSeries;
  sourceUnit: 'F' | 'C';
}

export function parseTemperatureCsv(text: string, file = 'temperature'): LoadedTemperature {
  const t = table(text);
  const ts = column(t, file, ['dt', 'start', 'timestamp']);
  const temp = column(t, file, ['tempF', 'tempC']);
  const isC = temp.name === 'tempC';
  const points: Array<{ ms: number; tempF: Fahrenheit }> = [];
  for (const { line, cells } of t.rows) {
    const when = parseTimestamp(cells[ts.index] ?? '');
    if (!when)
      throw invalidData(
        { file, line, field: ts.name },
        { en: 'not an ISO timestamp', 'zh-CN': '不是 ISO 时间戳' },
      );
    const v = parseNumber(cells[temp.index]);
    if (v === Number.POSITIVE_INFINITY)
      throw invalidData(
        { file, line, field: temp.name },
        { en: 'not a number', 'zh-CN': '不是数字' },
      );
    // Only the kernel's named conversion turns Celsius into Fahrenheit (house style 6).
    const tempF = isC ? celsiusToFahrenheit(celsius(v)) : fahrenheit(v);
    points.push({ ms: when.ms, tempF });
  }
  return { series: createTemperatureSeries(points), sourceUnit: isC ? 'C' : 'F' };
}

export const loadMeterCsv = (path: string): MeterReading[] =>
  parseMeterCsv(readMaybeGzip(path), path);

export const loadTemperatureCsv = (path: string): LoadedTemperature =>
  parseTemperatureCsv(readMaybeGzip(path), path);
