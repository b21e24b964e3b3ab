// Station events over the embedded broker with a real mqtt.js client: ronghe/shop/<station>
// applies manufacturing's reportEvent with its rules, in the order a connection sent them.
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../test/databases.ts';
import type { World } from '../../test/http.ts';
import { createDevice } from '../assets/index.ts';
import { createApiKey } from '../identity/index.ts';
import * as mfg from '../manufacturing/index.ts';
import { jacketSpec, stationsFixture } from '../manufacturing/service/test-fixtures.ts';
import { startBrokerWorld, type BrokerWorld } from './broker-world.ts';

interface Refusal {
  topic: string;
  code: string;
  message: string;
}

describeEachDatabase('MQTT station events', (t) => {
  let world: BrokerWorld;
  let w: World;
  let technicianKey: string;
  let deviceToken: string;
  let order: mfg.ProductionOrder;

  beforeAll(async () => {
    world = await startBrokerWorld(t, { shop: true });
    ({ w } = world);
    for (const s of stationsFixture) await mfg.createStation(w.db, w.scopeA, s);
    const model = await mfg.createProductModel(w.db, w.scopeA, jacketSpec);
    const co = await mfg.createCustomerOrder(w.db, w.scopeA, {
      modelId: model.id,
      customerId: w.customers.A1,
      configuration: { size: 'M', fabric: 'NYLON', colour: 'RED', embroidery: 'logo' },
      quantity: 20,
      dueAt: Date.now() + 7 * 86_400_000,
    });
    order = await mfg.releaseCustomerOrder(w.db, w.scopeA, co.id);
    technicianKey = (
      await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'line 1', role: 'technician' })
    ).key;
    deviceToken = (await createDevice(w.db, w.scopeA, { assetId: w.assets.A1, name: 'gw' })).token;
  }, 60_000);
  afterAll(() => world?.close());

  /** A connected client that collects what the broker reports on its error topic. */
  async function station(clientId: string, password = technicianKey) {
    const c = await mqtt.connectAsync(world.url, { username: 'station', password, clientId });
    const refused: Refusal[] = [];
    await c.subscribeAsync(`ronghe/errors/${clientId}`, { qos: 0 });
    c.on('message', (_topic, payload) => refused.push(JSON.parse(payload.toString()) as Refusal));
    const send = (st: string, event: Record<string, unknown>) =>
      c.publishAsync(`ronghe/shop/${st}`, JSON.stringify(event), { qos: 1 });
    return { c, refused, send };
  }

  const events = async () =>
    (
      await sql<{ op: number; station: string; kind: string; quantity: number; scrap: number }>`
        SELECT op, station, kind, quantity, scrap FROM mfg_events
        WHERE production_order_id = ${order.id} ORDER BY op, at, kind DESC`.execute(w.db.kysely)
    ).rows.map((r) => ({ ...r, op: Number(r.op), quantity: Number(r.quantity) }));

  const waitFor = async (cond: () => boolean) => {
    for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('applies a start and the finish sent right behind it, in order', async () => {
    const { c, refused, send } = await station('cut-1');
    const at = Date.now() - 60_000;
    // Not awaited one by one: the finish must still be applied after the start.
    await Promise.all([
      send('CUT1', { order: order.id, op: 0, event: 'start', at }),
      send('CUT1', { order: order.id, op: 0, event: 'finish', quantity: 20, scrap: 1 }),
    ]);
    expect(refused).toEqual([]);
    expect(await events()).toEqual([
      { op: 0, station: 'CUT1', kind: 'start', quantity: 0, scrap: 0 },
      { op: 0, station: 'CUT1', kind: 'finish', quantity: 20, scrap: 1 },
    ]);
    const wip = await mfg.workInProgress(w.db, w.scopeA);
    expect(wip.find((x) => x.orderId === order.id)?.finishedOperations).toBe(1);
    await c.endAsync();
  });

  it('refuses events that break the rules or the format, names why, and writes nothing', async () => {
    const { c, refused, send } = await station('sew-1');
    const before = await events();
    await send('SEW1', { order: order.id, op: 1, event: 'finish', quantity: 5 });
    await send('SEW1', { order: order.id, op: 1, event: 'begin' });
    await send('SEW1', { order: order.id, op: 1, event: 'start', colour: 'red' });
    await send('SEW1', { order: 'po_nope', op: 1, event: 'start' });
    await send('CUT1', { order: order.id, op: 0, event: 'finish', quantity: 3 });
    await c.publishAsync('ronghe/shop/SEW1', '[{"order": "x"}]', { qos: 1 });
    await waitFor(() => refused.length === 6);
    expect(refused.map((r) => r.code)).toEqual([
      'RONGHE_INVALID_TRANSITION',
      'RONGHE_VALIDATION',
      'RONGHE_VALIDATION',
      'RONGHE_NOT_FOUND',
      'RONGHE_INVALID_TRANSITION',
      'RONGHE_VALIDATION',
    ]);
    expect(refused[0]!.message).toMatch(/Operation 1 .* has not started/);
    expect(refused[1]!.message).toMatch(/"event" must be "start" or "finish"/);
    expect(refused[2]!.message).toMatch(/unknown field "colour"/);
    expect(refused[4]!.message).toMatch(/already finished/);
    expect(refused[5]!.message).toMatch(/one JSON object/);
    expect(refused.every((r) => r.topic.startsWith('ronghe/shop/'))).toBe(true);
    expect(await events()).toEqual(before);
    await c.endAsync();
  });

  it('checks that a finish comes from the station that started the operation', async () => {
    const { c, refused, send } = await station('sew-2');
    await send('SEW1', { order: order.id, op: 1, event: 'start' });
    await send('SEW2', { order: order.id, op: 1, event: 'finish', quantity: 19 });
    await waitFor(() => refused.length === 1);
    expect(refused[0]).toMatchObject({ code: 'RONGHE_VALIDATION' });
    expect(refused[0]!.message).toMatch(/runs on 'SEW1', not 'SEW2'/);
    await send('SEW1', { order: order.id, op: 1, event: 'finish', quantity: 19 });
    expect((await events()).filter((e) => e.op === 1).map((e) => e.kind)).toEqual([
      'start',
      'finish',
    ]);
    await c.endAsync();
  });

  it('keeps each credential to what its role may do', async () => {
    // A device token writes telemetry only; a technician reports operations but writes no telemetry.
    const device = await station('gw-1', deviceToken);
    await device.send('CUT1', { order: order.id, op: 2, event: 'start' });
    await waitFor(() => device.refused.length === 1);
    expect(device.refused[0]).toMatchObject({ code: 'RONGHE_FORBIDDEN' });
    const tech = await station('cut-2');
    await tech.c.publishAsync('ronghe/telemetry/CH-1', '{"values": {"cop": 5}}', { qos: 1 });
    await waitFor(() => tech.refused.length === 1);
    expect(tech.refused[0]).toMatchObject({ code: 'RONGHE_FORBIDDEN' });
    expect(tech.refused[0]!.message).toMatch(/may not write telemetry/);
    await device.c.endAsync();
    await tech.c.endAsync();
  });
});
