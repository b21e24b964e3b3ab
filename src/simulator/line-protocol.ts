// InfluxDB line protocol (v2 reference, "Line protocol" syntax and "Special characters"):
//   measurement[,tag=value…] field=value[,field=value…] timestamp
// Measurement names escape comma and space; tag keys, tag values and field keys escape comma,
// equals sign and space, each with a backslash. Numbers are written as floats (no `i` suffix);
// timestamps here are in milliseconds, matching `/write?precision=ms`.

import { invalid } from '../kernel/index.ts';
import type { Sample } from './generate.ts';

export interface LineOptions {
  /** Measurement name; default `telemetry`. */
  measurement?: string;
  /** Tag that carries the asset key; default `asset`. */
  assetTag?: string;
}

const escapeMeasurement = (s: string): string => s.replace(/[, ]/g, (c) => `\\${c}`);
const escapeKey = (s: string): string => s.replace(/[,= ]/g, (c) => `\\${c}`);

function checkText(what: string, s: string): void {
  if (s.length === 0) throw invalid(what, { en: 'must not be empty', 'zh-CN': '不能为空' });
  if (/[\n\r]/.test(s))
    throw invalid(what, { en: 'must not contain a line break', 'zh-CN': '不能包含换行符' });
}

function formatNumber(field: string, x: number): string {
  if (!Number.isFinite(x))
    throw invalid(field, {
      en: `value ${x} is not a finite number`,
      'zh-CN': `值 ${x} 不是有限数值`,
    });
  return Object.is(x, -0) ? '0' : String(x);
}

/** One sample as one line, or undefined when it has no values (nothing to write). */
export function sampleToLine(sample: Sample, options: LineOptions = {}): string | undefined {
  const measurement = options.measurement ?? 'telemetry';
  const tag = options.assetTag ?? 'asset';
  checkText('measurement', measurement);
  checkText('assetKey', sample.assetKey);
  const fields = Object.entries(sample.values).map(([k, v]) => {
    checkText('field', k);
    return `${escapeKey(k)}=${formatNumber(k, v)}`;
  });
  if (fields.length === 0) return undefined;
  if (!Number.isInteger(sample.ts))
    throw invalid('ts', { en: 'must be whole milliseconds', 'zh-CN': '必须是整数毫秒' });
  const head = `${escapeMeasurement(measurement)},${escapeKey(tag)}=${escapeKey(sample.assetKey)}`;
  return `${head} ${fields.join(',')} ${sample.ts}`;
}
