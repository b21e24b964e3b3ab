// The OPC UA connector against a real node-opcua server started here (one per file: it is slow
// to start). Values change every 200 ms with their source timestamps.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorPoint, Deadband } from '../points.ts';
import {
  startOpcUaConnector,
  trustServerCertificate,
  type OpcUaConnectorConfig,
  type OpcUaMapping,
} from './client.ts';
import {
  freePort,
  levelAt,
  startTestOpcUaServer,
  TEST_NAMESPACE,
  TEST_USER,
  type TestOpcUaServer,
} from './test-server.ts';

const TICK = 200;
const dir = mkdtempSync(join(tmpdir(), 'ronghe-opcua-'));
let server: TestOpcUaServer;

beforeAll(async () => {
  server = await startTestOpcUaServer({
    port: await freePort(),
    pkiDir: join(dir, 'server'),
    tickMs: TICK,
    items: 12,
    maxMonitoredItemsPerCall: 5,
  });
}, 120_000);
afterAll(async () => server?.stop());

const mapping = (name: string, deadband: Deadband = { kind: 'none' }): OpcUaMapping => ({
  key: name,
  asset: 'CH-1',
  channel: name.toLowerCase(),
  namespaceUri: TEST_NAMESPACE,
  nodeId: `s=${name}`,
  samplingIntervalMs: 50,
  queueSize: 10,
  deadband,
});

function connector(over: Partial<OpcUaConnectorConfig>, pkiName: string) {
  const got: ConnectorPoint[] = [];
  const c = startOpcUaConnector(
    {
      id: pkiName,
      endpointUrl: server.endpointUrl,
      securityMode: 'None',
      pkiDir: join(dir, pkiName),
      publishingIntervalMs: 100,
      mappings: [mapping('Counter')],
      maxBackoffMs: 500,
      ...over,
    },
    (pts) => got.push(...pts),
  );
  return { c, got };
}

const until = async (cond: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('OPC UA connector against a real server', () => {
  it('keeps exact values and source timestamps; bad quality is counted, not stored', async () => {
    const { c, got } = connector(
      { mappings: [mapping('Counter'), mapping('Temp'), mapping('Broken')] },
      'plain',
    );
    await c.firstSession;
    await until(() => got.filter((p) => p.channel === 'counter').length >= 4);
    await c.stop();
    // The test server stamps tick n at t0 + n·TICK: value and time must agree exactly.
    const counters = got.filter((p) => p.channel === 'counter');
    const t0 = counters[0]!.ts - counters[0]!.value * TICK;
    for (const p of counters) expect(p.ts).toBe(t0 + p.value * TICK);
    for (const p of got.filter((x) => x.channel === 'temp')) {
      expect(p.value).toBe(20 + (Math.round((p.ts - t0) / TICK) % 10) * 0.5);
    }
    expect(got.some((p) => p.channel === 'broken')).toBe(false);
    const broken = c.status.snapshot().mappings.find((m) => m.key === 'Broken')!;
    expect(broken.bad).toBeGreaterThan(0);
    expect(broken.lastError).toBe('quality BadSensorFailure');
  });

  it('monitors more items than the server takes in one call, in calls within its limit', async () => {
    // The server takes at most 5 monitored items a call (OperationLimits); 12 are mapped.
    const names = Array.from({ length: 12 }, (_, i) => `Item${i}`);
    const { c, got } = connector({ mappings: names.map((n) => mapping(n)) }, 'per-call');
    await c.firstSession;
    await until(() => names.every((n) => got.some((p) => p.channel === n.toLowerCase())));
    await c.stop();
    expect(c.status.snapshot().mappings.filter((m) => m.lastError)).toEqual([]);
  });

  it('applies an absolute deadband on the server (data-change filter)', async () => {
    const { c, got } = connector(
      { mappings: [mapping('Counter', { kind: 'absolute', value: 2.5 })] },
      'deadband',
    );
    await c.firstSession;
    await until(() => got.length >= 4);
    await c.stop();
    const steps = got.slice(1).map((p, i) => p.value - got[i]!.value);
    for (const s of steps) expect(s).toBeGreaterThanOrEqual(3);
  });

  it('applies a percent deadband of the EURange on the server (Part 8 §6.2)', async () => {
    // Level's EURange is 0–100: 5 % is 5. Its 1-wide wiggles stay inside the band, its
    // 12-wide plateau moves leave it.
    const { c, got } = connector(
      { mappings: [mapping('Level', { kind: 'percent', value: 5 })] },
      'percent',
    );
    await c.firstSession;
    await until(() => got.length >= 4, 30_000);
    await c.stop();
    expect(c.status.snapshot().mappings[0]!.lastError).toBeNull();
    // The server stamps tick n at t0 + n·TICK, so each value's tick is known from its time.
    const ticks = got.map((p) => Math.round((p.ts - server.t0) / TICK));
    got.forEach((p, i) => expect(p.value, `value ${i}`).toBe(levelAt(ticks[i]!)));
    // After the first, only plateau moves (every 5th tick) arrive, and none is missed.
    for (let i = 1; i < got.length; i++) {
      expect(ticks[i]! % 5, `tick ${ticks[i]}`).toBe(0);
      expect(ticks[i]! - ticks[i - 1]!).toBeLessThanOrEqual(5);
      expect(Math.abs(got[i]!.value - got[i - 1]!.value)).toBeGreaterThan(5);
    }
  });

  it("takes the percent of each variable's own EURange: 5 % of 0–400 is 20, not 5", async () => {
    // Span has Level's values over a range four times as wide: its 12-wide plateau moves stay
    // inside a 20-wide band, so a value arrives only once two moves (24) or the wrap (60)
    // leave it. Read as 5 units (absolute, or of a 0–100 range), every move would arrive.
    const { c, got } = connector(
      { mappings: [mapping('Span', { kind: 'percent', value: 5 })] },
      'percent-span',
    );
    await c.firstSession;
    await until(() => got.length >= 3, 30_000);
    await c.stop();
    expect(c.status.snapshot().mappings[0]!.lastError).toBeNull();
    const ticks = got.map((p) => Math.round((p.ts - server.t0) / TICK));
    got.forEach((p, i) => expect(p.value, `value ${i}`).toBe(levelAt(ticks[i]!)));
    for (let i = 1; i < got.length; i++)
      expect(Math.abs(got[i]!.value - got[i - 1]!.value), `value ${i}`).toBeGreaterThan(20);
  });

  it('refuses a wrong password with a clear error', async () => {
    const { c } = connector({ user: { username: TEST_USER.username, password: 'wrong' } }, 'badpw');
    await expect(c.firstSession).rejects.toThrow(/login refused: wrong user name or password/);
    expect(c.status.snapshot().state).toBe('offline');
    await c.stop();
  });

  it('refuses an untrusted server certificate, then works with Basic256Sha256 once trusted', async () => {
    const secured = { securityMode: 'SignAndEncrypt' as const, user: { ...TEST_USER } };
    const first = connector(secured, 'secure');
    await expect(first.c.firstSession).rejects.toThrow(/server's certificate is not trusted/);
    await first.c.stop();
    await trustServerCertificate(join(dir, 'secure'), server.certificate());
    for (const mode of ['Sign', 'SignAndEncrypt'] as const) {
      const { c, got } = connector({ ...secured, securityMode: mode }, 'secure');
      await c.firstSession;
      await until(() => got.length >= 2);
      await c.stop();
      expect(got[1]!.value).toBeGreaterThan(got[0]!.value);
    }
  });

  it('survives a server restart: no duplicates, no gap beyond the restart, namespace re-resolved', async () => {
    const { c, got } = connector({}, 'restart');
    await c.firstSession;
    await until(() => got.length >= 3);
    const beforeRestart = server.counter();
    await server.restart();
    const afterRestart = server.counter();
    await until(() => got.some((p) => p.value > afterRestart + 3), 60_000);
    await c.stop();
    const values = got.map((p) => p.value);
    expect(new Set(values).size).toBe(values.length);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]!);
    // Every tick up to the stop (less the last publishing interval, which a stopping server
    // never sends) and from the reconnection on is there; the reconnection is prompt.
    const seen = new Set(values);
    const firstAfter = values.find((v) => v >= afterRestart)!;
    expect(firstAfter - afterRestart).toBeLessThan(10_000 / TICK);
    for (let v = values[0]!; v < beforeRestart - 2; v++)
      expect(seen.has(v), `tick ${v}`).toBe(true);
    for (let v = firstAfter; v <= values.at(-1)!; v++) expect(seen.has(v), `tick ${v}`).toBe(true);
  }, 120_000);
});
