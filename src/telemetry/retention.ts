// Retention per tenant and per resolution (raw, 1m, 1h, 1d): how long each is kept. Unset means
// forever. Whole day windows are dropped once they end before now − keep. Because a day whose
// minutes hold at most one point stores no 1m rollup (raw serves as 1m), such raw chunks are kept
// as long as the 1m retention asks. Days are stored as their hours until the 1h retention drops
// those; then the day's 1d row is written. Points older than the raw retention are refused at
// ingest.
//
// Retention per channel (issue #17): a rule for one channel of a tenant, optionally only on
// assets of one model, overrides the tenant's retention resolution by resolution (null: for
// ever). The most specific rule wins — channel and model, then channel, then tenant — and each
// series is expired by its own effective retention. Ingest refuses points older than the most
// permissive raw retention among the tenant's rules; the next pass drops what its own rule
// does not keep.
import type { SelectQueryBuilder } from 'kysely';
import type { Database, Db } from '../storage/index.ts';
import { decodeRollup, encodeRollup } from './codec/chunk.ts';
import { WINDOW_MS } from './engine/compactor.ts';
import { DAY, fromColumns, rebucket, toColumns } from './engine/rollup.ts';
import { deleteRollups, upsertRollups } from './engine/store.ts';
import type { Resolution } from './types.ts';

const DAYS_PER_BATCH = 1000;

export type RetentionMap = Partial<Record<Resolution, number>>;

/** A channel's overrides: per resolution, ms to keep or null for ever (absent: the tenant's). */
export interface ChannelRule {
  channel: string;
  /** Only on assets of this model; null for every model. */
  modelId: string | null;
  keep: Partial<Record<Resolution, number | null>>;
}

type SeriesIn =
  readonly number[] | SelectQueryBuilder<Database, 'telemetry_series', { id: number }>;

const ID_BATCH = 500;

export class RetentionPolicies {
  private readonly byTenant = new Map<string, RetentionMap>();
  private readonly channelRules = new Map<string, ChannelRule[]>();

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
    const channels = await this.db.kysely
      .selectFrom('telemetry_channel_retention')
      .selectAll()
      .execute();
    this.channelRules.clear();
    for (const r of channels) {
      const keep = r.keep_ms === null ? null : Number(r.keep_ms);
      this.rememberChannel(
        r.tenant_id,
        r.channel,
        r.model_id || null,
        r.resolution as Resolution,
        keep,
      );
    }
  }

  private rememberChannel(
    tenantId: string,
    channel: string,
    modelId: string | null,
    res: Resolution,
    keep: number | null | undefined,
  ): void {
    const rules = this.channelRules.get(tenantId) ?? [];
    let rule = rules.find((r) => r.channel === channel && r.modelId === modelId);
    if (!rule) rules.push((rule = { channel, modelId, keep: {} }));
    if (keep === undefined) delete rule.keep[res];
    else rule.keep[res] = keep;
    const kept = rules.filter((r) => Object.keys(r.keep).length > 0);
    if (kept.length) this.channelRules.set(tenantId, kept);
    else this.channelRules.delete(tenantId);
  }

  /** The tenant's channel rules (copies). */
  channels(tenantId: string): ChannelRule[] {
    return (this.channelRules.get(tenantId) ?? []).map((r) => ({ ...r, keep: { ...r.keep } }));
  }

  /**
   * Sets (ms, or null for ever) or with undefined removes a channel's override of `res`, for
   * assets of `modelId` only or (null) every model.
   */
  async setChannel(
    tenantId: string,
    channel: string,
    modelId: string | null,
    res: Resolution,
    keepMs: number | null | undefined,
  ): Promise<void> {
    const k = this.db.kysely;
    const model = modelId ?? '';
    await k.transaction().execute(async (tx) => {
      await tx
        .deleteFrom('telemetry_channel_retention')
        .where('tenant_id', '=', tenantId)
        .where('channel', '=', channel)
        .where('model_id', '=', model)
        .where('resolution', '=', res)
        .execute();
      if (keepMs !== undefined)
        await tx
          .insertInto('telemetry_channel_retention')
          .values({
            tenant_id: tenantId,
            channel,
            model_id: model,
            resolution: res,
            keep_ms: keepMs,
          })
          .execute();
    });
    this.rememberChannel(tenantId, channel, modelId, res, keepMs);
  }

  /** The retention of one series: the tenant's, overridden by its channel's rules. */
  effective(tenantId: string, channel: string, modelId: string | null): RetentionMap {
    const m: RetentionMap = this.get(tenantId);
    const rules = this.channelRules.get(tenantId) ?? [];
    const general = rules.find((r) => r.channel === channel && r.modelId === null);
    const specific =
      modelId === null
        ? undefined
        : rules.find((r) => r.channel === channel && r.modelId === modelId);
    for (const rule of [general, specific]) {
      if (!rule) continue;
      for (const [res, keep] of Object.entries(rule.keep) as Array<[Resolution, number | null]>) {
        if (keep === null) delete m[res];
        else m[res] = keep;
      }
    }
    return m;
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
    if (raw === undefined) return -Infinity;
    let longest = raw;
    for (const r of this.channelRules.get(tenantId) ?? []) {
      const keep = r.keep.raw;
      if (keep === null) return -Infinity;
      if (keep !== undefined) longest = Math.max(longest, keep);
    }
    return now - longest;
  }

  /** Tenants with any retention set, for the tenant or a channel. */
  tenants(): string[] {
    return [...new Set([...this.byTenant.keys(), ...this.channelRules.keys()])];
  }

  /**
   * Start of the first window `apply(now)` keeps at every resolution of the tenant: data before
   * it may be gone (−Infinity when nothing expires). Memory caches drop what lies before it.
   */
  firstKept(
    tenantId: string,
    now: number,
    series?: { channel: string; modelId: string | null },
  ): number {
    const m = series
      ? this.effective(tenantId, series.channel, series.modelId)
      : this.get(tenantId);
    const keeps = Object.values(m);
    if (keeps.length === 0) return -Infinity;
    return Math.ceil((now - Math.min(...keeps) - WINDOW_MS) / WINDOW_MS) * WINDOW_MS;
  }

  /** Deletes expired windows of every tenant; returns the rows removed. */
  async apply(now: number): Promise<number> {
    let removed = 0;
    for (const tenantId of this.tenants()) {
      const k = this.db.kysely;
      if (!this.channelRules.has(tenantId)) {
        const series = k
          .selectFrom('telemetry_series')
          .select('id')
          .where('tenant_id', '=', tenantId);
        removed += await this.expire(tenantId, this.get(tenantId), now, series);
        continue;
      }
      // Series grouped by their effective retention; each group expired by id.
      const rows = await k
        .selectFrom('telemetry_series')
        .select(['id', 'channel', 'model_id'])
        .where('tenant_id', '=', tenantId)
        .execute();
      const groups = new Map<string, { m: RetentionMap; ids: number[] }>();
      for (const r of rows) {
        const m = this.effective(tenantId, r.channel, r.model_id);
        const key = JSON.stringify(Object.entries(m).sort());
        const g = groups.get(key) ?? { m, ids: [] };
        g.ids.push(Number(r.id));
        groups.set(key, g);
      }
      for (const { m, ids } of groups.values()) {
        if (Object.keys(m).length === 0) continue;
        for (let i = 0; i < ids.length; i += ID_BATCH)
          removed += await this.expire(tenantId, m, now, ids.slice(i, i + ID_BATCH));
      }
    }
    return removed;
  }

  /**
   * Writes the 1d row of each window whose 1h rollup expires before its 1d rollup would: the
   * compactor stores days only as their hours (window-work.ts), so the hours are folded into one
   * daily bucket first. Each batch of windows is converted and its hours dropped atomically.
   * Returns the 1h rows dropped.
   */
  private async keepDays(m: RetentionMap, now: number, series: SeriesIn): Promise<number> {
    const hoursBefore = now - m['1h']! - WINDOW_MS;
    const daysFrom = m['1d'] === undefined ? -Infinity : now - m['1d'] - WINDOW_MS;
    if (daysFrom >= hoursBefore) return 0;
    let n = 0;
    const k = this.db.kysely;
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

  private async expire(
    _tenantId: string,
    m: RetentionMap,
    now: number,
    series: SeriesIn,
  ): Promise<number> {
    const k = this.db.kysely;
    const before = (keep: number) => now - keep - WINDOW_MS;
    let n = 0;
    if (m['1h'] !== undefined) n += await this.keepDays(m, now, series);
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
