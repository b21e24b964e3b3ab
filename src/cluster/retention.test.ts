// Retention of the shared store (retention.ts) on real PostgreSQL: the pass deletes each
// tenant's raw points and minute and hour rollups past its retention, with a channel's rule and
// a channel-and-model rule overriding the tenant's, on whole hours; other tenants keep all;
// the rollups left equal the raw points left where both are kept as long.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDatabases } from '../../test/databases.ts';
import { RetentionPolicies, type SinkPoint } from '../telemetry/index.ts';
import { storeMessages } from './point-store.ts';
import { expireClusterStore } from './retention.ts';
import { HOUR_MS, MINUTE_MS } from './rollups.ts';
import { insertFleet } from './test-fleet.ts';

const pg = testDatabases.find((t) => t.dialect === 'postgres');
if (!pg) console.warn('cluster retention test skipped: RONGHE_TEST_PG_URL is not set');

const DAY = 24 * HOUR_MS;
const NOW = Date.UTC(2026, 11, 7, 10, 30, 0);

describe.skipIf(!pg)('cluster store retention [postgres]', () => {
  it("deletes points and rollups past each tenant's and channel's retention", async () => {
    const { db, dispose } = await pg!.open();
    try {
      await insertFleet(db, 't1', [
        { id: 'a1', model: 'm1' },
        { id: 'a2', model: 'm2' },
      ]);
      await insertFleet(db, 't2', [{ id: 'b1' }]);
      // A point every 10 min over the last 5 days on each series.
      const series = (assetId: string, channel: string): SinkPoint[] =>
        Array.from({ length: (5 * DAY) / 600_000 }, (_, i) => ({
          assetId,
          channel,
          ts: NOW - 5 * DAY + i * 600_000 + 7_000,
          value: i % 17,
          customerId: null,
        }));
      await storeMessages(db, [
        { tenantId: 't1', points: [...series('a1', 'temp'), ...series('a2', 'temp')] },
        { tenantId: 't1', points: [...series('a1', 'flow'), ...series('a2', 'flow')] },
        { tenantId: 't2', points: series('b1', 'temp') },
      ]);
      const policies = new RetentionPolicies(db);
      // t1: raw and minutes 2 days, hours 3 days; `flow` raw 4 days; `flow` of m2 for ever.
      await policies.set('t1', 'raw', 2 * DAY);
      await policies.set('t1', '1m', 2 * DAY);
      await policies.set('t1', '1h', 3 * DAY);
      await policies.set('t1', '1d', 3 * DAY);
      await policies.setChannel('t1', 'flow', null, 'raw', 4 * DAY);
      await policies.setChannel('t1', 'flow', 'm2', 'raw', null);
      await policies.load();
      const removed = await expireClusterStore(db, policies, NOW);
      expect(removed).toBeGreaterThan(0);

      const oldest = async (table: string, col: string, where: string) => {
        const r = await sql<{ t: string | null; n: string }>`
          select min(${sql.ref(col)}) as t, count(*) as n from ${sql.table(table)}
          where ${sql.raw(where)}`.execute(db.kysely);
        return Number(r.rows[0]!.t);
      };
      const cut = (keep: number) => Math.floor((NOW - keep) / HOUR_MS) * HOUR_MS;
      const first = NOW - 5 * DAY + 7_000;
      const p = (w: string) => oldest('cluster_points', 'ts', w);
      expect(await p(`tenant_id = 't1' and channel = 'temp'`)).toBe(cut(2 * DAY) + 7_000);
      expect(await p(`tenant_id = 't1' and channel = 'flow' and asset_id = 'a1'`)).toBe(
        cut(4 * DAY) + 7_000,
      );
      expect(await p(`tenant_id = 't1' and channel = 'flow' and asset_id = 'a2'`)).toBe(first);
      expect(await p(`tenant_id = 't2'`)).toBe(first);
      const r = (size: number, w: string) =>
        oldest('cluster_rollups', 'start', `size_ms = ${size} and ${w}`);
      expect(await r(MINUTE_MS, `tenant_id = 't1' and channel = 'temp'`)).toBe(cut(2 * DAY));
      expect(await r(HOUR_MS, `tenant_id = 't1' and channel = 'temp'`)).toBe(cut(3 * DAY));
      // Minutes and hours outlive raw: `flow` of a1 keeps them 4 days, of a2 for ever.
      expect(await r(MINUTE_MS, `channel = 'flow' and asset_id = 'a1'`)).toBe(cut(4 * DAY));
      expect(await r(HOUR_MS, `channel = 'flow' and asset_id = 'a2'`)).toBe(
        Math.floor(first / HOUR_MS) * HOUR_MS,
      );
      // The minute rollups left summarise exactly the raw points left.
      const diff = await sql<{ n: string }>`
        select count(*) as n from (
          select tenant_id, asset_id, channel, ts - ts % 60000 as start, count(*) as c,
                 sum(value) as s from cluster_points group by 1, 2, 3, 4) raw
        full join (select * from cluster_rollups where size_ms = 60000) m
          using (tenant_id, asset_id, channel, start)
        where raw.c is distinct from m.count or raw.s is distinct from m.sum`.execute(db.kysely);
      expect(Number(diff.rows[0]!.n)).toBe(0);
      // A second pass finds nothing more.
      expect(await expireClusterStore(db, policies, NOW)).toBe(0);
    } finally {
      await dispose();
    }
  });
});
