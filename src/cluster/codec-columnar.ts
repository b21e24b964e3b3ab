// Version 2 of the ingest log's message: columnar and binary, about a quarter of version 1's
// JSON (issue 24: the message is stored three times and replicated, so its bytes are the NATS
// servers' largest per-point cost). Layout, varints unsigned LEB128, zigzag for signed:
//
//   0x02                          version byte (a version 1 message starts with `{`)
//   string tenant                 string = varint byte length, UTF-8 bytes
//   varint S, S × series          series = string asset, string channel, 0 | 1 + string customer
//   varint N                      points, in the batch's order
//   N × varint                    each point's series index (< S)
//   f64 base, N × zigzag varint   time: the first point's ts − base, then each ts − the previous
//   N × f64                       values (little-endian, exact)
//
// A batch whose times span more than MAX_SPAN_MS cannot be written this way (a delta of up to
// twice the span must stay an exact double); the caller writes version 1 instead. Decoding
// checks every field and bound, so a corrupt message is refused naming the place. Pure: no I/O.
import { invalidData } from '../kernel/index.ts';
import type { SinkPoint } from '../telemetry/index.ts';

export const COLUMNAR_VERSION = 2;
/** Times within one message may span at most this (about 71,000 years): deltas stay exact. */
export const MAX_SPAN_MS = 2 ** 51;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

class Writer {
  buf: Uint8Array;
  view: DataView;
  at = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }
  uint(x: number): void {
    while (x >= 0x80) {
      this.buf[this.at++] = (x % 0x80) | 0x80;
      x = Math.floor(x / 0x80);
    }
    this.buf[this.at++] = x;
  }
  bytes(b: Uint8Array): void {
    this.uint(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }
  f64(x: number): void {
    this.view.setFloat64(this.at, x, true);
    this.at += 8;
  }
}

interface Series {
  asset: Uint8Array;
  channel: Uint8Array;
  customer: Uint8Array | null;
}

/** The message, or undefined when the batch's times span more than MAX_SPAN_MS. */
export function encodeColumnar(
  tenantId: string,
  points: readonly SinkPoint[],
): Uint8Array | undefined {
  const index = new Map<string, number>();
  const series: Series[] = [];
  const ids = new Uint32Array(points.length);
  let min = Infinity;
  let max = -Infinity;
  let size = 32;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const key = `${p.assetId}\u0000${p.channel}\u0000${p.customerId ?? ''}\u0000${p.customerId === null ? 0 : 1}`;
    let id = index.get(key);
    if (id === undefined) {
      index.set(key, (id = series.length));
      const s = {
        asset: utf8.encode(p.assetId),
        channel: utf8.encode(p.channel),
        customer: p.customerId === null ? null : utf8.encode(p.customerId),
      };
      series.push(s);
      size += s.asset.length + s.channel.length + (s.customer?.length ?? 0) + 16;
    }
    ids[i] = id;
    if (p.ts < min) min = p.ts;
    if (p.ts > max) max = p.ts;
  }
  if (points.length > 0 && max - min > MAX_SPAN_MS) return undefined;
  const tenant = utf8.encode(tenantId);
  const w = new Writer(size + tenant.length + points.length * 22);
  w.buf[w.at++] = COLUMNAR_VERSION;
  w.bytes(tenant);
  w.uint(series.length);
  for (const s of series) {
    w.bytes(s.asset);
    w.bytes(s.channel);
    w.uint(s.customer === null ? 0 : 1);
    if (s.customer !== null) w.bytes(s.customer);
  }
  w.uint(points.length);
  for (let i = 0; i < points.length; i++) w.uint(ids[i]!);
  const base = points.length > 0 ? min : 0;
  w.f64(base);
  let prev = base;
  for (const p of points) {
    const d = p.ts - prev;
    w.uint(d >= 0 ? 2 * d : -2 * d - 1);
    prev = p.ts;
  }
  for (const p of points) w.f64(p.value);
  return w.buf.subarray(0, w.at);
}

const bad = (field: string, en: string, zh: string) =>
  invalidData({ file: 'ingest log message', field }, { en, 'zh-CN': zh });
const truncated = (field: string) =>
  bad(field, 'the message ends early (truncated or corrupt)', '消息提前结束（被截断或已损坏）');

/** A field's name for an error: `name`, or `p[i].name` for point i (built only on error). */
const fieldOf = (name: string, i: number) => (i < 0 ? name : `p[${i}].${name}`);

class Reader {
  private readonly view: DataView;
  at = 1;
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  get left(): number {
    return this.buf.length - this.at;
  }
  uint(field: string, i = -1): number {
    let x = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.buf.length) throw truncated(fieldOf(field, i));
      const b = this.buf[this.at++]!;
      x += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 56) throw bad(fieldOf(field, i), 'a number is too long', '数字过长');
    }
    return x;
  }
  string(field: string): string {
    const n = this.uint(field);
    if (n > this.left) throw truncated(field);
    const s = this.buf.subarray(this.at, (this.at += n));
    try {
      return fromUtf8.decode(s);
    } catch {
      throw bad(field, 'not UTF-8', '不是 UTF-8');
    }
  }
  f64(field: string, i = -1): number {
    if (this.left < 8) throw truncated(fieldOf(field, i));
    const x = this.view.getFloat64(this.at, true);
    this.at += 8;
    return x;
  }
}

export function decodeColumnar(data: Uint8Array): { tenantId: string; points: SinkPoint[] } {
  const r = new Reader(data);
  const tenantId = r.string('t');
  if (tenantId === '') throw bad('t', 'expected a tenant id', '应为租户编号');
  const s = r.uint('series');
  // Each series takes at least 3 bytes: a count beyond the bytes left is corrupt.
  if (s * 3 > r.left) throw truncated('series');
  const series: { assetId: string; channel: string; customerId: string | null }[] = [];
  for (let i = 0; i < s; i++) {
    const assetId = r.string(`series[${i}].asset`);
    const channel = r.string(`series[${i}].channel`);
    const flag = r.uint(`series[${i}].customer`);
    if (flag > 1) throw bad(`series[${i}].customer`, 'expected 0 or 1', '应为 0 或 1');
    series.push({
      assetId,
      channel,
      customerId: flag === 1 ? r.string(`series[${i}].customer`) : null,
    });
  }
  const n = r.uint('points');
  // Each point takes at least 10 bytes (series, time, value), and the base 8.
  if (n * 10 + 8 > r.left) throw truncated('points');
  const ids: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const id = r.uint('series', i);
    if (id >= s)
      throw bad(`p[${i}].series`, `expected a series index below ${s}`, `序列索引应小于 ${s}`);
    ids[i] = id;
  }
  const ts: number[] = new Array<number>(n);
  let prev = r.f64('base');
  for (let i = 0; i < n; i++) {
    const z = r.uint('ts', i);
    prev += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    if (!Number.isSafeInteger(prev))
      throw bad(`p[${i}].ts`, 'expected an integer time in ms', '时间应为整数毫秒');
    ts[i] = prev;
  }
  const points: SinkPoint[] = new Array<SinkPoint>(n);
  for (let i = 0; i < n; i++) {
    const value = r.f64('value', i);
    if (!Number.isFinite(value))
      throw bad(`p[${i}].value`, 'expected a finite value', '应为有限数值');
    const { assetId, channel, customerId } = series[ids[i]!]!;
    points[i] = { assetId, channel, ts: ts[i]!, value, customerId };
  }
  if (r.left !== 0) throw bad('(body)', 'bytes after the last value', '最后一个数值之后还有字节');
  return { tenantId, points };
}
