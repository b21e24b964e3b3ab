// Issue 15, findings 6 and 12: ingest limits (fields per line, key and tag lengths, new series
// per request and per tenant), reserved channel names and out-of-range times. Every refusal is a
// RONGHE_VALIDATION naming the line (or point) and the limit, and nothing is written.
import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { RongheError } from '../kernel/index.ts';
import { Heads } from './engine/head.ts';
import { SeriesRegistry } from './engine/series-registry.ts';
import { createTelemetryService, type TelemetryService } from './index.ts';
import { manualEngine, MapResolver } from './test-support.ts';
import type { TelemetryLimits } from './types.ts';

const scope = { tenantId: 'tn_1', customerIds: null };
const T = Date.UTC(2026, 0, 5);

async function refusal(p: Promise<unknown>): Promise<RongheError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(RongheError);
  return e as RongheError;
}

describeEachDatabase('telemetry ingest limits', (t) => {
  const opened: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of opened.splice(0)) await close();
  });
  async function open(limits: Partial<TelemetryLimits> = {}) {
    const h = await t.open();
    const resolver = new MapResolver();
    for (const k of ['A1', 'A2'])
      resolver.add('tn_1', k, {
        assetId: `as_${k}`,
        modelId: null,
        customerId: null,
        channels: ['c0'],
        allowNewChannels: true,
      });
    const svc = await createTelemetryService({ db: h.db, resolver, engine: manualEngine, limits });
    opened.push(async () => {
      await svc.close();
      await h.dispose();
    });
    return { svc };
  }
  const series = (svc: TelemetryService) => svc.engine.registry.ofTenant('tn_1').length;

  it('refuses a line with more fields than the limit, naming the line', async () => {
    const o = await open();
    const fields = Array.from({ length: 5000 }, (_, i) => `f${i}=1`).join(',');
    const body = `m,asset=A1 c0=1 ${T}\nm,asset=A1 ${fields} ${T}`;
    const e = await refusal(o.svc.ingestLineProtocol(scope, body, 'ms'));
    expect(e.code).toBe('RONGHE_VALIDATION');
    expect(e.message).toMatch(/line 2/);
    expect(e.message).toMatch(/1000 fields/);
    expect(series(o.svc)).toBe(0);
    const values = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`f${i}`, 1]));
    const j = await refusal(o.svc.ingestJson(scope, [{ asset: 'A1', ts: T, values }]));
    expect(j.message).toMatch(/points\[0\].*1000/);
  });

  it('refuses long field keys, tag keys, tag values and measurements, naming the line', async () => {
    const o = await open();
    const long = 'x'.repeat(1_000_000);
    for (const line of [
      `m,asset=A1 ${long}=1 ${T}`,
      `m,asset=A1,${long}=v c0=1 ${T}`,
      `m,asset=A1,site=${long} c0=1 ${T}`,
      `${long},asset=A1 c0=1 ${T}`,
    ]) {
      const e = await refusal(
        o.svc.ingestLineProtocol(scope, `m,asset=A1 c0=1 ${T}\n${line}`, 'ms'),
      );
      expect(e.code).toBe('RONGHE_VALIDATION');
      expect(e.message).toMatch(/line 2: .*longer than 200/);
      expect(e.message.length).toBeLessThan(1000);
    }
    const j = await refusal(o.svc.ingestJson(scope, [{ asset: 'A1', values: { [long]: 1 } }]));
    expect(j.message).toMatch(/points\[0\].*longer than 200/);
    expect(series(o.svc)).toBe(0);
  });

  it('refuses more new series per request than the limit', async () => {
    const o = await open({ maxNewSeriesPerRequest: 50 });
    const f = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) => `s${from + i}=1`).join(',');
    const e = await refusal(
      o.svc.ingestLineProtocol(scope, `m,asset=A1 ${f(30)} ${T}\nm,asset=A2 ${f(30)} ${T}`, 'ms'),
    );
    expect(e.message).toMatch(/line 2: .*50 new series per request/);
    expect(series(o.svc)).toBe(0);
    await o.svc.ingestLineProtocol(
      scope,
      `m,asset=A1 ${f(30)} ${T}\nm,asset=A2 ${f(20)} ${T}`,
      'ms',
    );
    // The same series again create nothing new.
    await o.svc.ingestLineProtocol(scope, `m,asset=A1 ${f(30)} ${T + 1}`, 'ms');
    expect(series(o.svc)).toBe(50);
  });

  it('refuses new series past the tenant limit', async () => {
    const o = await open({ maxSeriesPerTenant: 40 });
    const f = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) => `s${from + i}=1`).join(',');
    await o.svc.ingestLineProtocol(scope, `m,asset=A1 ${f(30)} ${T}`, 'ms');
    const e = await refusal(o.svc.ingestLineProtocol(scope, `m,asset=A2 ${f(11)} ${T}`, 'ms'));
    expect(e.message).toMatch(/line 1: .*40 series per tenant/);
    await o.svc.ingestLineProtocol(scope, `m,asset=A2 ${f(10)} ${T}`, 'ms');
    expect(series(o.svc)).toBe(40);
  });

  it('refuses reserved channel and tag names', async () => {
    const o = await open();
    for (const line of [
      `m,asset=A1 __proto__=1 ${T}`,
      `m,asset=A1 constructor=1 ${T}`,
      `m,asset=A1,__proto__=x c0=1 ${T}`,
    ]) {
      const e = await refusal(o.svc.ingestLineProtocol(scope, line, 'ms'));
      expect(e.code).toBe('RONGHE_VALIDATION');
      expect(e.message).toMatch(/line 1: .*reserved/);
    }
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const values = JSON.parse(`{"${key}": 1}`) as Record<string, number>;
      const e = await refusal(o.svc.ingestJson(scope, [{ asset: 'A1', values }]));
      expect(e.message).toMatch(/points\[0\].*reserved/);
    }
    expect(series(o.svc)).toBe(0);
  });

  it('refuses times outside the representable range with a 400, not a RangeError', async () => {
    const o = await open();
    for (const [ts, precision] of [
      ['99999999999999999999999', 'ms'],
      ['9000000000000000', 'ms'],
      ['-99999999999999999999', 's'],
    ] as const) {
      const e = await refusal(o.svc.ingestLineProtocol(scope, `m,asset=A1 c0=1 ${ts}`, precision));
      expect(e.code).toBe('RONGHE_VALIDATION');
      expect(e.message).toMatch(/line 1: .*timestamp/);
    }
    for (const ts of [1e300, -1e300, 9e15]) {
      const e = await refusal(o.svc.ingestJson(scope, [{ asset: 'A1', ts, values: { c0: 1 } }]));
      expect(e.code).toBe('RONGHE_VALIDATION');
      expect(e.message).toMatch(/points\[0\]/);
    }
  });
});

it('groups a row of many distinct series in linear time (no pairwise duplicate check)', () => {
  const n = 200_000;
  const ids = Uint32Array.from({ length: n }, (_, i) => i + 1);
  const heads = new Heads();
  const started = performance.now();
  heads.appendRows(
    { ids: [ids], ts: Float64Array.of(T), start: Uint32Array.of(0) },
    new Float64Array(n),
  );
  // Pairwise, 2·10^10 comparisons take minutes; a linear check takes milliseconds.
  expect(performance.now() - started).toBeLessThan(2000);
  expect(heads.points).toBe(n);
  // A list naming a series twice still goes point by point, in order.
  const dup = Uint32Array.of(n + 5, n + 6, n + 5);
  heads.appendRows(
    { ids: [dup], ts: Float64Array.of(T), start: Uint32Array.of(0) },
    Float64Array.of(1, 2, 3),
  );
  expect(heads.count(n + 5)).toBe(2);
});

it('removes the series of a failed write in one pass per tenant', () => {
  const reg = new SeriesRegistry();
  const mk = (tenantId: string, channel: string) =>
    reg.allocate({ tenantId, assetId: 'as_1', channel, modelId: null, customerId: null });
  const kept = mk('tn_1', 'a');
  const many = Array.from({ length: 50_000 }, (_, i) => mk('tn_1', `n${i}`));
  const other = mk('tn_2', 'b');
  const started = performance.now();
  reg.remove([...many, other]);
  expect(performance.now() - started).toBeLessThan(2000); // pairwise: 2.5·10^9 steps
  expect(reg.ofTenant('tn_1')).toEqual([kept]);
  expect(reg.ofTenant('tn_2')).toEqual([]);
  expect(reg.get('tn_1', 'as_1', 'n7')).toBeUndefined();
  expect(reg.count()).toBe(1);
});
