// The live bus on a real nats-server: an owner's committed messages reach another node's live
// streams only for a tenant one of them wants, and a node that wants no stream of a tenant
// drops its messages by the `Ronghe-Tenant` header without decoding them (before, every node
// decoded every point of the cluster). A message without the header, as a node of the
// previous release sends it, is still decoded and delivered.
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SinkPoint } from '../telemetry/index.ts';
import { encodeMessage } from './codec.ts';
import { sleep, startPlainNats } from './cluster-test-support.ts';
import { natsServerBinary } from './index.ts';
import { startLiveBus } from './live-bus.ts';

const nats = natsServerBinary();
if (!nats) console.warn('live bus test skipped: nats-server not found');

describe.skipIf(!nats)('live bus between nodes', { timeout: 60_000 }, () => {
  let conns: NatsConnection[] = [];
  let stop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    ({ conns, stop } = await startPlainNats(3));
  }, 60_000);

  afterAll(() => stop());

  it('delivers a wanted tenant and drops another unread', async () => {
    const got: Array<[string, SinkPoint[]]> = [];
    const logged: string[] = [];
    const asked: string[] = [];
    const telemetry = {
      wantsRemote: (t: string) => (asked.push(t), t === 'tn_wanted'),
      publishRemote: (t: string, p: SinkPoint[]) => void got.push([t, p]),
    };
    const reader = startLiveBus({
      nc: conns[0]!,
      nodeId: 'reader',
      telemetry,
      log: (l) => logged.push(l),
    });
    const owner = startLiveBus({
      nc: conns[1]!,
      nodeId: 'owner',
      telemetry: { wantsRemote: () => false, publishRemote: () => undefined },
      log: () => undefined,
    });
    await conns[0]!.flush();
    const point: SinkPoint = {
      assetId: 'a1',
      channel: 'c0',
      ts: 60_000,
      value: 1.5,
      customerId: null,
    };
    owner.stored([
      { tenantId: 'tn_wanted', data: encodeMessage('tn_wanted', [point]) },
      // Not a log message at all: decoding it would log "ignored"; unread, nothing is logged.
      { tenantId: 'tn_other', data: new TextEncoder().encode('not a log message') },
    ]);
    // A node of the previous release: the bytes alone, no header.
    conns[2]!.publish('ronghe.live.old', encodeMessage('tn_wanted', [{ ...point, ts: 120_000 }]));
    await conns[1]!.flush();
    await conns[2]!.flush();
    for (let i = 0; i < 50 && got.length < 2; i++) await sleep(50);
    await sleep(200);
    const seen = got.map(([t, p]) => [t, p.map((x) => x.ts)] as const);
    seen.sort((a, b) => a[1][0]! - b[1][0]!);
    expect(seen).toEqual([
      ['tn_wanted', [60_000]],
      ['tn_wanted', [120_000]],
    ]);
    expect(asked).toContain('tn_other');
    expect(logged).toEqual([]);
    reader.close();
    owner.close();
  });
});
