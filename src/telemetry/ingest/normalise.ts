// The one place where ingest payloads become IngestRows: InfluxDB line protocol and the JSON
// batch. (MQTT will normalise to the same shape.)
import { RongheError } from '../../kernel/index.ts';
import { defaultLineMapping, type IngestRows, type LineMapping } from '../types.ts';
import {
  parseLineProtocol,
  type LineLimits,
  type ParsedLines,
  type Precision,
} from './line-protocol.ts';
import { rejectBatch, subsetRows, type RowError } from './prepare.ts';

/** The asset a line names: its first tag among `tags`, else the default (a device's own). */
function assetOf(tags: Record<string, string>, m: LineMapping): string | undefined {
  for (const t of m.assetTags) {
    const v = tags[t];
    if (v !== undefined) return v;
  }
  return m.defaultAsset;
}

/** `<measurement>_<field>` channel lists, one shared array per measurement and key list. */
function prefixedKeys(p: ParsedLines): string[][] {
  const memo = new Map<string, Map<string[], string[]>>();
  return p.rowKeys.map((keys, i) => {
    const m = p.series[i]!.measurement;
    let byKeys = memo.get(m);
    if (!byKeys) memo.set(m, (byKeys = new Map()));
    let out = byKeys.get(keys);
    if (!out) byKeys.set(keys, (out = keys.map((k) => `${m}_${k}`)));
    return out;
  });
}

/**
 * Line protocol body → rows. Every bad line (up to `maxErrors` named) rejects the whole body,
 * unless `mapping.partial`: then the good lines go on and the bad ones are reported.
 */
export function rowsFromLineProtocol(
  body: string | Uint8Array,
  precision: Precision,
  limits: LineLimits,
  maxErrors = 20,
  mapping: LineMapping = defaultLineMapping,
) {
  const dropStrings = mapping.strings === 'drop';
  // Partial writes read every line (their errors are counted, the first maxErrors named).
  const p = parseLineProtocol(body, precision, mapping.partial ? Infinity : maxErrors, {
    ...limits,
    dropStrings,
  });
  const errors: RowError[] = p.errors.map((e) => ({ at: `line ${e.line}`, reason: e.reason }));
  // Sized once (a pushed array grows through three copies a body); `keep` is made only when a
  // line is left out.
  const assetKey = p.rows <= 65_536 ? new Array<string>(p.rows) : [];
  let keep: number[] | undefined;
  for (let i = 0; i < p.rows; i++) {
    const a = assetOf(p.series[i]!.tags, mapping);
    if (a === undefined) {
      keep ??= Array.from({ length: i }, (_, k) => k);
      const names = mapping.assetTags.map((t) => `'${t}'`).join(', ');
      errors.push({
        at: `line ${p.lineNo[i]}`,
        reason: {
          en: `no tag naming the asset (${names})`,
          'zh-CN': `没有指明资产的标签（${names}）`,
        },
      });
    } else keep?.push(i);
    assetKey[i] = a ?? '';
  }
  const sortByLine = () => errors.sort((x, y) => Number(x.at.slice(5)) - Number(y.at.slice(5)));
  if (errors.length > 0 && !mapping.partial) {
    sortByLine();
    rejectBatch(errors.slice(0, maxErrors), errors.length);
  }
  if (p.rows === 0 || keep?.length === 0) {
    const why =
      p.droppedStrings > 0 ? ` (its ${p.droppedStrings} string fields are not stored)` : '';
    if (errors.length > 0) rejectBatch(sortByLine().slice(0, maxErrors), errors.length);
    throw new RongheError('RONGHE_VALIDATION', {
      en: `The body holds no points (line protocol)${why}.`,
      'zh-CN': `请求体中没有数据点（行协议）${why}。`,
    });
  }
  let rows: IngestRows = {
    assetKey,
    ts: p.ts,
    fieldStart: p.fieldStart,
    rowKeys: mapping.channels === 'measurement_field' ? prefixedKeys(p) : p.rowKeys,
    fieldValue: p.fieldValue,
    finite: true,
    label: (i) => `line ${p.lineNo[i]}`,
  };
  if (keep !== undefined) rows = subsetRows(rows, keep);
  if (errors.length > 0 || p.droppedStrings > 0) {
    rows.dropped = {
      lines: errors.length,
      errors: sortByLine().slice(0, maxErrors),
      strings: p.droppedStrings,
      ...(p.droppedStringKey !== undefined ? { stringKey: p.droppedStringKey } : {}),
    };
  }
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
      errors.push({
        at: `points[${i}]`,
        reason: {
          en: `ts '${String(p.ts)}' is not a time`,
          'zh-CN': `ts“${String(p.ts)}”不是时间`,
        },
      });
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
