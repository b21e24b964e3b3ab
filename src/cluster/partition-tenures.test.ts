// A partition changing hands while an alarm commit is in flight (issue 24's chaos run, where
// whole episodes went missing): nodes' tenures of one partition over real monitoring runtimes
// on one PostgreSQL database. The leases and the stream are played by the test (it says when a
// lease is gained or lost, and hands each worker its batches), and a row lock taken by the test
// holds an alarm commit in flight, so each interleaving is deterministic:
//  - a node that loses and regains a partition: the reset after the loss, reading the stored
//    alarm before the new tenure's clear committed, must not put the rule back in "active"
//    (the next episode would raise nothing);
//  - a new owner must resume from the previous owner's last alarm commit, not read before it;
//  - an owner that lost its partition before its rules evaluated may not commit their changes:
//    its batch is refused and the next owner evaluates it;
//  - a new owner waits for the previous owner's unacknowledged deliveries only until they are
//    due, counted from its create of the lease, however late the lease was confirmed, or from
//    the consumer's last delivery when the server says (sooner: they stay unacknowledged until
//    redelivered, so the count alone waited the whole bound after every kill).
import { sql, type Transaction } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import type { MonitoringRuntime } from '../monitoring/index.ts';
import { createRuleStore } from '../monitoring/store/rule-store.ts';
import { RuleWriteRefused } from '../monitoring/store/alarm-service.ts';
import {
  ASSET,
  P,
  TENANT,
  high,
  journal,
  lockAlarm,
  low,
  sleep,
  startNode,
  until,
} from './tenure-test-support.ts';

const pg = testDatabases.find((t) => t.dialect === 'postgres');
if (!pg) console.warn('partition tenure test skipped: RONGHE_TEST_PG_URL is not set');

describe.skipIf(!pg)('partition tenures over one database [postgres]', { timeout: 60_000 }, () => {
  let dispose: (() => Promise<void>) | undefined;
  const runtimes: MonitoringRuntime[] = [];
  afterEach(async () => {
    for (const r of runtimes.splice(0)) await r.close();
    await dispose?.();
    dispose = undefined;
  });

  async function setUp() {
    const h = await pg!.open();
    dispose = h.dispose;
    await createRuleStore(h.db, TENANT).save(
      { scope: 'asset', assetId: ASSET },
      { id: 'hi', severity: 'major', kind: 'threshold', value: 'p', op: 'above', limit: 50 },
      'test',
      1,
    );
    return h.db;
  }

  it('a partition lost and regained: the old tenure’s reset does not wipe the new one’s state', async () => {
    const db = await setUp();
    const n = await startNode(db, 'n1');
    runtimes.push(n.runtime);
    n.gain(1);
    const w1 = await n.worker(1);
    await w1.store(high(10));
    // The lease lapses (a NATS server restarting) while the old worker is slow to stop, and
    // the node takes the partition back at once.
    let letGo!: () => void;
    w1.hold = new Promise((r) => (letGo = r));
    n.lose();
    n.gain(2);
    // The return to normal at 15: its clear is held in flight by the row lock.
    const unlock = await lockAlarm(db);
    const s15 = n.worker(2).then((w) => w.store(low(15)));
    await until(async () => (await n.phase()) === 'normal');
    letGo(); // the old worker stops: its reset reads the alarm, still active in the database
    await sleep(500);
    await unlock();
    await s15;
    const w2 = await n.worker(2);
    await w2.store(high(20));
    await w2.store(low(30));
    expect(await journal(db)).toEqual(['raised@10', 'cleared@15', 'returned@20', 'cleared@30']);
  });

  it('a new owner resumes from the previous owner’s last alarm commit', async () => {
    const db = await setUp();
    const a = await startNode(db, 'a');
    const b = await startNode(db, 'b');
    runtimes.push(a.runtime, b.runtime);
    a.gain(1);
    const wa = await a.worker(1);
    await wa.store(high(10));
    // A evaluates the return to normal at 15; its clear's commit is held in flight.
    const unlock = await lockAlarm(db);
    const s15 = wa.store(low(15));
    await until(async () => (await a.phase()) === 'normal');
    // A's lease lapses; B takes the partition and gets the next message, the crossing at 20.
    a.lose();
    b.gain(2);
    const s20 = b.worker(1).then((w) => w.store(high(20)));
    await sleep(500);
    await unlock();
    await s15; // committed before B's claim: acknowledged, not redelivered
    await s20;
    await (await b.worker(1)).store(low(30));
    expect(await journal(db)).toEqual(['raised@10', 'cleared@15', 'returned@20', 'cleared@30']);
  });

  it('a batch whose alarm commit failed is evaluated anew when it comes back', async () => {
    const db = await setUp();
    const n = await startNode(db, 'n1');
    runtimes.push(n.runtime);
    n.gain(1);
    const w = await n.worker(1);
    // The database refuses the alarm write (its tries and pauses run out): not acknowledged.
    await sql`alter table alarm_journal rename to alarm_journal_away`.execute(db.kysely);
    await expect(w.store(high(10))).rejects.toThrow();
    await sql`alter table alarm_journal_away rename to alarm_journal`.execute(db.kysely);
    // Redelivered to the same owner: the crossing raises now.
    await w.store(high(10));
    await w.store(low(15));
    expect(await journal(db)).toEqual(['raised@10', 'cleared@15']);
  });

  it('an owner that lost the partition before its rules ran commits no alarm change', async () => {
    const db = await setUp();
    const a = await startNode(db, 'a');
    const b = await startNode(db, 'b');
    runtimes.push(a.runtime, b.runtime);
    a.gain(1);
    const wa = await a.worker(1);
    // A's write of the crossing at 10 waits on the partition's fence row; meanwhile its lease
    // is lost, so the write commits (no newer owner wrote yet) but the rules' raise may not.
    let unlock!: () => void;
    const released = new Promise<void>((r) => (unlock = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holding = db.kysely.transaction().execute(async (tx) => {
      await sql`select 1 from cluster_partition_fences where partition = ${P} for update`.execute(
        tx as Transaction<unknown>,
      );
      locked();
      await released;
    });
    await isLocked;
    const s10 = wa.store(high(10));
    await sleep(200);
    a.lose();
    unlock();
    await holding;
    await expect(s10).rejects.toBeInstanceOf(RuleWriteRefused);
    expect(await journal(db)).toEqual([]);
    // Not acknowledged, so the next owner gets the batch again and raises it.
    b.gain(2);
    const wb = await b.worker(1);
    await wb.store(high(10));
    await wb.store(low(15));
    expect(await journal(db)).toEqual(['raised@10', 'cleared@15']);
  });

  it('rule 5: the wait for a dead owner’s deliveries ends when they are due, counted from the lease’s create', async () => {
    const db = await setUp();
    // The dead owner's delivery stays unacknowledged here (it never comes back in this test).
    let pending = 1;
    let polled = 0;
    const unacknowledged = () => (polled++, pending);
    // A lease created now: the tenure waits while the delivery is unacknowledged…
    const a = await startNode(db, 'a', { unacknowledged, drainMs: 60_000 });
    runtimes.push(a.runtime);
    a.gain(1);
    await until(() => Promise.resolve(polled >= 3));
    expect(polled).toBeGreaterThanOrEqual(3);
    expect(a.workers).toHaveLength(0);
    pending = 0; // …until it is acknowledged (or due: redelivered first, then acknowledged)
    await a.worker(1);
    a.lose();
    // A lease created long ago and confirmed only now (a loaded machine's late tick): its
    // previous owner's deliveries are due already, so the first fetch does not wait for them.
    // (The bound counted from the tenure's start waited the whole drainMs here.)
    pending = 1;
    const b = await startNode(db, 'b', {
      unacknowledged,
      drainMs: 60_000,
      takenAt: () => Date.now() - 120_000,
    });
    runtimes.push(b.runtime);
    b.gain(2);
    const wb = await b.worker(1);
    await wb.store(high(10));
    await wb.store(low(15));
    expect(await journal(db)).toEqual(['raised@10', 'cleared@15']);
  });

  it('rule 5: the wait ends once the dead owner’s last delivery is due, though unacknowledged', async () => {
    const db = await setUp();
    let polled = 0;
    const unacknowledged = () => (polled++, 1); // never acknowledged: its owner is dead
    // The server's last delivery, in our clock: played a minute ahead first (not yet due)…
    let last = Date.now() + 60_000;
    const a = await startNode(db, 'a', {
      unacknowledged,
      lastDeliveredAt: () => last,
      drainMs: 60_000,
    });
    runtimes.push(a.runtime);
    a.gain(1);
    await until(() => Promise.resolve(polled >= 3));
    expect(polled).toBeGreaterThanOrEqual(3);
    expect(a.workers).toHaveLength(0);
    // …then a minute back: due (redelivered before anything newer), so the first fetch need not
    // wait for the acknowledgement that only it can make. (The old wait lasted drainMs.)
    last = Date.now() - 60_000;
    const wa = await a.worker(1);
    await wa.store(high(10));
    await wa.store(low(15));
    expect(await journal(db)).toEqual(['raised@10', 'cleared@15']);
  });
});
