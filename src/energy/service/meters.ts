// Energy meters of assets: a telemetry channel of an asset with a kind, a unit and a mode (interval
// consumption or cumulative register), or a virtual meter summing and subtracting other meters.
// Daily consumption comes from the hourly telemetry rollups (meters/daily.ts).
import { getAsset } from '../../assets/index.ts';
import { recordAudit, type Scope } from '../../identity/index.ts';
import { invalid, RongheError } from '../../kernel/index.ts';
import type { EnergyMeterTable } from '../../storage/energy-schema.ts';
import { dailyUsage, type DailyValue, type MeterMode } from '../meters/daily.ts';
import { checkUnit, type EnergyUnit, type MeterKind } from '../meters/units.ts';
import { checkNoCycle, combineDaily, type VirtualTerm } from '../meters/virtual.ts';
import { hourlyBuckets, type EnergyDeps } from './data.ts';
import { energyId, mustFind, parseJson, scopedMeters } from './scoped.ts';

export type MeterSource =
  | { kind: 'channel'; assetId: string; channel: string; mode: MeterMode }
  | { kind: 'virtual'; terms: VirtualTerm[] };

export interface MeterInput {
  name: string;
  kind: MeterKind;
  unit: EnergyUnit;
  source: MeterSource;
}

export interface Meter {
  id: string;
  name: string;
  kind: MeterKind;
  unit: EnergyUnit;
  customerId: string | null;
  site: string;
  source: MeterSource;
  createdAt: number;
}

export function toMeter(r: EnergyMeterTable): Meter {
  const source: MeterSource =
    r.mode === 'virtual'
      ? { kind: 'virtual', terms: parseJson<VirtualTerm[]>(r.terms) }
      : {
          kind: 'channel',
          assetId: r.asset_id ?? '',
          channel: r.channel ?? '',
          mode: r.mode as MeterMode,
        };
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as MeterKind,
    unit: r.unit as EnergyUnit,
    customerId: r.customer_id,
    site: r.site,
    source,
    createdAt: Number(r.created_at),
  };
}

export async function getMeter(deps: EnergyDeps, scope: Scope, id: string): Promise<Meter> {
  const r = await scopedMeters(deps.db, scope).selectAll().where('id', '=', id).executeTakeFirst();
  return toMeter(mustFind(r, 'Meter', id));
}

export async function listMeters(deps: EnergyDeps, scope: Scope): Promise<Meter[]> {
  const rows = await scopedMeters(deps.db, scope)
    .selectAll()
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(toMeter);
}

/** Customer and site of a virtual meter: all terms must share unit and customer. */
async function virtualPlacement(
  deps: EnergyDeps,
  scope: Scope,
  id: string,
  input: MeterInput,
  terms: VirtualTerm[],
) {
  if (terms.length === 0)
    throw invalid('source.terms', {
      en: 'a virtual meter needs at least one term',
      'zh-CN': '虚拟计量表至少需要一项',
    });
  const all = await listMeters(deps, scope);
  const byId = new Map(all.map((m) => [m.id, m]));
  const first = byId.get(terms[0]!.meterId);
  terms.forEach((t, i) => {
    const m = byId.get(t.meterId);
    if (!m)
      throw invalid(`source.terms.${i}.meterId`, {
        en: `meter '${t.meterId}' was not found`,
        'zh-CN': `未找到计量表“${t.meterId}”`,
      });
    if (m.unit !== input.unit)
      throw invalid(`source.terms.${i}.meterId`, {
        en: `is metered in ${m.unit}, not ${input.unit}`,
        'zh-CN': `计量单位为 ${m.unit}，而不是 ${input.unit}`,
      });
    if (m.customerId !== first?.customerId)
      throw invalid(`source.terms.${i}.meterId`, {
        en: 'all terms must belong to the same customer',
        'zh-CN': '所有项必须属于同一客户',
      });
  });
  checkNoCycle(id, terms, (m) => {
    const s = byId.get(m)?.source;
    return s?.kind === 'virtual' ? s.terms : [];
  });
  return { customerId: first?.customerId ?? null, site: first?.site ?? '' };
}

export async function createMeter(
  deps: EnergyDeps,
  scope: Scope,
  input: MeterInput,
): Promise<Meter> {
  checkUnit(input.kind, input.unit);
  const id = energyId('em');
  const now = Date.now();
  let row: EnergyMeterTable;
  const base = {
    id,
    tenant_id: scope.tenantId,
    name: input.name,
    kind: input.kind,
    unit: input.unit,
    created_at: now,
    updated_at: now,
  };
  const src = input.source;
  switch (src.kind) {
    case 'channel': {
      const asset = await getAsset(deps.db, scope, src.assetId);
      row = {
        ...base,
        customer_id: asset.customerId,
        asset_id: asset.id,
        channel: src.channel,
        mode: src.mode,
        terms: '[]',
        site: asset.site,
      };
      break;
    }
    case 'virtual': {
      const place = await virtualPlacement(deps, scope, id, input, src.terms);
      row = {
        ...base,
        customer_id: place.customerId,
        asset_id: null,
        channel: null,
        mode: 'virtual',
        terms: JSON.stringify(src.terms),
        site: place.site,
      };
      break;
    }
  }
  await deps.db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('energy_meters').values(row).execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'energy.meter.create',
      entityType: 'energy_meter',
      entityId: id,
      details: input,
    });
  });
  return toMeter(row);
}

/**
 * Local daily use of a meter over [fromMs, toMs). Virtual meters combine their terms (depth is
 * bounded: cycles are refused when a meter is created).
 */
export async function meterDaily(
  deps: EnergyDeps,
  scope: Scope,
  meter: Meter,
  range: { fromMs: number; toMs: number; offsetMin: number },
  depth = 0,
): Promise<DailyValue[]> {
  const src = meter.source;
  if (depth > 16)
    throw new RongheError('RONGHE_CONFLICT', `virtual meter '${meter.id}' nests too deeply`);
  switch (src.kind) {
    case 'channel': {
      const buckets = await hourlyBuckets(
        deps,
        scope,
        src.assetId,
        src.channel,
        range.fromMs,
        range.toMs,
      );
      return dailyUsage(buckets, src.mode, range);
    }
    case 'virtual': {
      const parts = [];
      for (const t of src.terms) {
        const m = await getMeter(deps, scope, t.meterId);
        parts.push({ sign: t.sign, days: await meterDaily(deps, scope, m, range, depth + 1) });
      }
      return combineDaily(parts);
    }
  }
}
