// Pilot units of four kinds, with their funding (awards and disbursements) and milestones.
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import type { RegionUnitTable } from '../../storage/region-schema.ts';
import { audit, checkDate, invalid, json, kOf, notFound, regionId } from './common.ts';
import { getProgramme } from './programmes.ts';

export const UNIT_KINDS = ['enterprise', 'cluster', 'zone', 'project'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Integration paths named by the national two-industry integration guidance (发改产业〔2019〕1762号). */
export const INTEGRATION_PATHS = [
  'service-oriented-manufacturing',
  'industrial-internet',
  'customisation',
  'full-lifecycle-management',
  'total-integration-contracting',
  'supply-chain-management',
  'energy-saving-services',
  'other',
] as const;

export interface UnitInput {
  batchId?: string | null;
  kind: UnitKind;
  name: string;
  city: string;
  county?: string;
  industryCode: string;
  paths: string[];
  leadUnitId?: string | null;
  memberIds?: string[];
  enterpriseTenantId?: string | null;
}

export interface Unit extends Required<UnitInput> {
  id: string;
  programmeId: string;
  createdAt: number;
}

const toUnit = (r: RegionUnitTable): Unit => ({
  id: r.id,
  programmeId: r.programme_id,
  batchId: r.batch_id,
  kind: r.kind as UnitKind,
  name: r.name,
  city: r.city,
  county: r.county,
  industryCode: r.industry_code,
  paths: json<string[]>(r.paths),
  leadUnitId: r.lead_unit_id,
  memberIds: json<string[]>(r.member_ids),
  enterpriseTenantId: r.enterprise_tenant_id,
  createdAt: Number(r.created_at),
});

/** GB/T 4754-2017: a section letter, or a division/group/class code of 2–4 digits. */
const INDUSTRY = /^([A-T]|[A-T]?\d{2,4})$/;

async function checkRefs(db: Db, scope: Scope, programmeId: string, u: UnitInput) {
  if (!INDUSTRY.test(u.industryCode))
    throw invalid('industryCode', {
      en: 'expected a GB/T 4754 code such as C34 or 3441',
      'zh-CN': '应为 GB/T 4754 行业代码，例如 C34 或 3441',
    });
  for (const [i, p] of u.paths.entries())
    if (!(INTEGRATION_PATHS as readonly string[]).includes(p))
      throw invalid(`paths[${i}]`, {
        en: `unknown path '${p}'; one of ${INTEGRATION_PATHS.join(', ')}`,
        'zh-CN': `未知路径“${p}”；应为以下之一：${INTEGRATION_PATHS.join('、')}`,
      });
  const k = kOf(db);
  if (u.batchId) {
    const b = await k
      .selectFrom('region_batches')
      .select('id')
      .where('tenant_id', '=', scope.tenantId)
      .where('programme_id', '=', programmeId)
      .where('id', '=', u.batchId)
      .executeTakeFirst();
    if (!b)
      throw invalid('batchId', {
        en: `no batch '${u.batchId}' in this programme`,
        'zh-CN': `此试点项目中没有批次“${u.batchId}”`,
      });
  }
  const refs = [
    ...(u.leadUnitId ? [['leadUnitId', u.leadUnitId] as const] : []),
    ...(u.memberIds ?? []).map((m, i) => [`memberIds[${i}]`, m] as const),
  ];
  for (const [field, id] of refs) {
    const hit = await k
      .selectFrom('region_units')
      .select('id')
      .where('tenant_id', '=', scope.tenantId)
      .where('programme_id', '=', programmeId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!hit)
      throw invalid(field, {
        en: `no unit '${id}' in this programme`,
        'zh-CN': `此试点项目中没有单位“${id}”`,
      });
  }
}

export async function createUnit(
  db: Db,
  scope: Scope,
  programmeId: string,
  input: UnitInput,
  now = Date.now(),
): Promise<Unit> {
  await getProgramme(db, scope, programmeId);
  await checkRefs(db, scope, programmeId, input);
  const row: RegionUnitTable = {
    id: regionId('ru'),
    tenant_id: scope.tenantId,
    programme_id: programmeId,
    batch_id: input.batchId ?? null,
    kind: input.kind,
    name: input.name,
    city: input.city,
    county: input.county ?? '',
    industry_code: input.industryCode,
    paths: JSON.stringify(input.paths),
    lead_unit_id: input.leadUnitId ?? null,
    member_ids: JSON.stringify(input.memberIds ?? []),
    enterprise_tenant_id: input.enterpriseTenantId ?? null,
    created_at: now,
  };
  await kOf(db)
    .transaction()
    .execute(async (k) => {
      await k.insertInto('region_units').values(row).execute();
      await audit(k, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'region.unit.create',
        entityType: 'region_unit',
        entityId: row.id,
        details: { kind: row.kind, name: row.name },
      });
    });
  return toUnit(row);
}

/** The units of one programme, or of every programme of the tenant (`null`). */
export async function listUnits(db: Db, scope: Scope, programmeId: string | null): Promise<Unit[]> {
  let s = kOf(db).selectFrom('region_units').selectAll().where('tenant_id', '=', scope.tenantId);
  if (programmeId !== null) s = s.where('programme_id', '=', programmeId);
  const rows = await s.orderBy('created_at').orderBy('id').execute();
  return rows.map(toUnit);
}

export async function getUnit(db: Db, scope: Scope, id: string): Promise<Unit> {
  const r = await kOf(db)
    .selectFrom('region_units')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('Pilot unit', id);
  return toUnit(r);
}

export interface Funding {
  id: string;
  unitId: string;
  kind: 'award' | 'disbursement';
  amountFen: number;
  source: string;
  onDate: string;
}

export async function addFunding(
  db: Db,
  scope: Scope,
  unitId: string,
  input: Omit<Funding, 'id' | 'unitId'>,
  now = Date.now(),
): Promise<Funding> {
  await getUnit(db, scope, unitId);
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0)
    throw invalid('amountFen', {
      en: 'expected a positive whole number of fen',
      'zh-CN': '应为正整数（单位：分）',
    });
  const f: Funding = { id: regionId('rf'), unitId, ...input };
  checkDate('onDate', f.onDate);
  await kOf(db)
    .insertInto('region_funding')
    .values({
      id: f.id,
      tenant_id: scope.tenantId,
      unit_id: unitId,
      kind: f.kind,
      amount_fen: f.amountFen,
      source: f.source,
      on_date: f.onDate,
      created_at: now,
    })
    .execute();
  return f;
}

export interface Milestone {
  id: string;
  unitId: string;
  title: string;
  dueOn: string;
  status: 'planned' | 'done' | 'missed';
}

export async function addMilestone(
  db: Db,
  scope: Scope,
  unitId: string,
  input: Omit<Milestone, 'id' | 'unitId'>,
  now = Date.now(),
): Promise<Milestone> {
  await getUnit(db, scope, unitId);
  const m: Milestone = { id: regionId('rm'), unitId, ...input };
  checkDate('dueOn', m.dueOn);
  await kOf(db)
    .insertInto('region_milestones')
    .values({
      id: m.id,
      tenant_id: scope.tenantId,
      unit_id: unitId,
      title: m.title,
      due_on: m.dueOn,
      status: m.status,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return m;
}

/** A unit's funding and milestones, with the award and disbursed totals. */
export async function unitDetail(db: Db, scope: Scope, unitId: string) {
  const unit = await getUnit(db, scope, unitId);
  const k = kOf(db);
  const funding = (
    await k
      .selectFrom('region_funding')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('unit_id', '=', unitId)
      .orderBy('on_date')
      .execute()
  ).map((r): Funding => ({
    id: r.id,
    unitId: r.unit_id,
    kind: r.kind as Funding['kind'],
    amountFen: Number(r.amount_fen),
    source: r.source,
    onDate: r.on_date,
  }));
  const milestones = (
    await k
      .selectFrom('region_milestones')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('unit_id', '=', unitId)
      .orderBy('due_on')
      .execute()
  ).map((r): Milestone => ({
    id: r.id,
    unitId: r.unit_id,
    title: r.title,
    dueOn: r.due_on,
    status: r.status as Milestone['status'],
  }));
  const sum = (kind: Funding['kind']) =>
    funding.filter((f) => f.kind === kind).reduce((s, f) => s + f.amountFen, 0);
  return {
    unit,
    funding,
    milestones,
    awardedFen: sum('award'),
    disbursedFen: sum('disbursement'),
  };
}
