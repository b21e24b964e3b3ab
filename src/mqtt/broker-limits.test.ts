// Issue #15 finding 8: the broker's memory per client is bounded. A packet over the maximum
// size (1 MiB by default) is refused from its header and ends the connection; retained
// messages are taken as ordinary ones and none is kept.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import type { World } from '../../test/http.ts';
import { createApiKey } from '../identity/index.ts';
import { startBrokerWorld, type BrokerWorld } from './broker-world.ts';
import { DEFAULT_MAX_PACKET_BYTES } from './packet-size.ts';

const TOPIC = 'ronghe/telemetry/CH-1';

/** A point whose QoS 1 PUBLISH packet is exactly `size` bytes (3-byte Remaining Length). */
function pointOfPacketSize(size: number, value: number, ts: number): string {
  const head = JSON.stringify({ ts, values: { cop: value }, pad: '' });
  const overhead = 1 + 3 + 2 + TOPIC.length + 2;
  const pad = size - overhead - head.length;
  return head.replace('"pad":""', `"pad":"${'x'.repeat(pad)}"`);
}

describeEachDatabase('MQTT memory bounds', (t) => {
  let world: BrokerWorld;
  let w: World;
  let key: string;
  const open: MqttClient[] = [];

  beforeAll(async () => {
    world = await startBrokerWorld(t);
    ({ w } = world);
    key = (await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'k', role: 'engineer' })).key;
  });
  afterAll(async () => {
    for (const c of open) c.end(true);
    await world.close();
  });

  async function connect(clientId: string) {
    const c = await mqtt.connectAsync(world.url, {
      username: 'u',
      password: key,
      clientId,
      reconnectPeriod: 0,
    });
    open.push(c);
    const reports: Array<{ code: string; message: string }> = [];
    await c.subscribeAsync(`ronghe/errors/${clientId}`, { qos: 0 });
    c.on('message', (_t, p) => reports.push(JSON.parse(p.toString()) as (typeof reports)[0]));
    return { c, reports };
  }

  const latest = async () =>
    (await world.telemetry.queries.latest(
      { tenantId: w.tenantA.id, customerIds: null },
      { assets: ['CH-1'], channels: ['cop'] },
    )) as Array<{ ts: number; value: number }>;

  it('takes a packet of exactly the maximum size and refuses one byte more', async () => {
    const { c, reports } = await connect('big-1');
    const ts = Date.now() - 10_000;
    const atLimit = pointOfPacketSize(DEFAULT_MAX_PACKET_BYTES, 1.5, ts);
    await c.publishAsync(TOPIC, atLimit, { qos: 1 });
    expect(await latest()).toMatchObject([{ ts, value: 1.5 }]);

    const closed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the over-size packet was taken')), 5000);
      c.once('close', () => resolve(clearTimeout(timer)));
    });
    c.publish(TOPIC, pointOfPacketSize(DEFAULT_MAX_PACKET_BYTES + 1, 2.5, ts + 1), { qos: 1 });
    await closed;
    expect(await latest()).toMatchObject([{ ts, value: 1.5 }]);
    expect(reports).toMatchObject([
      { code: 'RONGHE_PAYLOAD_TOO_LARGE', message: expect.stringMatching(/1048577 bytes/) },
    ]);
  });

  it('keeps no retained message, valid or refused, and still ingests the point', async () => {
    const { c, reports } = await connect('retainer');
    const ts = Date.now() - 5_000;
    await c.publishAsync(TOPIC, JSON.stringify({ ts, values: { cop: 3.5 } }), {
      qos: 1,
      retain: true,
    });
    expect(await latest()).toMatchObject([{ ts, value: 3.5 }]);
    for (let i = 0; i < 20; i++)
      await c.publishAsync(`ronghe/telemetry/R-${i}`, 'x'.repeat(10_000), { qos: 1, retain: true });
    await c.publishAsync(TOPIC, '', { qos: 1, retain: true }); // a deletion: nothing to do
    expect(await world.broker.retainedMessages()).toBe(0);
    expect(reports).toHaveLength(20); // the 20 bad payloads, reported; the deletion is not
    expect(c.connected).toBe(true);
  });

  it('takes a burst of 300 QoS 1 messages sent at once, a few packets per read, all in order', async () => {
    const { c, reports } = await connect('burst');
    const t0 = Date.now() - 60_000;
    // Written back to back: the broker reads many of them at once and parses PACKETS_PER_READ
    // at a time, the rest waiting in the socket's buffer (issue 21).
    const sent = Array.from({ length: 300 }, (_, i) =>
      c.publishAsync(TOPIC, JSON.stringify({ ts: t0 + i, values: { cop: i } }), { qos: 1 }),
    );
    await Promise.all(sent);
    const page = await world.telemetry.queries.raw(
      { tenantId: w.tenantA.id, customerIds: null },
      { asset: 'CH-1', channel: 'cop', from: t0, to: t0 + 300, limit: 1000 },
    );
    expect(page.points.map(([, v]) => v)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(reports).toEqual([]);
  });
});
