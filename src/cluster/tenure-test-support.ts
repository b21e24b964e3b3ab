// The harness of the partition tenure tests (partition-tenures.test.ts, rule-holds.test.ts):
// nodes' tenures of one partition over real monitoring runtimes on one database. The leases
// and the stream are played by the test (it says when a lease is gained or lost, and hands
// each worker its batches), and a row lock taken by the test can hold an alarm commit in
// flight, so each interleaving is deterministic.
import { sql } from 'kysely';
import {
  createMonitoringRuntime,
  type MonitoringRuntime,
  type PointColumns,
} from '../monitoring/index.ts';
import type { Db } from '../storage/index.ts';
import type { LogMessage } from './codec.ts';
import { PartitionTenures } from './partition-tenures.ts';
import { partitionOf } from './partitions.ts';
import { lastPointTimes, storeMessages } from './point-store.ts';

export const TENANT = 'tn_chaos';
export const ASSET = 'pump-1';
export const P = partitionOf(TENANT, ASSET);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const point = (ts: number, value: number): LogMessage => ({
  tenantId: TENANT,
  points: [{ assetId: ASSET, channel: 'p', ts, value, customerId: null }],
});
export const high = (ts: number) => [point(ts, 100)];
export const low = (ts: number) => [point(ts, 0)];

export type Store = (m: LogMessage[]) => Promise<void>;

/** A worker the test drives: `store` as the partition worker calls it; stop() waits for the
 * batches in hand and, when `hold` is set, for the test to let it go. */
export class TestWorker {
  inFlight = new Set<Promise<unknown>>();
  hold?: Promise<void>;
  constructor(private readonly storeFn: (m: LogMessage[], raw: Uint8Array[]) => Promise<void>) {}
  store: Store = (m) => {
    const p = this.storeFn(m, []);
    this.inFlight.add(p);
    void p.then(
      () => this.inFlight.delete(p),
      () => this.inFlight.delete(p),
    );
    return p;
  };
  async stop() {
    await this.hold;
    await Promise.allSettled([...this.inFlight]);
  }
}

/** One node: its monitoring runtime and its tenures, with leases the test sets. */
/** What the test plays of the lease and the consumer: when the lease was taken, how many of the
 * previous owner's deliveries are unacknowledged and when the last was, how long rule 5's wait
 * may last. */
export interface Played {
  takenAt?: () => number;
  unacknowledged?: () => number;
  /** When the consumer last delivered (epoch ms), undefined: the server does not say. */
  lastDeliveredAt?: () => number | undefined;
  drainMs?: number;
}

export async function startNode(db: Db, nodeId: string, played: Played = {}) {
  const epochs = new Map<number, number>();
  const takenAt = new Map<number, number>();
  const workers: TestWorker[] = [];
  let send: ((b: PointColumns) => void) | undefined;
  const evaluate = (messages: LogMessage[]) => {
    for (const m of messages)
      send!({
        n: m.points.length,
        seriesId: m.points.map(() => 0),
        ts: m.points.map((x) => x.ts),
        values: m.points.map((x) => x.value),
        series: () => ({ assetId: ASSET, channel: 'p' }),
      });
  };
  const tenures: PartitionTenures = new PartitionTenures({
    db,
    nodeId,
    generation: 1,
    epochOf: (p) => epochs.get(p),
    takenAt: (p) => takenAt.get(p),
    pending: () =>
      Promise.resolve({
        count: played.unacknowledged?.() ?? 0,
        lastDeliveredAt: played.lastDeliveredAt?.(),
      }),
    ...(played.drainMs !== undefined ? { drainMs: played.drainMs } : {}),
    release: (p) => {
      epochs.delete(p);
      tenures.lost(p);
      return Promise.resolve();
    },
    startWorker: (_p, store) => {
      const w = new TestWorker(store);
      workers.push(w);
      return w;
    },
    write: async (m, fence) => {
      await storeMessages(db, m, fence);
    },
    evaluate: (messages) => evaluate(messages),
    stored: () => undefined,
    log: () => undefined,
  });
  const runtime: MonitoringRuntime = await createMonitoringRuntime({
    db,
    listTenants: () => Promise.resolve([TENANT]),
    listAssets: () =>
      Promise.resolve([
        {
          id: ASSET,
          modelId: null,
          parentId: null,
          customerId: null,
          channels: ['p'],
          properties: {},
        },
      ]),
    subscribe: (_t, s) => {
      send = s;
      return Promise.resolve(() => undefined);
    },
    sharedDatabase: true,
    ruleFence: {
      tokenOf: (t, a) => tenures.tokenOf(t, a),
      holds: (tx, tokens) => PartitionTenures.holds(tx, tokens),
    },
    lastStored: (t, assets) => lastPointTimes(db, t, assets),
  });
  tenures.evaluateWith(runtime);
  const node = {
    runtime,
    tenures,
    workers,
    phase: async () => (await runtime.tenant(TENANT)).engine.phase(ASSET, 'hi'),
    /** Feeds the rules without a worker: an evaluation whose point write committed earlier. */
    evaluate,
    gain(epoch: number) {
      epochs.set(P, epoch);
      takenAt.set(P, played.takenAt?.() ?? Date.now());
      tenures.gained(P);
    },
    lose() {
      epochs.delete(P);
      tenures.lost(P);
    },
    /** The n-th worker (1-based) of this node, once its tenure began. */
    async worker(n: number): Promise<TestWorker> {
      for (let i = 0; i < 400 && workers.length < n; i++) await sleep(25);
      if (workers.length < n) throw new Error(`worker ${n} of ${nodeId} never started`);
      return workers[n - 1]!;
    },
  };
  return node;
}

/** Holds the asset's alarm row locked (FOR UPDATE) until the returned function is called. */
export async function lockAlarm(db: Db): Promise<() => Promise<void>> {
  let unlock!: () => void;
  const released = new Promise<void>((r) => (unlock = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const done = db.kysely.transaction().execute(async (tx) => {
    await sql`select id from alarms where asset_id = ${ASSET} for update`.execute(tx);
    locked();
    await released;
  });
  await isLocked;
  return async () => {
    unlock();
    await done;
  };
}

export async function journal(db: Db): Promise<string[]> {
  const { rows } = await sql<{ action: string; at: string }>`
    select action, at from alarm_journal where asset_id = ${ASSET}
      and action in ('raised', 'returned', 'cleared') order by at, action`.execute(db.kysely);
  return rows.map((r) => `${r.action}@${Number(r.at)}`);
}

/** Polls until `f` answers true, for at most `ms` (a bound, not a timing assertion). */
export async function until(f: () => Promise<boolean>, ms = 3_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(20)) if (await f()) return;
}
