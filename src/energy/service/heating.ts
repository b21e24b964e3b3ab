// Heating cloud: heat exchange stations (the simulator's 'heat-station' model: supply_temp,
// return_temp, flow, heat, outdoor_temp). Heat per heated area (the area is an asset property,
// 'heated_area' in m² by default), the weather-compensation curve per station or per model and the
// deviation from it, and imbalance across the stations of a customer, site or model.
import { getAsset, getModel, searchAssets, type Asset } from '../../assets/index.ts';
import { recordAudit, type Scope } from '../../identity/index.ts';
import { celsius, invalid, kilowatts } from '../../kernel/index.ts';
import {
  checkCurve,
  curveDeviation,
  heatPerArea,
  imbalance,
  type CurvePoint,
} from '../heating/heating.ts';
import { hourlyMeans, type EnergyDeps } from './data.ts';
import { parseJson } from './scoped.ts';

export async function setCurve(
  deps: EnergyDeps,
  scope: Scope,
  target: { scope: 'asset' | 'model'; id: string },
  points: CurvePoint[],
) {
  const sorted = checkCurve(points, 'points');
  if (target.scope === 'asset') await getAsset(deps.db, scope, target.id);
  else await getModel(deps.db, scope, target.id);
  await deps.db.kysely.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('energy_heating_curves')
      .where('tenant_id', '=', scope.tenantId)
      .where('scope', '=', target.scope)
      .where('scope_id', '=', target.id)
      .execute();
    await trx
      .insertInto('energy_heating_curves')
      .values({
        tenant_id: scope.tenantId,
        scope: target.scope,
        scope_id: target.id,
        points: JSON.stringify(sorted),
        updated_at: Date.now(),
        updated_by: scope.actor,
      })
      .execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'energy.heating.curve',
      entityType: `heating_curve_${target.scope}`,
      entityId: target.id,
      details: { points: sorted },
    });
  });
  return { ...target, points: sorted };
}

/** Heat stations: the assets under a weather-compensation curve (their own, else their model's),
 * by name, with where the curve comes from. */
export async function listStations(
  deps: EnergyDeps,
  scope: Scope,
): Promise<Array<{ id: string; name: string; serial: string; site: string; curve: string }>> {
  const curves = await deps.db.kysely
    .selectFrom('energy_heating_curves')
    .select(['scope', 'scope_id'])
    .where('tenant_id', '=', scope.tenantId)
    .execute();
  const own = new Set(curves.filter((c) => c.scope === 'asset').map((c) => c.scope_id));
  const byId = new Map<string, Asset>();
  for (const c of curves) {
    if (c.scope === 'model') {
      const found = await searchAssets(deps.db, scope, { modelId: c.scope_id, pageSize: 500 });
      for (const a of found.items) byId.set(a.id, a);
    } else {
      const a = await getAsset(deps.db, scope, c.scope_id).catch(() => null);
      if (a) byId.set(a.id, a);
    }
  }
  return [...byId.values()]
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((a) => ({
      id: a.id,
      name: a.name,
      serial: a.serial,
      site: a.site,
      curve: own.has(a.id) ? 'asset' : 'model',
    }));
}

/** The station's own curve, else its model's, else null. */
async function curveOf(
  deps: EnergyDeps,
  scope: Scope,
  a: Asset,
): Promise<{ source: string; points: CurvePoint[] } | null> {
  const rows = await deps.db.kysely
    .selectFrom('energy_heating_curves')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where((eb) =>
      eb.or([
        eb.and([eb('scope', '=', 'asset'), eb('scope_id', '=', a.id)]),
        eb.and([eb('scope', '=', 'model'), eb('scope_id', '=', a.modelId ?? '')]),
      ]),
    )
    .execute();
  const own = rows.find((r) => r.scope === 'asset') ?? rows.find((r) => r.scope === 'model');
  return own ? { source: own.scope, points: parseJson<CurvePoint[]>(own.points) } : null;
}

const mean = (xs: Array<[number, number]>) =>
  xs.length ? xs.reduce((s, [, v]) => s + v, 0) / xs.length : Number.NaN;
const orNull = (x: number) => (Number.isFinite(x) ? x : null);

async function stationFigures(
  deps: EnergyDeps,
  scope: Scope,
  a: Asset,
  from: number,
  to: number,
  areaKey: string,
) {
  const [heat, supply, ret, outdoor] = await Promise.all(
    ['heat', 'supply_temp', 'return_temp', 'outdoor_temp'].map((ch) =>
      hourlyMeans(deps, scope, a.id, ch, from, to),
    ),
  );
  const area = a.properties[areaKey];
  const heatKw = mean(heat!);
  const wPerM2 =
    typeof area === 'number' && area > 0 && Number.isFinite(heatKw)
      ? heatPerArea(kilowatts(heatKw), area)
      : Number.NaN;
  return {
    heatKw,
    wPerM2,
    area: typeof area === 'number' ? area : null,
    supply: supply!,
    ret: ret!,
    outdoor: outdoor!,
  };
}

export async function stationReport(
  deps: EnergyDeps,
  scope: Scope,
  assetId: string,
  q: { from: number; to: number; areaProperty?: string; toleranceK?: number },
) {
  if (!(q.from < q.to)) throw invalid('to', { en: 'must be after from', 'zh-CN': '必须晚于 from' });
  const a = await getAsset(deps.db, scope, assetId);
  const f = await stationFigures(deps, scope, a, q.from, q.to, q.areaProperty ?? 'heated_area');
  const curve = await curveOf(deps, scope, a);
  const outdoorAt = new Map(f.outdoor);
  // No sample (no supply reading matched by an outdoor one): the means are null, not NaN.
  const deviationOf = (points: CurvePoint[]) => {
    const d = curveDeviation(points, samples, q.toleranceK ?? 2);
    return {
      ...d,
      meanK: orNull(d.meanK),
      meanAbsK: orNull(d.meanAbsK),
      withinTolerance: orNull(d.withinTolerance),
    };
  };
  const samples = f.supply.flatMap(([ms, s]) =>
    outdoorAt.has(ms) ? [{ outdoor: celsius(outdoorAt.get(ms)!), supply: celsius(s) }] : [],
  );
  return {
    assetId: a.id,
    hours: f.supply.length,
    heatKw: orNull(f.heatKw),
    heatedAreaM2: f.area,
    wPerM2: orNull(f.wPerM2),
    supplyC: orNull(mean(f.supply)),
    returnC: orNull(mean(f.ret)),
    outdoorC: orNull(mean(f.outdoor)),
    curve: curve
      ? { source: curve.source, points: curve.points, deviation: deviationOf(curve.points) }
      : null,
  };
}

export async function stationImbalance(
  deps: EnergyDeps,
  scope: Scope,
  q: {
    modelId?: string;
    customerId?: string;
    site?: string;
    from: number;
    to: number;
    areaProperty?: string;
  },
) {
  if (!(q.from < q.to)) throw invalid('to', { en: 'must be after from', 'zh-CN': '必须晚于 from' });
  const found = await searchAssets(deps.db, scope, {
    ...(q.modelId ? { modelId: q.modelId } : {}),
    ...(q.customerId ? { customerId: q.customerId } : {}),
    ...(q.site ? { site: q.site } : {}),
    pageSize: 500,
  });
  const loads = [];
  for (const a of found.items) {
    const f = await stationFigures(deps, scope, a, q.from, q.to, q.areaProperty ?? 'heated_area');
    loads.push({ id: a.id, wPerM2: f.wPerM2, returnC: mean(f.ret) });
  }
  const r = imbalance(loads);
  return {
    ...r,
    meanWPerM2: orNull(r.meanWPerM2),
    cv: orNull(r.cv),
    returnSpreadK: orNull(r.returnSpreadK),
  };
}
