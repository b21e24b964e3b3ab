// The live hub: filtered point subscribers (asset and channel decided once per series id, the
// customer on every point, since an asset can move to another customer) and whole-tenant
// column subscribers.
import { describe, expect, it } from 'vitest';
import { LiveHub, type LiveColumns, type LivePoint } from './live.ts';
import type { SeriesRef } from './types.ts';

const ref = (id: number, assetId: string, channel: string, customerId: string | null) =>
  ({ id, tenantId: 't', assetId, channel, modelId: null, customerId }) as SeriesRef;

describe('LiveHub', () => {
  const refs = [
    ref(0, 'a1', 'temp', 'c1'),
    ref(1, 'a1', 'rul_hours', 'c1'),
    ref(5000, 'a2', 'temp', null),
  ];
  const byId = new Map(refs.map((r) => [r.id, r]));
  const batch = (ts: number): LiveColumns => ({
    n: 4,
    seriesId: Uint32Array.from([0, 1, 5000, 77]), // 77: no such series
    ts: [ts, ts, ts, ts],
    values: [1, 2, 3, 4],
    series: (id) => byId.get(id),
  });

  it('filters by asset, channel and current customer, and hands column subscribers the batch', () => {
    const hub = new LiveHub();
    const got: Record<string, LivePoint[]> = { temp: [], a2: [], c1: [], all: [] };
    const columns: LiveColumns[] = [];
    hub.subscribe({ tenantId: 't', channels: new Set(['temp']), customerIds: null }, (p) =>
      got.temp!.push(...p),
    );
    hub.subscribe({ tenantId: 't', assetIds: new Set(['a2']), customerIds: null }, (p) =>
      got.a2!.push(...p),
    );
    hub.subscribe({ tenantId: 't', customerIds: new Set(['c1']) }, (p) => got.c1!.push(...p));
    hub.subscribe({ tenantId: 't', customerIds: null }, (p) => got.all!.push(...p));
    hub.subscribe({ tenantId: 'other', customerIds: null }, () => expect.fail('another tenant'));
    const off = hub.subscribeColumns('t', (b) => columns.push(b));
    hub.subscribeColumns('other', () => expect.fail('another tenant'));
    expect(hub.size).toBe(7);

    hub.publish('t', batch(1));
    // a2 moves to customer c1: the next batch reaches c1's subscriber, on the same series ids.
    refs[2]!.customerId = 'c1';
    hub.publish('t', batch(2));
    off();
    hub.publish('t', batch(3));

    const seen = (ps: LivePoint[]) => ps.map((p) => `${p.assetId}/${p.channel}@${p.ts}`);
    expect(seen(got.temp!)).toEqual([
      'a1/temp@1',
      'a2/temp@1',
      'a1/temp@2',
      'a2/temp@2',
      'a1/temp@3',
      'a2/temp@3',
    ]);
    expect(seen(got.a2!)).toEqual(['a2/temp@1', 'a2/temp@2', 'a2/temp@3']);
    expect(seen(got.c1!)).toEqual([
      'a1/temp@1',
      'a1/rul_hours@1',
      'a1/temp@2',
      'a1/rul_hours@2',
      'a2/temp@2',
      'a1/temp@3',
      'a1/rul_hours@3',
      'a2/temp@3',
    ]);
    expect(got.all!.length).toBe(9);
    expect(got.all![2]).toEqual({ assetId: 'a2', channel: 'temp', ts: 1, value: 3 });
    expect(columns.map((b) => b.ts[0])).toEqual([1, 2]);
    expect(hub.size).toBe(6);
  });
  it('feeds batches published later in order, once each, after the turn, in slices of CPU', async () => {
    const hub = new LiveHub();
    const fed: number[] = [];
    hub.subscribeColumns('t', (b) => {
      fed.push(b.ts[0]!);
      // Each batch holds the loop past the slice, so a slice feeds one batch and yields.
      for (const until = performance.now() + 6; performance.now() < until;);
    });
    hub.publishLater('t', batch(1));
    hub.publishLater('t', batch(2));
    hub.publishLater('t', batch(3));
    expect(fed).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(fed).toEqual([1]); // one slice, then sockets and timers get their turn
    hub.publish('t', batch(4)); // a batch fed now comes after those stored before it
    expect(fed).toEqual([1, 2, 3, 4]);
    hub.publishLater('t', batch(5));
    hub.flush(); // at shutdown
    expect(fed).toEqual([1, 2, 3, 4, 5]);
    await new Promise((r) => setTimeout(r, 20));
    expect(fed).toEqual([1, 2, 3, 4, 5]);
  });

  it('a subscriber that fails on a batch fed later loses that batch only', async () => {
    const hub = new LiveHub();
    const fed: number[] = [];
    hub.subscribeColumns('t', (b) => {
      if (b.ts[0] === 1) throw new Error('bad rule');
      fed.push(b.ts[0]!);
    });
    const err = console.error;
    console.error = () => {};
    try {
      hub.publishLater('t', batch(1));
      hub.publishLater('t', batch(2));
      await new Promise((r) => setImmediate(r));
    } finally {
      console.error = err;
    }
    expect(fed).toEqual([2]);
  });

  it("cluster mode: another node's points reach only the streams that asked for every node's", () => {
    const hub = new LiveHub();
    const stream: LivePoint[] = [];
    const here: LivePoint[] = [];
    let rules = 0;
    const point = { assetId: 'a1', channel: 'temp', ts: 5, value: 1, customerId: 'c1' };
    // No stream wants remote points yet: nothing is decoded for them.
    expect(hub.wantsRemote('t')).toBe(false);
    hub.subscribe({ tenantId: 't', customerIds: null, everyNode: true }, (p) => stream.push(...p));
    hub.subscribe({ tenantId: 't', customerIds: null }, (p) => here.push(...p));
    hub.subscribeColumns('t', () => rules++);
    expect(hub.wantsRemote('t')).toBe(true);
    expect(hub.wantsRemote('other')).toBe(false);
    hub.publishPoints('t', [point], true);
    // The stream got it; the rules and in-process readers (they run on the owner) did not.
    expect(stream).toEqual([{ assetId: 'a1', channel: 'temp', ts: 5, value: 1 }]);
    expect(here).toEqual([]);
    expect(rules).toBe(0);
    // The node's own points reach every subscriber.
    hub.publishPoints('t', [{ ...point, ts: 6 }]);
    expect(stream).toHaveLength(2);
    expect(here).toHaveLength(1);
    expect(rules).toBe(1);
  });
});
