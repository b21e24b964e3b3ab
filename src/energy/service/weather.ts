// Weather per site: a station is either a temperature channel of an asset (a site's own sensor, or
// a weather-station asset) or rows imported from CSV (`dt,tempC` or `dt,tempF`, as the shared
// CalTRACK data); a site is linked to a station, which may be a nearby one shared by several sites.
import { getAsset } from '../../assets/index.ts';
import { recordAudit, type Scope } from '../../identity/index.ts';
import { fahrenheit, fahrenheitToCelsius, invalid } from '../../kernel/index.ts';
import { parseTemperatureCsv } from '../load/csv.ts';
import type { TemperatureSeries } from '../mv/index.ts';
import { stationTemperature, type EnergyDeps, type StationRow } from './data.ts';
import { energyId, mustFind } from './scoped.ts';

export type StationInput =
  | { name: string; source: 'channel'; assetId: string; channel: string; unit: 'C' | 'F' }
  | { name: string; source: 'imported' };

export interface Station {
  id: string;
  name: string;
  source: 'channel' | 'imported';
  assetId: string | null;
  channel: string | null;
  unit: string;
}

const toStation = (r: StationRow & { name: string }): Station => ({
  id: r.id,
  name: r.name,
  source: r.source === 'channel' ? 'channel' : 'imported',
  assetId: r.asset_id,
  channel: r.channel,
  unit: r.unit,
});

async function stationRow(deps: EnergyDeps, scope: Scope, id: string) {
  const r = await deps.db.kysely
    .selectFrom('energy_weather_stations')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return mustFind(r, 'Weather station', id);
}

export const getStation = async (deps: EnergyDeps, scope: Scope, id: string) =>
  toStation(await stationRow(deps, scope, id));

export async function listStations(deps: EnergyDeps, scope: Scope): Promise<Station[]> {
  const rows = await deps.db.kysely
    .selectFrom('energy_weather_stations')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('name')
    .execute();
  return rows.map(toStation);
}

export async function createStation(
  deps: EnergyDeps,
  scope: Scope,
  input: StationInput,
): Promise<Station> {
  const id = energyId('ws');
  const row =
    input.source === 'channel'
      ? {
          asset_id: (await getAsset(deps.db, scope, input.assetId)).id,
          channel: input.channel,
          unit: input.unit,
        }
      : { asset_id: null, channel: null, unit: 'C' };
  const full = {
    id,
    tenant_id: scope.tenantId,
    name: input.name,
    source: input.source,
    ...row,
    created_at: Date.now(),
  };
  await deps.db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('energy_weather_stations').values(full).execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'energy.station.create',
      entityType: 'energy_weather_station',
      entityId: id,
      details: input,
    });
  });
  return toStation(full);
}

/** Imports hourly (or finer) temperatures; later rows for the same time replace earlier ones. */
export async function importWeatherCsv(
  deps: EnergyDeps,
  scope: Scope,
  stationId: string,
  csv: string,
) {
  const st = await stationRow(deps, scope, stationId);
  if (st.source !== 'imported')
    throw invalid('stationId', {
      en: 'the station reads a telemetry channel; import into an imported station',
      'zh-CN': '该气象站读取遥测通道；请导入到导入型气象站',
    });
  const { series, sourceUnit } = parseTemperatureCsv(csv, 'csv');
  const rows: Array<{ tenant_id: string; station_id: string; ts: number; temp_c: number }> = [];
  series.valuesF.forEach((f, i) => {
    if (!Number.isNaN(f))
      rows.push({
        tenant_id: scope.tenantId,
        station_id: stationId,
        ts: series.startMs + i * 3_600_000,
        temp_c: fahrenheitToCelsius(fahrenheit(f)),
      });
  });
  const chunk = Math.max(1, Math.floor(deps.db.capabilities.maxParameters / 4) - 1);
  await deps.db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += chunk) {
      const part = rows.slice(i, i + chunk);
      await trx
        .deleteFrom('energy_weather_points')
        .where('station_id', '=', stationId)
        .where(
          'ts',
          'in',
          part.map((r) => r.ts),
        )
        .execute();
      await trx.insertInto('energy_weather_points').values(part).execute();
    }
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'energy.weather.import',
      entityType: 'energy_weather_station',
      entityId: stationId,
      details: { hours: rows.length, sourceUnit },
    });
  });
  return { stationId, hours: rows.length, sourceUnit };
}

export async function linkSite(deps: EnergyDeps, scope: Scope, site: string, stationId: string) {
  await stationRow(deps, scope, stationId);
  await deps.db.kysely.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('energy_sites')
      .where('tenant_id', '=', scope.tenantId)
      .where('site', '=', site)
      .execute();
    await trx
      .insertInto('energy_sites')
      .values({ tenant_id: scope.tenantId, site, station_id: stationId })
      .execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'energy.site.link',
      entityType: 'energy_site',
      entityId: site,
      details: { stationId },
    });
  });
  return { site, stationId };
}

/** The station serving a site, or null when none is linked. */
export async function stationOfSite(
  deps: EnergyDeps,
  scope: Scope,
  site: string,
): Promise<StationRow | null> {
  const link = await deps.db.kysely
    .selectFrom('energy_sites')
    .select('station_id')
    .where('tenant_id', '=', scope.tenantId)
    .where('site', '=', site)
    .executeTakeFirst();
  return link ? await stationRow(deps, scope, link.station_id) : null;
}

export async function siteTemperature(
  deps: EnergyDeps,
  scope: Scope,
  site: string,
  fromMs: number,
  toMs: number,
): Promise<TemperatureSeries | null> {
  const st = await stationOfSite(deps, scope, site);
  return st ? stationTemperature(deps, scope, st, fromMs, toMs) : null;
}
