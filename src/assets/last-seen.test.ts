// The last-seen recorder's flush for a fleet (issue 21): 10,000 assets and 10,000 devices are
// written in chunks with a turn of the event loop before each, so MQTT acknowledgements and HTTP
// answers wait for one chunk at most, never for the whole fleet. Measured by counting rows
// written between two turns of the loop (a setImmediate probe), not by wall time.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import type { Db } from '../storage/index.ts';
import { createLastSeenRecorder, LAST_SEEN_CHUNK_ROWS } from './index.ts';

const FLEET = 10_000;
const assetId = (i: number) => `a-${i}`;
const deviceId = (i: number) => `d-${i}`;

async function insertFleet(db: Db): Promise<void> {
  const now = Date.now();
  await db.kysely
    .insertInto('tenants')
    .values({ id: 't1', slug: 't1', name: 'T1', created_at: now })
    .execute();
  for (let i = 0; i < FLEET; i += 1000) {
    const ids = Array.from({ length: Math.min(1000, FLEET - i) }, (_, k) => i + k);
    await db.kysely
      .insertInto('assets')
      .values(
        ids.map((n) => ({
          id: assetId(n),
          tenant_id: 't1',
          level: 'equipment',
          name: `A${n}`,
          serial: `A${n}`,
          site: 's',
          lifecycle: 'operation',
          properties: '{}',
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await db.kysely
      .insertInto('devices')
      .values(
        ids.map((n) => ({
          id: deviceId(n),
          tenant_id: 't1',
          asset_id: assetId(n),
          name: `d${n}`,
          created_at: now,
        })),
      )
      .execute();
  }
}

/** Counts, at every turn of the event loop, the rows `updates()` says were written since the last. */
function loopProbe(updates: () => number) {
  let last = updates();
  let most = 0;
  let turns = 0;
  let on = true;
  const tick = () => {
    const now = updates();
    most = Math.max(most, now - last);
    last = now;
    turns++;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop() {
      on = false;
      tick();
      return { most, turns };
    },
  };
}

describeEachDatabase('last-seen recorder for a fleet', (t) => {
  let opened: Awaited<ReturnType<typeof t.open>> | undefined;
  beforeEach(async () => {
    opened = await t.open();
    await insertFleet(opened.db);
  }, 60_000);
  afterEach(async () => {
    await opened?.dispose();
    opened = undefined;
  });

  it('writes 20,000 rows in chunks, giving the event loop a turn before each', async () => {
    const db = opened!.db;
    const rec = createLastSeenRecorder(db, { intervalMs: 3_600_000 });
    const t0 = 1_800_000_000_000;
    for (let i = 0; i < FLEET; i++) rec.note([assetId(i)], t0 + i, deviceId(i));
    rec.note([assetId(7)], t0 - 1); // an older time never replaces a newer one
    const probe = loopProbe(() => rec.updates);
    await rec.flush();
    const { most, turns } = probe.stop();
    expect(rec.updates).toBe(2 * FLEET);
    // No turn of the loop saw more than one chunk written (the old flush: all 20,000 in one).
    expect(most).toBeLessThanOrEqual(LAST_SEEN_CHUNK_ROWS);
    expect(turns).toBeGreaterThanOrEqual((2 * FLEET) / LAST_SEEN_CHUNK_ROWS);
    const assets = await db.kysely.selectFrom('assets').select(['id', 'last_seen_at']).execute();
    const devices = await db.kysely.selectFrom('devices').select(['id', 'last_seen_at']).execute();
    const byId = new Map([...assets, ...devices].map((r) => [r.id, r.last_seen_at]));
    for (let i = 0; i < FLEET; i++) {
      expect(byId.get(assetId(i))).toBe(t0 + i);
      expect(byId.get(deviceId(i))).toBe(t0 + i);
    }
    // A later flush writes only what was noted since: one asset, its device.
    rec.note([assetId(3)], t0 + 1e6, deviceId(3));
    await rec.flush();
    expect(rec.updates).toBe(2 * FLEET + 2);
    const a3 = await db.kysely
      .selectFrom('assets')
      .select('last_seen_at')
      .where('id', '=', assetId(3))
      .executeTakeFirstOrThrow();
    expect(a3.last_seen_at).toBe(t0 + 1e6);
    await rec.close();
  }, 60_000);

  it('lets a query in between two chunks instead of queueing it behind the whole flush', async () => {
    const db = opened!.db;
    const rec = createLastSeenRecorder(db, { intervalMs: 3_600_000, chunkRows: 1000 });
    for (let i = 0; i < FLEET; i++) rec.note([assetId(i)], 1_800_000_000_000, deviceId(i));
    const flushed = rec.flush();
    // A read issued once the first chunk is written (an ingest's registry lookup, say).
    let seenAt: number | undefined;
    const probe = async () => {
      while (rec.updates === 0) await new Promise((r) => setImmediate(r));
      await db.kysely.selectFrom('tenants').select('id').execute();
      seenAt = rec.updates;
    };
    await Promise.all([flushed, probe()]);
    expect(seenAt).toBeDefined();
    expect(seenAt!).toBeLessThan(2 * FLEET);
    await rec.close();
  }, 60_000);
});
