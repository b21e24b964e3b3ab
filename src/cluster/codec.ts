// The ingest log's message: one tenant's points of one partition, as JSON
// `{"v":1,"t":tenant,"p":[[asset,channel,ts,value,customer|null],…]}`. Decoding checks every
// field, so a foreign or corrupt message is refused with the place that is wrong rather than
// written half. Pure: no I/O.
import { invalidData } from '../kernel/index.ts';
import type { SinkPoint } from '../telemetry/index.ts';

export interface LogMessage {
  tenantId: string;
  points: SinkPoint[];
  /** The stream sequence it was stored at (set by the consumer, not encoded): later is newer. */
  seq?: number;
}

type Row = [string, string, number, number, string | null];

export function encodeMessage(tenantId: string, points: readonly SinkPoint[]): Uint8Array {
  const p: Row[] = points.map((x) => [x.assetId, x.channel, x.ts, x.value, x.customerId]);
  return new TextEncoder().encode(JSON.stringify({ v: 1, t: tenantId, p }));
}

const bad = (field: string, en: string, zh: string) =>
  invalidData({ file: 'ingest log message', field }, { en, 'zh-CN': zh });

export function decodeMessage(data: Uint8Array): LogMessage {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(data));
  } catch {
    throw bad('(body)', 'not JSON', '不是 JSON');
  }
  const m = doc as { v?: unknown; t?: unknown; p?: unknown };
  if (m.v !== 1) throw bad('v', 'expected version 1', '版本应为 1');
  if (typeof m.t !== 'string' || m.t === '') throw bad('t', 'expected a tenant id', '应为租户编号');
  if (!Array.isArray(m.p)) throw bad('p', 'expected an array of points', '应为数据点数组');
  const points = m.p.map((r: unknown, i): SinkPoint => {
    const [assetId, channel, ts, value, customerId] = Array.isArray(r) ? (r as unknown[]) : [];
    if (
      typeof assetId !== 'string' ||
      typeof channel !== 'string' ||
      !Number.isSafeInteger(ts) ||
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      (customerId !== null && typeof customerId !== 'string')
    )
      throw bad(
        `p[${i}]`,
        'expected [asset, channel, ts (integer ms), finite value, customer or null]',
        '应为 [资产, 通道, 时间（整数毫秒）, 有限数值, 客户或 null]',
      );
    return { assetId, channel, ts: ts as number, value, customerId };
  });
  return { tenantId: m.t, points };
}
