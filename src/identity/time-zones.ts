// A tenant's time zone (an IANA name, Asia/Shanghai by default) and the sites that keep another
// one (a plant abroad). Every day, week and month the platform cuts — rollups, shift calendars,
// energy periods, KPIs — is cut at midnight in the zone resolved here. Reads are cached per
// process for a few seconds (a rollup query must not cost a database round trip more); a change
// made on this node is seen at once, on another node within CACHE_MS.
import {
  DEFAULT_TIME_ZONE,
  RongheError,
  checkTimeZone,
  invalid,
  type TenantId,
} from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { recordAudit } from './audit.ts';

export interface TimeZoneSettings {
  timeZone: string;
  /** Sites (assets' `site`) whose zone differs from the tenant's, by site name. */
  sites: { site: string; timeZone: string }[];
}

export interface TimeZoneInput {
  timeZone?: string;
  /** A site with `timeZone: null` follows the tenant's zone again. */
  sites?: { site: string; timeZone: string | null }[];
}

const CACHE_MS = 5_000;
const cache = new Map<string, { at: number; settings: TimeZoneSettings }>();

export async function getTimeZones(db: Db, tenantId: TenantId): Promise<TimeZoneSettings> {
  const hit = cache.get(tenantId);
  const now = Date.now();
  if (hit && now - hit.at < CACHE_MS) return hit.settings;
  const t = await db.kysely
    .selectFrom('tenants')
    .select('time_zone')
    .where('id', '=', tenantId)
    .executeTakeFirst();
  if (!t)
    throw new RongheError('RONGHE_NOT_FOUND', {
      en: `Tenant '${tenantId}' was not found.`,
      'zh-CN': `未找到租户“${tenantId}”。`,
    });
  const sites = await db.kysely
    .selectFrom('site_time_zones')
    .select(['site', 'time_zone'])
    .where('tenant_id', '=', tenantId)
    .orderBy('site')
    .execute();
  const settings = {
    timeZone: t.time_zone || DEFAULT_TIME_ZONE,
    sites: sites.map((s) => ({ site: s.site, timeZone: s.time_zone })),
  };
  cache.set(tenantId, { at: now, settings });
  return settings;
}

/** The zone days are cut in: the site's own when it has one, else the tenant's. */
export async function timeZoneOf(db: Db, tenantId: TenantId, site?: string): Promise<string> {
  const s = await getTimeZones(db, tenantId);
  return (site && s.sites.find((x) => x.site === site)?.timeZone) || s.timeZone;
}

/** Sets the tenant's zone and/or sites' zones in one transaction; each name is checked first. */
export async function setTimeZones(
  db: Db,
  tenantId: TenantId,
  input: TimeZoneInput,
  actor: string,
): Promise<TimeZoneSettings> {
  const timeZone =
    input.timeZone === undefined ? undefined : checkTimeZone('timeZone', input.timeZone);
  const sites = (input.sites ?? []).map((s, i) => {
    const site = s.site.trim();
    if (!site) throw invalid(`sites[${i}].site`, { en: 'must not be empty', 'zh-CN': '不能为空' });
    const zone = s.timeZone === null ? null : checkTimeZone(`sites[${i}].timeZone`, s.timeZone);
    return { site, timeZone: zone };
  });
  const now = Date.now();
  await db.kysely.transaction().execute(async (trx) => {
    if (timeZone !== undefined)
      await trx
        .updateTable('tenants')
        .set({ time_zone: timeZone })
        .where('id', '=', tenantId)
        .execute();
    for (const s of sites) {
      await trx
        .deleteFrom('site_time_zones')
        .where('tenant_id', '=', tenantId)
        .where('site', '=', s.site)
        .execute();
      if (s.timeZone !== null)
        await trx
          .insertInto('site_time_zones')
          .values({ tenant_id: tenantId, site: s.site, time_zone: s.timeZone, updated_at: now })
          .execute();
    }
    await recordAudit(trx, {
      tenantId,
      actor,
      action: 'tenant.time-zone',
      entityType: 'tenant',
      entityId: tenantId,
      details: { timeZone, sites },
    });
  });
  cache.delete(tenantId);
  return getTimeZones(db, tenantId);
}
