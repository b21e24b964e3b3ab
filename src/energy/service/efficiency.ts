// Efficiency cloud: indicators per asset and plant (an asset and its child assets) from hourly
// telemetry, benchmarking across a customer's sites or a model's installed base, and consumption
// anomalies against a contract's frozen baseline model (records with their magnitude; the
// monitoring context turns them into alarms).
import { getAsset, searchAssets, type Asset } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { invalid, kilowatts } from '../../kernel/index.ts';
import {
  benchmark,
  boilerEfficiency,
  consumptionAnomalies,
  kwPerTon,
  specificEnergy,
} from '../efficiency/metrics.ts';
import { predictPeriod } from '../mv/index.ts';
import { baselineInForce } from './baselines.ts';
import { getContract } from './contracts.ts';
import { dailyMeansF, hourlyMeans, type EnergyDeps } from './data.ts';
import { getMeter, meterDaily } from './meters.ts';
import { energyId, scopedAnomalies, tenantClock } from './scoped.ts';
import { siteTemperature } from './weather.ts';

export type EfficiencyQuery =
  | { kind: 'chiller'; from: number; to: number; coolingChannel?: string; powerChannel?: string }
  | {
      kind: 'boiler';
      from: number;
      to: number;
      heatChannel?: string;
      fuelChannel?: string;
      lhvKwhPerUnit?: number;
    }
  | { kind: 'production'; from: number; to: number; meterId: string; unitsChannel?: string };

/** Energy (kWh) of two power channels over the hours where both have data. */
async function pairedEnergy(
  deps: EnergyDeps,
  scope: Scope,
  assets: Asset[],
  a: string,
  b: string,
  from: number,
  to: number,
) {
  let ea = 0;
  let eb = 0;
  let hours = 0;
  for (const asset of assets) {
    const xa = new Map(await hourlyMeans(deps, scope, asset.id, a, from, to));
    for (const [ms, vb] of await hourlyMeans(deps, scope, asset.id, b, from, to)) {
      const va = xa.get(ms);
      if (va === undefined) continue;
      ea += va; // mean kW over one hour = kWh
      eb += vb;
      hours++;
    }
  }
  return { ea, eb, hours };
}

async function plantAssets(deps: EnergyDeps, scope: Scope, assetId: string): Promise<Asset[]> {
  const root = await getAsset(deps.db, scope, assetId);
  const children = await searchAssets(deps.db, scope, { parentId: root.id, pageSize: 500 });
  return [root, ...children.items];
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

export async function assetEfficiency(
  deps: EnergyDeps,
  scope: Scope,
  assetId: string,
  q: EfficiencyQuery,
) {
  if (!(q.from < q.to)) throw invalid('to', { en: 'must be after from', 'zh-CN': '必须晚于 from' });
  const assets = await plantAssets(deps, scope, assetId);
  const ids = assets.map((a) => a.id);
  switch (q.kind) {
    case 'chiller': {
      const e = await pairedEnergy(
        deps,
        scope,
        assets,
        q.coolingChannel ?? 'cooling_load',
        q.powerChannel ?? 'compressor_power',
        q.from,
        q.to,
      );
      const ok = e.ea > 0 && e.eb > 0;
      return {
        kind: q.kind,
        assets: ids,
        hours: e.hours,
        coolingKwh: e.ea,
        electricKwh: e.eb,
        cop: ok ? e.ea / e.eb : null,
        kwPerTon: ok ? kwPerTon(kilowatts(e.eb), kilowatts(e.ea)) : null,
      };
    }
    case 'boiler': {
      const lhv = q.lhvKwhPerUnit ?? 9.87; // natural gas ≈ 35.5 MJ/m³ lower heating value (GB 17820-2018 class 1)
      const e = await pairedEnergy(
        deps,
        scope,
        assets,
        q.heatChannel ?? 'heat_output',
        q.fuelChannel ?? 'fuel_flow',
        q.from,
        q.to,
      );
      return {
        kind: q.kind,
        assets: ids,
        hours: e.hours,
        heatKwh: e.ea,
        fuel: e.eb,
        lhvKwhPerUnit: lhv,
        efficiency: e.ea > 0 && e.eb > 0 ? boilerEfficiency(e.ea, e.eb, lhv) : null,
      };
    }
    case 'production': {
      const meter = await getMeter(deps, scope, q.meterId);
      const days = await meterDaily(deps, scope, meter, {
        fromMs: q.from,
        toMs: q.to,
        offsetMin: 0,
      });
      const energy = days.reduce((s, d) => s + (Number.isFinite(d.value) ? d.value : 0), 0);
      let units = 0;
      for (const a of assets)
        for (const [, v] of await hourlyMeans(
          deps,
          scope,
          a.id,
          q.unitsChannel ?? 'units_produced',
          q.from,
          q.to,
        ))
          units += v;
      return {
        kind: q.kind,
        assets: ids,
        energy,
        unit: meter.unit,
        unitsProduced: units,
        energyPerUnit: energy > 0 && units > 0 ? specificEnergy(energy, units) : null,
      };
    }
  }
}

/** Chiller COP benchmark: per asset of a model's installed base, or per site of a customer. */
export async function benchmarkChillers(
  deps: EnergyDeps,
  scope: Scope,
  q: { modelId?: string; customerId?: string; from: number; to: number },
) {
  if (!q.modelId === !q.customerId)
    throw invalid('modelId', {
      en: 'give exactly one of modelId or customerId',
      'zh-CN': 'modelId 与 customerId 只能且必须给出其一',
    });
  const found = await searchAssets(deps.db, scope, {
    ...(q.modelId ? { modelId: q.modelId } : { customerId: q.customerId! }),
    pageSize: 500,
  });
  const groups = new Map<string, Asset[]>();
  for (const a of found.items) {
    const key = q.modelId ? a.id : a.site || '(no site)';
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const entries = [];
  for (const [id, assets] of groups) {
    const e = await pairedEnergy(
      deps,
      scope,
      assets,
      'cooling_load',
      'compressor_power',
      q.from,
      q.to,
    );
    entries.push({ id, value: e.ea > 0 && e.eb > 0 ? e.ea / e.eb : Number.NaN });
  }
  const b = benchmark(entries, true);
  return {
    by: q.modelId ? 'asset' : 'site',
    metric: 'cop',
    median: finite(b.median),
    best: finite(b.best),
    count: b.count,
    missing: b.missing,
    rows: b.rows,
  };
}

/** Days above the contract's frozen baseline prediction become anomaly records (one per meter-day). */
export async function scanAnomalies(
  deps: EnergyDeps,
  scope: Scope,
  contractId: string,
  q: { from: number; to: number; minFraction?: number },
) {
  const c = await getContract(deps, scope, contractId);
  const baseline = await baselineInForce(deps, c.id);
  if (!baseline?.model)
    throw invalid('contractId', {
      en: 'the contract has no baseline approved by both parties',
      'zh-CN': '该合同没有经双方批准的基线',
    });
  const meter = await getMeter(deps, scope, baseline.terms.meterId);
  const off = (await tenantClock(deps.db, scope)).offsetMin(q.from);
  const days = await meterDaily(deps, scope, meter, { fromMs: q.from, toMs: q.to, offsetMin: off });
  const temps = await siteTemperature(deps, scope, meter.site, q.from, q.to);
  const tf = temps
    ? dailyMeansF(
        temps,
        days.map((d) => d.dayMs),
      )
    : [];
  const model = baseline.model;
  const params = model.params;
  if (!params)
    throw invalid('contractId', {
      en: 'the anomaly scan needs a daily or billing baseline model',
      'zh-CN': '异常扫描需要日度或账单周期基线模型',
    });
  const rows = days.map((d, i) => ({
    dayMs: d.dayMs,
    observed: d.value,
    predicted: predictPeriod(params, Float64Array.of(tf[i] ?? Number.NaN), 1),
  }));
  const found = consumptionAnomalies(
    rows,
    model.cvrmse,
    q.minFraction !== undefined ? { minFraction: q.minFraction } : {},
  );
  const now = Date.now();
  await deps.db.kysely.transaction().execute(async (trx) => {
    for (const a of found) {
      await trx
        .deleteFrom('energy_anomalies')
        .where('meter_id', '=', meter.id)
        .where('day_ms', '=', a.dayMs)
        .execute();
      await trx
        .insertInto('energy_anomalies')
        .values({
          id: energyId('ea'),
          tenant_id: scope.tenantId,
          customer_id: meter.customerId,
          meter_id: meter.id,
          day_ms: a.dayMs,
          observed: a.observed,
          predicted: a.predicted,
          excess: a.excess,
          excess_fraction: a.excessFraction,
          created_at: now,
        })
        .execute();
    }
  });
  return { meterId: meter.id, daysChecked: rows.length, anomalies: found };
}

export async function listAnomalies(deps: EnergyDeps, scope: Scope, q: { meterId?: string }) {
  let s = scopedAnomalies(deps.db, scope).selectAll();
  if (q.meterId) s = s.where('meter_id', '=', q.meterId);
  const rows = await s.orderBy('day_ms', 'desc').limit(1000).execute();
  return rows.map((r) => ({
    id: r.id,
    meterId: r.meter_id,
    dayMs: Number(r.day_ms),
    observed: r.observed,
    predicted: r.predicted,
    excess: r.excess,
    excessFraction: r.excess_fraction,
  }));
}
