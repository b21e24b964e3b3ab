// The contract store. A contract is written with the assets it covers in one transaction; an
// asset may be under at most one contract at any instant, so a period that overlaps another
// contract's for the same asset is refused naming the asset and the other contract.
import { getAsset } from '../../assets/index.ts';
import { customerSubtree, getCustomer, type Scope } from '../../identity/index.ts';
import { nextDate, notFound, zonedInstant, type CustomerId } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { ServiceContractTable } from '../../storage/service-schema.ts';
import {
  compileCalendar,
  defaultCalendar,
  parseDate,
  type BusinessCalendar,
} from '../sla/index.ts';
import {
  audit,
  customerFilter,
  invalidField,
  isCustomerScope,
  json,
  kOf,
  serviceId,
  type K,
} from '../store.ts';
import { priorities, type Contract, type ContractInput, type ContractKind } from './types.ts';

function validity(input: ContractInput, cal: BusinessCalendar): [number, number] {
  const from = parseDate(input.validFrom);
  const to = parseDate(input.validTo);
  if (!from)
    throw invalidField('validFrom', {
      en: `'${input.validFrom}' is not a date YYYY-MM-DD`,
      'zh-CN': `“${input.validFrom}”不是 YYYY-MM-DD 格式的日期`,
    });
  if (!to)
    throw invalidField('validTo', {
      en: `'${input.validTo}' is not a date YYYY-MM-DD`,
      'zh-CN': `“${input.validTo}”不是 YYYY-MM-DD 格式的日期`,
    });
  const a = zonedInstant(from, 0, cal.timeZone);
  const b = zonedInstant(nextDate(to), 0, cal.timeZone);
  if (b <= a)
    throw invalidField('validTo', {
      en: `ends (${input.validTo}) before it starts`,
      'zh-CN': `结束日期（${input.validTo}）早于开始日期`,
    });
  return [a, b];
}

function checkTerms(input: ContractInput): void {
  for (const p of priorities) {
    const t = input.sla[p];
    if (t && t.resolutionMinutes < t.responseMinutes)
      throw invalidField(`sla.${p}.resolutionMinutes`, {
        en: 'is shorter than the response time',
        'zh-CN': '短于响应时间',
      });
  }
  const a = input.availabilityTarget;
  if (a != null && (a <= 0 || a > 1))
    throw invalidField('availabilityTarget', {
      en: 'must be a fraction in (0, 1], e.g. 0.98',
      'zh-CN': '必须是 (0, 1] 之间的比例，例如 0.98',
    });
}

async function checkOverlap(k: K, scope: Scope, assetIds: string[], from: number, to: number) {
  for (const [i, assetId] of assetIds.entries()) {
    const other = await k
      .selectFrom('service_contract_assets')
      .select(['contract_id', 'valid_from', 'valid_to'])
      .where('tenant_id', '=', scope.tenantId)
      .where('asset_id', '=', assetId)
      .where('valid_from', '<', to)
      .where('valid_to', '>', from)
      .executeTakeFirst();
    if (other)
      throw invalidField(`assetIds[${i}]`, {
        en: `asset ${assetId} is already covered by contract ${other.contract_id} in an overlapping period`,
        'zh-CN': `资产 ${assetId} 在重叠的期间内已由合同 ${other.contract_id} 覆盖`,
      });
  }
}

export async function createContract(
  db: Db,
  scope: Scope,
  input: ContractInput,
): Promise<Contract> {
  const customer = await getCustomer(db, scope, input.customerId);
  const calendar = input.calendar ?? defaultCalendar();
  compileCalendar(calendar);
  checkTerms(input);
  const [from, to] = validity(input, calendar);
  if (new Set(input.assetIds).size !== input.assetIds.length)
    throw invalidField('assetIds', { en: 'lists an asset twice', 'zh-CN': '资产重复' });
  // The covered assets belong to the customer or one of its plants.
  const own: Scope = {
    ...scope,
    customerIds: await customerSubtree(db, scope.tenantId, customer.id),
  };
  for (const [i, id] of input.assetIds.entries())
    await getAsset(db, own, id).catch(() => {
      throw invalidField(`assetIds[${i}]`, {
        en: `asset ${id} is not an asset of customer ${customer.id}`,
        'zh-CN': `资产 ${id} 不是客户 ${customer.id} 的资产`,
      });
    });
  const id = serviceId('sc');
  const now = Date.now();
  const row: ServiceContractTable = {
    id,
    tenant_id: scope.tenantId,
    customer_id: customer.id,
    name: input.name,
    kind: input.kind,
    valid_from: from,
    valid_to: to,
    calendar: JSON.stringify(calendar),
    sla: JSON.stringify(input.sla),
    pause_on_hold: input.pauseOnHold === false ? 0 : 1,
    availability_target: input.availabilityTarget ?? null,
    entitlements: JSON.stringify({
      visitsPerYear: input.entitlements?.visitsPerYear ?? null,
      partsIncluded: input.entitlements?.partsIncluded ?? false,
      labourHours: input.entitlements?.labourHours ?? null,
    }),
    energy_contract_id: input.energyContractId ?? null,
    price_fen: input.priceFen ?? null,
    notes: input.notes ?? '',
    created_at: now,
    updated_at: now,
  };
  await kOf(db)
    .transaction()
    .execute(async (tx) => {
      await checkOverlap(tx, scope, input.assetIds, from, to);
      await tx.insertInto('service_contracts').values(row).execute();
      for (const assetId of input.assetIds)
        await tx
          .insertInto('service_contract_assets')
          .values({
            tenant_id: scope.tenantId,
            contract_id: id,
            asset_id: assetId,
            valid_from: from,
            valid_to: to,
          })
          .execute();
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'service.contract.create',
        entityType: 'service_contract',
        entityId: id,
        details: {
          customerId: customer.id,
          assetIds: input.assetIds,
          validFrom: input.validFrom,
          validTo: input.validTo,
        },
      });
    });
  return toContract(row, input.assetIds, scope, input);
}

function toContract(
  r: ServiceContractTable,
  assetIds: string[],
  scope: Scope,
  dates?: { validFrom: string; validTo: string },
): Contract {
  const calendar = json<BusinessCalendar>(r.calendar);
  const day = (ms: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: calendar.timeZone }).format(new Date(ms));
  const c: Contract = {
    id: r.id,
    customerId: r.customer_id,
    name: r.name,
    kind: r.kind as ContractKind,
    validFrom: dates?.validFrom ?? day(r.valid_from),
    validTo: dates?.validTo ?? day(r.valid_to - 1),
    validFromMs: r.valid_from,
    validToMs: r.valid_to,
    assetIds,
    sla: json(r.sla),
    pauseOnHold: r.pause_on_hold === 1,
    availabilityTarget: r.availability_target,
    calendar,
    entitlements: json(r.entitlements),
    energyContractId: r.energy_contract_id,
    priceFen: r.price_fen,
    createdAt: r.created_at,
  };
  if (!isCustomerScope(scope)) c.notes = r.notes;
  return c;
}

async function assetsOf(k: K, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const rows = await k
    .selectFrom('service_contract_assets')
    .select(['contract_id', 'asset_id'])
    .where('contract_id', 'in', ids)
    .orderBy('asset_id')
    .execute();
  for (const r of rows) out.get(r.contract_id)?.push(r.asset_id);
  return out;
}

export async function listContracts(
  db: Db,
  scope: Scope,
  q: { customerId?: string; assetId?: string } = {},
): Promise<Contract[]> {
  const k = kOf(db);
  let sel = k.selectFrom('service_contracts').selectAll().where('tenant_id', '=', scope.tenantId);
  const only = customerFilter(scope);
  if (only) sel = sel.where('customer_id', 'in', only);
  if (q.customerId) sel = sel.where('customer_id', '=', q.customerId);
  if (q.assetId)
    sel = sel.where(
      'id',
      'in',
      k
        .selectFrom('service_contract_assets')
        .select('contract_id')
        .where('asset_id', '=', q.assetId),
    );
  const rows = await sel.orderBy('valid_from').orderBy('id').execute();
  const assets = await assetsOf(
    k,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toContract(r, assets.get(r.id) ?? [], scope));
}

export async function getContract(db: Db, scope: Scope, id: string): Promise<Contract> {
  const k = kOf(db);
  const r = await k
    .selectFrom('service_contracts')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r || (scope.customerIds && !scope.customerIds.includes(r.customer_id as CustomerId)))
    throw notFound('Service contract', id);
  return toContract(r, (await assetsOf(k, [id])).get(id) ?? [], scope);
}

/** The contract row covering an asset at an instant, if any (tenant-internal). */
export async function contractRowFor(
  k: K,
  tenantId: string,
  assetId: string,
  at: number,
): Promise<ServiceContractTable | undefined> {
  return k
    .selectFrom('service_contracts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', (s) =>
      s
        .selectFrom('service_contract_assets')
        .select('contract_id')
        .where('tenant_id', '=', tenantId)
        .where('asset_id', '=', assetId)
        .where('valid_from', '<=', at)
        .where('valid_to', '>', at),
    )
    .executeTakeFirst();
}
