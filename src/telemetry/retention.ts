// Retention per tenant and per resolution (raw, 1m, 1h, 1d): how long each is kept. Unset means
// forever. Whole day windows are dropped once they end before now − keep. Because a day whose
// minutes hold at most one point stores no 1m rollup (raw serves as 1m), such raw chunks are kept
// as long as the 1m retention asks. Days are stored as their hours until the 1h retention drops
// those; then the day's 1d row is written. Points older than the raw retention are refused at
// ingest.
import type { Db } from '../storage/index.ts';
import { decodeRollup, encodeRollup } from './codec/chunk.ts';
import { WINDOW_MS } from './engine/compactor.ts';
import { DAY, fromColumns, rebucket, toColumns } from './engine/rollup.ts';
import { deleteRollups, upsertRollups } from './engine/store.ts';
import type { Resolution } from './types.ts';

const DAYS_PER_BATCH = 1000;

export type RetentionMap = Partial<Record<Resolution, number>>;

export class RetentionPolicies {
  private readonly byTenant = new Map<string, RetentionMap>();

  constructor(
    private readonly db: Db,
    /** Windows converted per transaction when days are written from hours. */
    private readonly daysPerBatch = DAYS_PER_BATCH,
  ) {}

  /** Reads every tenant's retention (again: `ronghe retention set` writes the table directly). */
  async load(): Promise<void> {
    const rows = await this.db.kysely.selectFrom('telemetry_retention').selectAll().execute();
    this.byTenant.clear();
    for (const r of rows) this.remember(r.tenant_id, r.resolution as Resolution, Number(r.keep_ms));
  }

  private remember(tenantId: string, res: Resolution, keepMs: number | null): void {
    const m = this.byTenant.get(tenantId) ?? {};
    if (keepMs === null) delete m[res];
    else m[res] = keepMs;
    this.byTenant.set(tenantId, m);
  }

  get(tenantId: string): RetentionMap {
    return { ...(this.byTenant.get(tenantId) ?? {}) };
  }

  /** Sets (or with null clears) how long `res` data of the tenant is kept. */
  async set(tenantId: string, res: Resolution, keepMs: number | null): Promise<void> {
    const k = this.db.kysely;
    await k
      .deleteFrom('telemetry_retention')
      .where('tenant_id', '=', tenantId)
      .where('resolution', '=', res)
      .execute();
    if (keepMs !== null) {
      await k
        .insertInto('telemetry_retention')
        .values({ tenant_id: tenantId, resolution: res, keep_ms: keepMs })
        .execute();
    }
    this.remember(tenantId, res, keepMs);
  }

  oldestAllowed(tenantId: string, now: number): number {
    const raw = this.byTenant.get(tenantId)?.raw;
    return raw === undefined ? -Infinity : now - raw;
  }

  /** Tenants with any retention set. */
  tenants(): string[] {
    return [...this.byTenant.keys()];
  }

  /**
   * Start of the first window `apply(now)` keeps at every resolution of the tenant: data before
   * it may be gone (−Infinity when nothing expires). Memory caches drop what lies before it.
   */
  firstKept(tenantId: string, now: number): number {
    const keeps = Object.values(this.byTenant.get(tenantId) ?? {});
    if (keeps.length === 0) return -Infinity;
    return Math.ceil((now - Math.min(...keeps) - WINDOW_MS) / WINDOW_MS) * WINDOW_MS;
  }

  /** Deletes expired windows of every tenant; returns the rows removed. */
  async apply(now: number): Promise<number> {
    let removed = 0;
    for (const [tenantId, m] of this.byTenant) {
      removed += await this.expire(tenantId, m, now);
    }
    return removed;
  }

  /**
   * Writes the 1d row of each window whose 1h rollup expires before its 1d rollup would: the
   * compactor stores days only as their hours (window-work.ts), so the hours are folded into one
   * daily bucket first. Each batch of windows is converted and its hours dropped atomically.
   * Returns the 1h rows dropped.
   */
  private async keepDays(tenantId: string, m: RetentionMap, now: number): Promise<number> {
    const hoursBefore = now - m['1h']! - WINDOW_MS;
    const daysFrom = m['1d'] === undefined ? -Infinity : now - m['1d'] - WINDOW_MS;
    if (daysFrom >= hoursBefore) return 0;
    let n = 0;
    const k = this.db.kysely;
    const series = k.selectFrom('telemetry_series').select('id').where('tenant_id', '=', tenantId);
    // Walk the rows in key order after a cursor, so the loop ends even if a delete did not.
    let after = { sid: -1, window: 0 };
    for (;;) {
      const cursor = after;
      const hourly = await k
        .selectFrom('telemetry_rollups')
        .selectAll()
        .where('resolution', '=', '1h')
        .where('series_id', 'in', series)
        .where('window_start', '<', hoursBefore)
        .where('window_start', '>=', Number.isFinite(daysFrom) ? daysFrom : Number.MIN_SAFE_INTEGER)
        .where((eb) =>
          eb.or([
            eb('series_id', '>', cursor.sid),
            eb.and([eb('series_id', '=', cursor.sid), eb('window_start', '>', cursor.window)]),
          ]),
        )
        .orderBy('series_id')
        .orderBy('window_start')
        .limit(this.daysPerBatch)
        .execute();
      if (hourly.length === 0) return n;
      const last = hourly[hourly.length - 1]!;
      after = { sid: Number(last.series_id), window: Number(last.window_start) };
      const days = hourly.map((r) => ({
        series_id: Number(r.series_id),
        resolution: '1d',
        window_start: Number(r.window_start),
        data: encodeRollup(toColumns(rebucket(fromColumns(decodeRollup(r.data)), DAY, 0, true))),
      }));
      await k.transaction().execute(async (tx) => {
        await upsertRollups(this.db, tx, days);
        await deleteRollups(
          this.db,
          tx,
          days.map((d) => ({ ...d, resolution: '1h' })),
        );
      });
      n += days.length;
    }
  }

  private async expire(tenantId: string, m: RetentionMap, now: number): Promise<number> {
    const k = this.db.kysely;
    const series = k.selectFrom('telemetry_series').select('id').where('tenant_id', '=', tenantId);
    const before = (keep: number) => now - keep - WINDOW_MS;
    let n = 0;
    if (m['1h'] !== undefined) n += await this.keepDays(tenantId, m, now);
    for (const res of ['1m', '1h', '1d'] as const) {
      const keep = m[res];
      if (keep === undefined) continue;
      const r = await k
        .deleteFrom('telemetry_rollups')
        .where('resolution', '=', res)
        .where('series_id', 'in', series)
        .where('window_start', '<', before(keep))
        .executeTakeFirst();
      n += Number(r.numDeletedRows);
    }
    if (m.raw !== undefined) {
      const rawBefore = before(m.raw);
      const minuteBefore = m['1m'] === undefined ? -Infinity : before(m['1m']);
      const r = await k
        .deleteFrom('telemetry_chunks as c')
        .where('c.series_id', 'in', series)
        .where('c.window_start', '<', rawBefore)
        .where((eb) =>
          eb.or([
            eb('c.window_start', '<', minuteBefore),
            eb.exists(
              eb
                .selectFrom('telemetry_rollups as r')
                .select('r.series_id')
                .whereRef('r.series_id', '=', 'c.series_id')
                .whereRef('r.window_start', '=', 'c.window_start')
                .where('r.resolution', '=', '1m'),
            ),
          ]),
        )
        .executeTakeFirst();
      n += Number(r.numDeletedRows);
    }
    return n;
  }
}
