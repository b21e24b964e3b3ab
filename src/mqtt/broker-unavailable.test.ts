// A QoS 1 publish whose points the store cannot take now — in cluster mode, JetStream did not
// acknowledge the batch (a NATS server restarting, a stream leader being elected) — must get no
// PUBACK: the client keeps it and sends it again. Issue 24's chaos run lost acknowledged MQTT
// points because the broker reported the refusal on the error topic and acknowledged anyway.
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createApiKey } from '../identity/index.ts';
import { RongheError } from '../kernel/index.ts';
import type { IngestSink, SinkPoint } from '../telemetry/index.ts';
import { startBrokerWorld, type BrokerWorld } from './broker-world.ts';

describeEachDatabase('MQTT ingest while the store is unavailable', (t) => {
  let world: BrokerWorld;
  let key: string;
  let down = true;
  const stored: SinkPoint[] = [];
  const sink: IngestSink = {
    append(_tenantId, points) {
      if (down)
        return Promise.reject(
          RongheError.of('RONGHE_UNAVAILABLE', {
            reason: { en: 'ingest log down (test)', 'zh-CN': '写入日志不可用（测试）' },
          }),
        );
      stored.push(...points);
      return Promise.resolve();
    },
  };

  beforeAll(async () => {
    world = await startBrokerWorld(t, { sink });
    const { w } = world;
    key = (await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'mqtt', role: 'engineer' }))
      .key;
  });
  afterAll(() => world.close());

  it('does not acknowledge a QoS 1 publish that was not stored, and does once it is', async () => {
    const c = await mqtt.connectAsync(world.url, {
      username: 'scada',
      password: key,
      reconnectPeriod: 0,
    });
    const ts = Date.now() - 1000;
    const body = JSON.stringify({ ts, values: { cop: 5.25 } });
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    const outcome = await Promise.race([
      c.publishAsync('ronghe/telemetry/CH-1', body, { qos: 1 }).then(
        () => 'acknowledged',
        () => 'refused',
      ),
      closed.then(() => 'closed'),
    ]);
    expect(outcome).not.toBe('acknowledged');
    expect(stored).toEqual([]);
    c.end(true);

    down = false;
    const again = await mqtt.connectAsync(world.url, {
      username: 'scada',
      password: key,
      reconnectPeriod: 0,
    });
    await again.publishAsync('ronghe/telemetry/CH-1', body, { qos: 1 });
    expect(stored.map((p) => [p.ts, p.value])).toEqual([[ts, 5.25]]);
    await again.endAsync();
  });
});
