// skipRouting on a real Aedes broker with a real mqtt.js client: a client's PUBLISH is
// acknowledged and reaches authorizePublish but is not matched against subscriptions, while the
// broker's own messages still are.
import { createServer, type AddressInfo } from 'node:net';
import { Aedes, type AedesPublishPacket } from 'aedes';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { skipRouting } from './routing.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function start(skip: boolean) {
  const authorized: string[] = [];
  const broker = await Aedes.createBroker({
    authorizePublish(_client, packet, done) {
      authorized.push(packet.topic);
      done(null);
    },
  });
  if (skip) skipRouting(broker);
  const routed: string[] = [];
  broker.subscribe(
    'ronghe/#',
    (packet: AedesPublishPacket, cb: () => void) => {
      routed.push(packet.topic);
      cb();
    },
    () => undefined,
  );
  const server = createServer((conn) => broker.handle(conn));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(
    () => new Promise<void>((r) => broker.close(() => r())),
    () => new Promise<void>((r) => server.close(() => r())),
  );
  const client = await mqtt.connectAsync({
    port: (server.address() as AddressInfo).port,
    host: '127.0.0.1',
    reconnectPeriod: 0,
  });
  closers.push(() => client.endAsync());
  // Handled in order: the PUBACK of the second follows the first's authorizePublish.
  await client.publishAsync('ronghe/telemetry/a', '{"values":{"t":1}}', { qos: 0 });
  await client.publishAsync('ronghe/telemetry/b', '{"values":{"t":2}}', { qos: 1 });
  broker.publish(brokerMessage, () => undefined);
  // Routing is asynchronous; the broker's message is routed after what was routed before it.
  await vi.waitFor(() => expect(routed).toContain('ronghe/broker'));
  await new Promise((r) => setTimeout(r, 50));
  return { authorized, routed };
}

const brokerMessage = {
  cmd: 'publish' as const,
  topic: 'ronghe/broker',
  payload: Buffer.from('x'),
  qos: 0 as const,
  dup: false,
  retain: false,
};

describe('skipRouting', () => {
  it("acknowledges a client's messages without matching them to subscriptions", async () => {
    const { authorized, routed } = await start(true);
    expect(authorized).toEqual(['ronghe/telemetry/a', 'ronghe/telemetry/b']);
    expect(routed).toEqual(['ronghe/broker']);
  });

  it('Aedes alone routes them (the subscription in this test does match)', async () => {
    const { authorized, routed } = await start(false);
    expect(authorized).toEqual(['ronghe/telemetry/a', 'ronghe/telemetry/b']);
    expect(routed.sort()).toEqual(['ronghe/broker', 'ronghe/telemetry/a', 'ronghe/telemetry/b']);
  });
});
