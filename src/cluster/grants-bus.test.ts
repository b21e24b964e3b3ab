// Gateway write grants across nodes on a real nats-server (issue 23): a connector deleted on
// one node is forgotten by another node's grants cache through the cache bus, long before that
// cache would expire on its own (its bound set to a minute here, so only the bus can do it).
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';
import { createDevice } from '../assets/index.ts';
import {
  createConnector,
  createGatewayGrants,
  createSecretBox,
  deleteConnector,
  type ConnectorDefinition,
} from '../connectors/index.ts';
import { GRANTS_SUBJECT, shareRuleReloads } from './cache-bus.ts';
import { sleep, startPlainNats } from './cluster-test-support.ts';
import { natsServerBinary } from './index.ts';

const nats = natsServerBinary();
if (!nats) console.warn('grants bus test skipped: nats-server not found');

describeEachDatabase('gateway grants over the cluster cache bus', (t) => {
  let conns: NatsConnection[] = [];
  let stop: () => Promise<void> = async () => undefined;
  let w: World;

  beforeAll(async () => {
    w = await createWorld(t);
    if (nats) ({ conns, stop } = await startPlainNats(2));
  }, 60_000);
  afterAll(async () => {
    await stop();
    await w?.dispose();
  });

  it.skipIf(!nats)('forgets a deleted connector on the other node at once', async () => {
    const device = await createDevice(w.db, w.scopeA, { assetId: w.assets.A1, name: 'gw' });
    const def: ConnectorDefinition = {
      name: 'plant',
      deviceId: device.id,
      runOn: 'gateway',
      protocol: 'modbus',
      host: '127.0.0.1',
      port: 502,
      mappings: [
        {
          asset: 'CH-2',
          channel: 'cop',
          unitId: 1,
          function: 'holding',
          address: 0,
          dataType: 'uint16',
        },
      ],
    };
    const made = await createConnector(
      w.db,
      createSecretBox(Buffer.alloc(32, 1)),
      w.tenantA.id,
      def,
    );
    // Two nodes over one database, each with its own cache (a minute's bound).
    const [a, b] = [createGatewayGrants(w.db, 60_000), createGatewayGrants(w.db, 60_000)];
    const log = () => undefined;
    const stops = [
      shareRuleReloads({ nc: conns[0]!, nodeId: 'a', log }, a, GRANTS_SUBJECT),
      shareRuleReloads({ nc: conns[1]!, nodeId: 'b', log }, b, GRANTS_SUBJECT),
    ];
    await conns[1]!.flush(); // b's subscription is at the server before a publishes
    const granted = await b.assetsOf(w.tenantA.id, device.id);
    expect([...granted]).toEqual([w.assets.A1a]);
    await deleteConnector(w.db, w.tenantA.id, made.id);
    // Still cached on b: nothing announced yet.
    expect((await b.assetsOf(w.tenantA.id, device.id)).size).toBe(1);
    await a.reload(w.tenantA.id); // what node a's route does after the delete
    let after = granted;
    for (let i = 0; i < 250 && after.size > 0; i++) {
      await sleep(20);
      after = await b.assetsOf(w.tenantA.id, device.id);
    }
    expect(after.size).toBe(0);
    for (const stop of stops) stop();
  });
});
