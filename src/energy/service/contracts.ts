// Energy performance contracts (GB/T 24915-2020): the parties, the contract type and its terms,
// the time-of-use tariff and the settlement period. The provider (the tenant) creates them for one
// of its customers; the customer's users see only their own.
import { getCustomer, recordAudit, type Scope } from '../../identity/index.ts';
import { assertNever, invalid, isRongheError, reasonOf } from '../../kernel/index.ts';
import type { EnergyContractTable } from '../../storage/energy-schema.ts';
import { checkVatRate } from '../contracts/invoice.ts';
import { checkTariff, type Tariff } from '../contracts/tariff.ts';
import type { ContractSpec, ContractTerms, SettlementPeriod } from '../contracts/types.ts';
import type { EnergyDeps } from './data.ts';
import { energyId, mustFind, parseJson, scopedContracts } from './scoped.ts';

export interface Contract extends ContractSpec {
  id: string;
  vatRate: number;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export const toContract = (r: EnergyContractTable): Contract => ({
  id: r.id,
  name: r.name,
  customerId: r.customer_id,
  terms: parseJson<ContractTerms>(r.terms),
  tariff: parseJson<Tariff>(r.tariff),
  vatRate: Number(r.vat_rate),
  period: r.period as SettlementPeriod,
  startDate: r.start_date,
  endDate: r.end_date,
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/** Energy-saving services are 现代服务 at 6 % VAT (财税〔2016〕36号); exempt projects name 0. */
export const DEFAULT_VAT_RATE = 0.06;

const share = (field: string, x: number) => {
  if (!(x >= 0 && x <= 1))
    throw invalid(field, { en: 'is a share between 0 and 1', 'zh-CN': '是 0 到 1 之间的比例' });
};

export function checkTerms(t: ContractTerms): ContractTerms {
  switch (t.kind) {
    case 'shared-savings':
      share('terms.providerShare', t.providerShare);
      return t;
    case 'guaranteed-savings':
      if (!(t.guaranteedKwhPerPeriod >= 0))
        throw invalid('terms.guaranteedKwhPerPeriod', { en: 'must be ≥ 0', 'zh-CN': '必须 ≥ 0' });
      share('terms.providerShareOfExcess', t.providerShareOfExcess);
      return t;
    case 'energy-cost-outsourcing':
      if (!(t.budgetPerPeriod >= 0))
        throw invalid('terms.budgetPerPeriod', { en: 'must be ≥ 0', 'zh-CN': '必须 ≥ 0' });
      share('terms.providerShareBelowBudget', t.providerShareBelowBudget);
      return t;
    default:
      return assertNever(t, 'contract kind');
  }
}

/** A referenced resource that is not found is a validation error of the field that names it. */
export const asField =
  (field: string) =>
  (e: unknown): never => {
    if (isRongheError(e) && e.code === 'RONGHE_NOT_FOUND') throw invalid(field, reasonOf(e));
    throw e;
  };

export async function getContract(deps: EnergyDeps, scope: Scope, id: string): Promise<Contract> {
  const r = await scopedContracts(deps.db, scope)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return toContract(mustFind(r, 'Contract', id));
}

export async function listContracts(
  deps: EnergyDeps,
  scope: Scope,
  q: { customerId?: string } = {},
) {
  let s = scopedContracts(deps.db, scope).selectAll();
  if (q.customerId) s = s.where('customer_id', '=', q.customerId);
  return (await s.orderBy('name').orderBy('id').execute()).map(toContract);
}

export async function createContract(
  deps: EnergyDeps,
  scope: Scope,
  spec: ContractSpec,
): Promise<Contract> {
  checkTerms(spec.terms);
  checkTariff(spec.tariff);
  const vatRate = checkVatRate(spec.vatRate ?? DEFAULT_VAT_RATE);
  if (!(spec.startDate < spec.endDate))
    throw invalid('endDate', { en: 'must be after startDate', 'zh-CN': '必须晚于 startDate' });
  const customer = await getCustomer(deps.db, scope, spec.customerId).catch(asField('customerId'));
  const now = Date.now();
  const row: EnergyContractTable = {
    id: energyId('ec'),
    tenant_id: scope.tenantId,
    customer_id: customer.id,
    name: spec.name,
    kind: spec.terms.kind,
    terms: JSON.stringify(spec.terms),
    tariff: JSON.stringify(spec.tariff),
    period: spec.period,
    start_date: spec.startDate,
    end_date: spec.endDate,
    vat_rate: vatRate,
    created_by: scope.actor,
    created_at: now,
    updated_at: now,
  };
  await deps.db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('energy_contracts').values(row).execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'energy.contract.create',
      entityType: 'energy_contract',
      entityId: row.id,
      details: { ...spec, vatRate },
    });
  });
  return toContract(row);
}
