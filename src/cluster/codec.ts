// The ingest log's message: one tenant's points of one partition, in one of two versions:
//  1. JSON `{"v":1,"t":tenant,"p":[[asset,channel,ts,value,customer|null],…]}`, about 45 bytes
//     a point, the only version nodes before issue 24's natscost24 read or write;
//  2. columnar binary (codec-columnar.ts), about 11 bytes a point.
// Every node reads both (READ_VERSIONS, advertised in its membership record, leases.ts). A
// node writes version 2 only while every live member advertises it, so a node of the previous
// release is never handed a message it cannot read (docs/cluster.md, "Upgrading one node at a
// time"). Decoding checks every field, so a foreign or corrupt message is refused with the
// place that is wrong rather than written half. Pure: no I/O.
import { invalidData } from '../kernel/index.ts';
import type { SinkPoint } from '../telemetry/index.ts';
import { COLUMNAR_VERSION, decodeColumnar, encodeColumnar } from './codec-columnar.ts';

export type LogVersion = 1 | typeof COLUMNAR_VERSION;
/** The message versions this node reads. */
export const READ_VERSIONS: readonly LogVersion[] = [1, COLUMNAR_VERSION];

export interface LogMessage {
  tenantId: string;
  points: SinkPoint[];
  /** The stream sequence it was stored at (set by the consumer, not encoded): later is newer. */
  seq?: number;
}

type Row = [string, string, number, number, string | null];

/** The message in `version`; version 2 falls back to 1 for times spanning over 71,000 years. */
export function encodeMessage(
  tenantId: string,
  points: readonly SinkPoint[],
  version: LogVersion = 1,
): Uint8Array {
  if (version === COLUMNAR_VERSION) {
    const data = encodeColumnar(tenantId, points);
    if (data) return data;
  }
  const p: Row[] = points.map((x) => [x.assetId, x.channel, x.ts, x.value, x.customerId]);
  return new TextEncoder().encode(JSON.stringify({ v: 1, t: tenantId, p }));
}

const bad = (field: string, en: string, zh: string) =>
  invalidData({ file: 'ingest log message', field }, { en, 'zh-CN': zh });

export function decodeMessage(data: Uint8Array): LogMessage {
  if (data[0] === COLUMNAR_VERSION) return decodeColumnar(data);
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(data));
  } catch {
    throw bad('(body)', 'not JSON', '不是 JSON');
  }
  const m = doc as { v?: unknown; t?: unknown; p?: unknown };
  if (m.v !== 1)
    throw bad(
      'v',
      'expected version 1 (or a version 2 binary message)',
      '版本应为 1（或版本 2 的二进制消息）',
    );
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
