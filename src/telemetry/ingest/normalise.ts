// The one place where ingest payloads become IngestRows: InfluxDB line protocol and the JSON
// batch. (MQTT will normalise to the same shape.)
import { RongheError } from '../../kernel/index.ts';
import type { IngestRows } from '../types.ts';
import { parseLineProtocol, type LineLimits, type Precision } from './line-protocol.ts';
import { rejectBatch, type RowError } from './prepare.ts';

/** Line protocol body → rows; every bad line (up to `maxErrors`) rejects the whole body. */
export function rowsFromLineProtocol(
  body: string | Uint8Array,
  precision: Precision,
  limits: LineLimits,
  maxErrors = 20,
) {
  const p = parseLineProtocol(body, precision, maxErrors, limits);
  const errors: RowError[] = p.errors.map((e) => ({ at: `line ${e.line}`, reason: e.reason }));
  const assetKey: string[] = [];
  for (let i = 0; i < p.rows; i++) {
    const a = p.series[i]!.tags.asset;
    if (a === undefined) errors.push({ at: `line ${p.lineNo[i]}`, reason: "missing tag 'asset'" });
    assetKey.push(a ?? '');
  }
  if (errors.length > 0) {
    errors.sort((x, y) => Number(x.at.slice(5)) - Number(y.at.slice(5)));
    rejectBatch(errors.slice(0, maxErrors), errors.length);
  }
  if (assetKey.length === 0) {
    throw new RongheError('RONGHE_VALIDATION', 'The body holds no points (line protocol).');
  }
  const rows: IngestRows = {
    assetKey,
    ts: p.ts,
    fieldStart: p.fieldStart,
    rowKeys: p.rowKeys,
    fieldValue: p.fieldValue,
    finite: true,
    label: (i) => `line ${p.lineNo[i]}`,
  };
  return rows;
}

/** JSON batch: `{ points: [{ asset, ts?, values: { channel: number } }] }`; ts is ms or ISO. */
export interface JsonPoint {
  asset: string;
  ts?: number | string;
  values: Record<string, number>;
}

export function rowsFromJson(points: JsonPoint[], maxErrors = 20): IngestRows {
  const ts = new Float64Array(points.length);
  const fieldStart = new Uint32Array(points.length + 1);
  const rowKeys: string[][] = [];
  const fieldValue: number[] = [];
  const errors: RowError[] = [];
  points.forEach((p, i) => {
    const t = p.ts === undefined ? NaN : typeof p.ts === 'number' ? p.ts : Date.parse(p.ts);
    if (p.ts !== undefined && !Number.isFinite(t)) {
      errors.push({ at: `points[${i}]`, reason: `ts '${String(p.ts)}' is not a time` });
    }
    ts[i] = t;
    const keys = Object.keys(p.values);
    for (const k of keys) {
      const v = p.values[k];
      fieldValue.push(typeof v === 'number' ? v : NaN);
    }
    rowKeys.push(keys);
    fieldStart[i + 1] = fieldValue.length;
  });
  if (errors.length > 0) rejectBatch(errors.slice(0, maxErrors), errors.length);
  return {
    assetKey: points.map((p) => p.asset),
    ts,
    fieldStart,
    rowKeys,
    fieldValue: Float64Array.from(fieldValue),
    label: (i: number) => `points[${i}]`,
  };
}
