// Issue #15 finding 3 (MQTT): rotating a device token, revoking an API key or disabling a user
// through the HTTP API ends that principal's live MQTT connections within a second, and
// nothing they publish afterwards is stored. Other principals' connections stay up.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import type { World } from '../../test/http.ts';
import { createDevice } from '../assets/index.ts';
import { createApiKey } from '../identity/index.ts';
import { emailIndex } from '../storage/index.ts';
import { startBrokerWorld, type BrokerWorld } from './broker-world.ts';

describeEachDatabase('MQTT connections of a revoked principal', (t) => {
  let world: BrokerWorld;
  let w: World;
  const open: MqttClient[] = [];

  beforeAll(async () => {
    world = await startBrokerWorld(t);
    ({ w } = world);
  });
  afterAll(async () => {
    for (const c of open) c.end(true);
    await world.close();
  });

  async function connect(clientId: string, password: string) {
    const c = await mqtt.connectAsync(world.url, {
      username: 'u',
      password,
      clientId,
      reconnectPeriod: 0,
    });
    open.push(c);
    return c;
  }

  const stored = async (asset: string, channel: string) =>
    (await world.telemetry.queries.latest(
      { tenantId: w.tenantA.id, customerIds: null },
      { assets: [asset], channels: [channel] },
    )) as Array<{ ts: number; value: number }>;

  const point = (channel: string, value: number, ts = Date.now()) =>
    JSON.stringify({ ts, values: { [channel]: value } });

  /** Resolves with the ms it took the broker to close `c`, or rejects after a second. */
  function closedWithinASecond(c: MqttClient, since: number): Promise<number> {
    return new Promise((resolve, reject) => {
      if (!c.connected) return resolve(Date.now() - since);
      const timer = setTimeout(() => reject(new Error('still connected after 1 s')), 1000);
      c.once('close', () => {
        clearTimeout(timer);
        resolve(Date.now() - since);
      });
    });
  }

  /** Revokes through `revoke`, checks the close, then a publish racing it stores nothing. */
  async function expectCutOff(c: MqttClient, base: number, revoke: () => Promise<number>) {
    await c.publishAsync('ronghe/telemetry/CH-1', point('cop', base), { qos: 1 });
    expect(await stored('CH-1', 'cop')).toMatchObject([{ value: base }]);
    const since = Date.now();
    expect(await revoke()).toBeLessThan(300);
    c.publish('ronghe/telemetry/CH-1', point('cop', base + 1), { qos: 0 });
    c.publish('ronghe/telemetry/CH-1', point('cop', base + 2), { qos: 1 });
    await closedWithinASecond(c, since);
    await new Promise((r) => setTimeout(r, 300));
    expect(await stored('CH-1', 'cop')).toMatchObject([{ value: base }]);
  }

  it('a rotated device token ends the connections made with it; the new token works', async () => {
    const device = await createDevice(w.db, w.scopeA, { assetId: w.assets.A1, name: 'gw-rot' });
    const c1 = await connect('dev-rot-1', device.token);
    const c2 = await connect('dev-rot-2', device.token);
    const other = await createDevice(w.db, w.scopeB, { assetId: w.assets.B1, name: 'gw-b' });
    const bystander = await connect('bystander-dev', other.token);
    let token = '';
    await expectCutOff(c1, 10, async () => {
      const res = await w.as('tenant_admin', {
        method: 'POST',
        url: `/api/v1/devices/${device.id}/rotate-token`,
      });
      token = (res.json() as { token: string }).token;
      return res.statusCode;
    });
    await closedWithinASecond(c2, Date.now());
    expect(bystander.connected).toBe(true);
    await expect(connect('dev-rot-3', device.token)).rejects.toThrow(/Bad username or password/i);
    const fresh = await connect('dev-rot-1', token);
    await fresh.publishAsync('ronghe/telemetry/CH-1', point('cop', 14), { qos: 1 });
    expect(await stored('CH-1', 'cop')).toMatchObject([{ value: 14 }]);
  });

  it('a revoked API key ends its connections', async () => {
    const key = await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'k', role: 'engineer' });
    const c = await connect('key-rev', key.key);
    await expectCutOff(c, 20, async () => {
      const res = await w.as('tenant_admin', {
        method: 'DELETE',
        url: `/api/v1/api-keys/${key.id}`,
      });
      return res.statusCode;
    });
    await expect(connect('key-rev', key.key)).rejects.toThrow(/Bad username or password/i);
  });

  it("a disabled user's session ends its connections", async () => {
    const engineer = await w.db.kysely
      .selectFrom('users')
      .select('id')
      .where('email_hash', '=', emailIndex(w.db.personal!, 'eng@acme.test'))
      .executeTakeFirstOrThrow();
    const c = await connect('user-dis', w.tokens.engineer);
    await expectCutOff(c, 30, async () => {
      const res = await w.as('tenant_admin', {
        method: 'PATCH',
        url: `/api/v1/users/${engineer.id}`,
        payload: { disabled: true },
      });
      return res.statusCode;
    });
  });
});
