// Cluster mode's hook (issue 24): with an IngestSink, a validated batch goes to the sink and
// not to the local engine; the write is acknowledged only once the sink resolves; a bad batch
// is refused before anything reaches the sink; a sink that fails fails the write.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createTelemetryService, type SinkPoint } from './index.ts';
import { T0, lp, scope } from './service-harness.ts';
import { fleetResolver, manualEngine, openTimePolicy } from './test-support.ts';

describeEachDatabase('telemetry with an ingest sink', (t) => {
  it('sends validated points to the sink instead of the engine', async () => {
    const h = await t.open();
    const sent: { tenantId: string; points: SinkPoint[] }[] = [];
    let fail = false;
    const svc = await createTelemetryService({
      db: h.db,
      resolver: fleetResolver('tn_1', 4, 3, (i) => (i < 2 ? 'cu_a' : 'cu_b')),
      engine: manualEngine,
      policy: openTimePolicy,
      sink: {
        append(tenantId, points) {
          if (fail) return Promise.reject(new Error('log unavailable'));
          sent.push({ tenantId, points });
          return Promise.resolve();
        },
      },
    });
    try {
      const body = [lp('A0001', T0, { c0: 1.5, c1: 2 }), lp('A0003', T0 + 1000, { c2: -3 })];
      const r = await svc.ingestLineProtocol(scope, body.join('\n'), 'ms');
      expect(r).toMatchObject({ points: 3, rows: 2 });
      expect(sent).toEqual([
        {
          tenantId: 'tn_1',
          points: [
            { assetId: 'as_A0001', channel: 'c0', ts: T0, value: 1.5, customerId: 'cu_a' },
            { assetId: 'as_A0001', channel: 'c1', ts: T0, value: 2, customerId: 'cu_a' },
            { assetId: 'as_A0003', channel: 'c2', ts: T0 + 1000, value: -3, customerId: 'cu_b' },
          ],
        },
      ]);
      expect(svc.engine.bufferedPoints).toBe(0);
      // An undeclared channel rejects the whole batch before the sink sees any of it.
      const bad = [lp('A0001', T0, { c0: 1 }), lp('A0002', T0, { nope: 1 })].join('\n');
      await expect(svc.ingestLineProtocol(scope, bad, 'ms')).rejects.toThrow(/nope/);
      expect(sent).toHaveLength(1);
      fail = true;
      await expect(
        svc.ingestJson(scope, [{ asset: 'A0001', ts: T0, values: { c0: 1 } }]),
      ).rejects.toThrow(/log unavailable/);
    } finally {
      await svc.close();
      await h.dispose();
    }
  });
});
