// Issue #15 finding 1: a client id is bound to the principal that holds it. Ids with MQTT
// reserved characters are refused at CONNECT, a live id is not handed to another principal,
// and error reports reach only the connection whose message was refused.
import { connect as tcpConnect } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import type { World } from '../../test/http.ts';
import { createDevice } from '../assets/index.ts';
import { createApiKey } from '../identity/index.ts';
import { startBrokerWorld, type BrokerWorld } from './broker-world.ts';

const settle = () => new Promise((r) => setTimeout(r, 300));

describeEachDatabase('MQTT client ids bound to their principal', (t) => {
  let world: BrokerWorld;
  let w: World;
  let keyA: string;
  let tokenB: string;
  const open: MqttClient[] = [];

  beforeAll(async () => {
    world = await startBrokerWorld(t);
    ({ w } = world);
    keyA = (await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'a', role: 'engineer' }))
      .key;
    tokenB = (await createDevice(w.db, w.scopeB, { assetId: w.assets.B1, name: 'gw-b' })).token;
  });
  afterAll(async () => {
    for (const c of open) c.end(true);
    await world.close();
  });

  async function connect(clientId: string, password: string, extra: mqtt.IClientOptions = {}) {
    const c = await mqtt.connectAsync(world.url, {
      username: 'u',
      password,
      clientId,
      reconnectPeriod: 0,
      ...extra,
    });
    open.push(c);
    return c;
  }

  /** Everything a client receives, on any topic. */
  function inbox(c: MqttClient): string[] {
    const got: string[] = [];
    c.on('message', (topic, payload) => got.push(`${topic} ${payload.toString()}`));
    return got;
  }

  /** Tenant A's client reports a bad message on its error topic (payload fragments echo back). */
  async function tenantAError(a: MqttClient, marker: string) {
    await a.publishAsync('ronghe/telemetry/CH-1', `${marker} is not json`, { qos: 1 });
  }

  it.each([
    ['#'],
    ['+'],
    ['a/b'],
    ['x\u0000y'],
    ['tab\there'],
    ['del\u007f'],
    ['c1\u0085'],
    ['x'.repeat(257)],
  ])('refuses client id %j at CONNECT with "identifier rejected"', async (id) => {
    await expect(connect(id, tokenB)).rejects.toThrow(/Identifier rejected/i);
  });

  it('refuses an empty client id that asks for a persistent session (MQTT-3.1.3-8)', async () => {
    expect(await rawConnack(world.broker.port!, '', false, tokenB)).toBe(2);
    expect(await rawConnack(world.broker.port!, '', true, tokenB)).toBe(0);
  });

  it("a tenant B wildcard client id cannot read tenant A's error reports", async () => {
    const a = await connect('scada-a', keyA);
    await a.subscribeAsync('ronghe/errors/scada-a', { qos: 0 });
    const aGot = inbox(a);
    // Before the fix, '#' was accepted and ronghe/errors/# matched "its own" error topic.
    const spies: MqttClient[] = [];
    const filters = { '#': 'ronghe/errors/#', '+': 'ronghe/errors/+', 'spy-b': 'ronghe/errors/#' };
    for (const [id, filter] of Object.entries(filters)) {
      const spy = await connect(id, tokenB).catch(() => undefined);
      if (!spy) continue;
      spies.push(spy);
      await spy.subscribeAsync(filter, { qos: 0 }).catch(() => undefined);
    }
    const spyInboxes = spies.map((s) => inbox(s));
    await tenantAError(a, 'wildcard');
    await settle();
    expect(aGot.join('\n')).toMatch(/wildcard/);
    expect(spyInboxes.flat()).toEqual([]);
    // Only the legitimate spy id may connect at all.
    expect(spies.map((s) => s.options.clientId)).toEqual(['spy-b']);
  });

  it('another principal cannot take over a live client id; the same principal can', async () => {
    const a = await connect('gw-a', keyA);
    await a.subscribeAsync('ronghe/errors/gw-a', { qos: 0 });
    const aGot = inbox(a);
    await expect(connect('gw-a', tokenB)).rejects.toThrow(/Identifier rejected/i);
    await settle();
    expect(a.connected).toBe(true);
    await tenantAError(a, 'takeover');
    await settle();
    expect(aGot.join('\n')).toMatch(/takeover/);

    // The same principal reconnecting takes its own session over (MQTT-3.1.4-2).
    const closed = new Promise<void>((r) => a.once('close', () => r()));
    const a2 = await connect('gw-a', keyA);
    await closed;
    await a2.subscribeAsync('ronghe/errors/gw-a', { qos: 0 });
    const a2Got = inbox(a2);
    await tenantAError(a2, 'again');
    await settle();
    expect(a2Got.join('\n')).toMatch(/again/);
  });
});

/** CONNECT written by hand: mqtt.js refuses to send an empty id without a clean session. */
function rawConnack(port: number, clientId: string, clean: boolean, password: string) {
  const str = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    const len = Buffer.alloc(2);
    len.writeUInt16BE(b.length);
    return Buffer.concat([len, b]);
  };
  const flags = 0x80 | 0x40 | (clean ? 0x02 : 0);
  const body = Buffer.concat([
    str('MQTT'),
    Buffer.from([4, flags, 0, 30]),
    str(clientId),
    str('u'),
    str(password),
  ]);
  const packet = Buffer.concat([Buffer.from([0x10, body.length]), body]);
  return new Promise<number>((resolve, reject) => {
    const s = tcpConnect(port, '127.0.0.1', () => s.write(packet));
    s.once('data', (d) => {
      s.destroy();
      resolve(d[0] === 0x20 ? d[3]! : -1);
    });
    s.once('error', reject);
    s.once('close', () => resolve(-1));
  });
}
