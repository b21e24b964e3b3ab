// The poller against a real Modbus TCP server (modbus-serial's ServerTCP) on a free port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorPoint } from '../points.ts';
import { encodeRaw, type Endian, type ModbusDataType } from './decode.ts';
import { startModbusPoller, type ModbusDeviceConfig, type ModbusMapping } from './poller.ts';
import { startTestModbusServer, type TestModbusServer } from './test-server.ts';

let server: TestModbusServer;
beforeAll(async () => {
  server = await startTestModbusServer({ silentUnits: [9], failing: [500] });
});
afterAll(async () => server?.close());

const mapping = (
  key: string,
  address: number,
  dataType: ModbusDataType,
  byteOrder: Endian = 'big',
  wordOrder: Endian = 'big',
  extra: Partial<ModbusMapping> = {},
): ModbusMapping => ({
  key,
  asset: 'CH-1',
  channel: key,
  unitId: 1,
  function: 'holding',
  address,
  dataType,
  byteOrder,
  wordOrder,
  scale: 1,
  offset: 0,
  deadband: { kind: 'none' },
  ...extra,
});

const device = (id: string, mappings: ModbusMapping[], over: Partial<ModbusDeviceConfig> = {}) => ({
  id,
  host: '127.0.0.1',
  port: server.port,
  intervalMs: 1000,
  timeoutMs: 400,
  retries: 1,
  mappings,
  ...over,
});

function put(address: number, value: number, t: ModbusDataType, b: Endian, w: Endian) {
  encodeRaw(value, { dataType: t, byteOrder: b, wordOrder: w }).forEach((v, i) =>
    server.holding.set(address + i, v),
  );
}

describe('Modbus poller against a real Modbus TCP server', () => {
  it('reads every data type in every byte and word order, exactly, in batched reads', async () => {
    const values: Record<ModbusDataType, number> = {
      bool: 1,
      int16: -1234,
      uint16: 61234,
      int32: -2_000_000_123,
      uint32: 4_000_000_123,
      float32: 21.5,
      float64: -1234.5678901234,
    };
    const mappings: ModbusMapping[] = [];
    let addr = 0;
    for (const [t, v] of Object.entries(values) as [ModbusDataType, number][]) {
      for (const b of ['big', 'little'] as const) {
        for (const w of ['big', 'little'] as const) {
          put(addr, v, t, b, w);
          mappings.push(mapping(`${t}-${b}-${w}`, addr, t, b, w));
          addr += t === 'float64' ? 4 : t.endsWith('32') ? 2 : 1;
        }
      }
    }
    server.coils.set(3, true);
    mappings.push(mapping('coil3', 3, 'bool', 'big', 'big', { function: 'coils' }));
    server.input.set(7, 2345);
    mappings.push(
      mapping('scaled', 7, 'uint16', 'big', 'big', { function: 'input', scale: 0.1, offset: -40 }),
    );

    const got: ConnectorPoint[] = [];
    const before = server.served.requests;
    const p = startModbusPoller(device('all-types', mappings), (pts) => got.push(...pts), {
      timer: false,
    });
    await p.pollOnce();
    await p.stop();
    // 80 registers of holding fit in one read; the input register is a second one.
    expect(server.served.requests - before).toBe(2);
    const byKey = new Map(got.map((x) => [x.channel, x.value]));
    for (const [t, v] of Object.entries(values)) {
      for (const b of ['big', 'little']) {
        for (const w of ['big', 'little']) {
          const want = t === 'float32' ? Math.fround(v) : v;
          expect(byKey.get(`${t}-${b}-${w}`), `${t}-${b}-${w}`).toBe(want);
        }
      }
    }
    expect(byKey.get('coil3')).toBe(1);
    expect(byKey.get('scaled')).toBeCloseTo(194.5, 9);
    expect(p.status.snapshot().state).toBe('online');
  });

  it('reports an exception per mapping and keeps reading the other ranges', async () => {
    server.holding.set(600, 42);
    const got: ConnectorPoint[] = [];
    const p = startModbusPoller(
      device('exc', [mapping('bad', 500, 'uint16'), mapping('good', 600, 'uint16')]),
      (pts) => got.push(...pts),
      { timer: false },
    );
    await p.pollOnce();
    await p.stop();
    const s = p.status.snapshot();
    expect(s.mappings.find((m) => m.key === 'bad')?.lastError).toBe(
      'exception 2 (illegal data address)',
    );
    expect(s.mappings.find((m) => m.key === 'good')?.lastValue).toBe(42);
    expect(got.map((x) => x.channel)).toEqual(['good']);
    expect(s.state).toBe('online');
  });

  it('marks a silent device offline after its timeout and retries without stalling another', async () => {
    server.holding.set(700, 7);
    const silentGot: ConnectorPoint[] = [];
    const otherGot: ConnectorPoint[] = [];
    const silent = startModbusPoller(
      device('silent', [mapping('x', 700, 'uint16', 'big', 'big', { unitId: 9 })], {
        timeoutMs: 1500,
        retries: 1,
      }),
      (pts) => silentGot.push(...pts),
      { timer: false },
    );
    const other = startModbusPoller(
      device('other', [mapping('y', 700, 'uint16')]),
      (pts) => otherGot.push(...pts),
      { timer: false },
    );
    const silentCycle = silent.pollOnce();
    await other.pollOnce();
    // The other device answered while the silent one is still waiting for its first timeout.
    expect(otherGot.map((p) => p.value)).toEqual([7]);
    expect(silent.status.snapshot().state).toBe('connecting');
    await silentCycle;
    const s = silent.status.snapshot();
    expect(s.state).toBe('offline');
    expect(s.lastError).toContain('timeout');
    expect(s.mappings[0]?.lastError).toContain('timeout');
    expect(silentGot).toEqual([]);
    await Promise.all([silent.stop(), other.stop()]);
  });

  it('marks an unreachable endpoint offline with the connect error', async () => {
    const p = startModbusPoller(
      device('gone', [mapping('z', 0, 'uint16')], { port: 1 }),
      () => undefined,
      { timer: false },
    );
    await p.pollOnce();
    await p.stop();
    expect(p.status.snapshot().state).toBe('offline');
    expect(p.status.snapshot().lastError).toMatch(/connect 127\.0\.0\.1:1/);
  });

  it('reports only changes beyond an absolute deadband', async () => {
    server.holding.set(800, 100);
    const got: number[] = [];
    const p = startModbusPoller(
      device('db', [
        mapping('d', 800, 'uint16', 'big', 'big', { deadband: { kind: 'absolute', value: 5 } }),
      ]),
      (pts) => got.push(...pts.map((x) => x.value)),
      { timer: false },
    );
    for (const v of [100, 103, 106, 110, 111, 120]) {
      server.holding.set(800, v);
      await p.pollOnce();
    }
    await p.stop();
    expect(got).toEqual([100, 106, 120]);
  });
});
