// Baseline agreements (GB/T 24915-2020 §6, IPMVP §4.1): the baseline period, meter, method and
// non-routine adjustments, with the model fitted on them. Both parties approve — the provider (a
// tenant user) and the customer (a user of the contract's customer) — and the version is then
// frozen. Any change is a new version (an amendment) that needs both approvals again; until then
// the previously approved version stays in force.
import type { Scope } from '../../identity/index.ts';
import { recordAudit } from '../../identity/index.ts';
import { invalid, RongheError } from '../../kernel/index.ts';
import type { EnergyBaselineTable } from '../../storage/energy-schema.ts';
import { fitBaseline } from '../contracts/baseline.ts';
import type { Party } from '../contracts/statement.ts';
import type { BaselineTerms, FrozenModel } from '../contracts/types.ts';
import { asField, getContract } from './contracts.ts';
import type { EnergyDeps } from './data.ts';
import { getMeter } from './meters.ts';
import { fuelOf, meterReadings } from './readings.ts';
import { energyId, isCustomerUser, mustFind, parseJson, tenantClock } from './scoped.ts';
import { siteTemperature } from './weather.ts';

export interface Baseline {
  id: string;
  contractId: string;
  version: number;
  status: 'proposed' | 'approved' | 'superseded';
  terms: BaselineTerms;
  model: FrozenModel | null;
  note: string;
  approvals: {
    provider: { by: string; at: number } | null;
    customer: { by: string; at: number } | null;
  };
  createdBy: string;
  createdAt: number;
}

const approval = (by: string | null, at: number | null) =>
  by && at !== null ? { by, at: Number(at) } : null;

export const toBaseline = (r: EnergyBaselineTable): Baseline => ({
  id: r.id,
  contractId: r.contract_id,
  version: r.version,
  status: r.status as Baseline['status'],
  terms: parseJson<BaselineTerms>(r.terms),
  model: r.model ? parseJson<FrozenModel>(r.model) : null,
  note: r.note,
  approvals: {
    provider: approval(r.provider_approved_by, r.provider_approved_at),
    customer: approval(r.customer_approved_by, r.customer_approved_at),
  },
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
});

export const partyOf = (scope: Scope): Party => (isCustomerUser(scope) ? 'customer' : 'provider');

export async function listBaselines(
  deps: EnergyDeps,
  scope: Scope,
  contractId: string,
): Promise<Baseline[]> {
  await getContract(deps, scope, contractId);
  const rows = await deps.db.kysely
    .selectFrom('energy_baselines')
    .selectAll()
    .where('contract_id', '=', contractId)
    .orderBy('version')
    .execute();
  return rows.map(toBaseline);
}

/** Fits the CalTRACK model on the proposed terms; insufficient data is a 422 naming the rules. */
async function fitTerms(deps: EnergyDeps, scope: Scope, customerId: string, terms: BaselineTerms) {
  const meter = await getMeter(deps, scope, terms.meterId).catch(asField('meterId'));
  if (meter.customerId !== customerId)
    throw invalid('meterId', {
      en: "the meter does not belong to the contract's customer",
      'zh-CN': '该计量表不属于合同的客户',
    });
  // Baseline days start at local midnight in the tenant's zone, as the settlement periods do.
  const clock = await tenantClock(deps.db, scope);
  const fromMs = clock.dateMs(terms.periodStart, 'periodStart');
  const toMs = clock.dateMs(terms.periodEnd, 'periodEnd');
  const offsetMin = clock.offsetMin(fromMs);
  if (!(fromMs < toMs))
    throw invalid('periodEnd', {
      en: 'must be after periodStart',
      'zh-CN': '必须晚于 periodStart',
    });
  const temperature = await siteTemperature(deps, scope, meter.site, fromMs, toMs);
  if (!temperature)
    throw invalid('meterId', {
      en: `site '${meter.site}' of the meter has no weather station; link one first`,
      'zh-CN': `计量表所在站点“${meter.site}”没有气象站，请先关联一个`,
    });
  // Only the agreed period is read: CalTRACK names the rule (§2.2.1) if it is shorter than 365 days.
  const readings = await meterReadings(deps, scope, meter, terms.method, {
    fromMs,
    toMs,
    offsetMin,
  });
  const fit = fitBaseline({
    method: terms.method,
    fuel: fuelOf(meter),
    readings,
    temperature,
    baselineEndMs: toMs,
  });
  if (!fit.model)
    throw new RongheError(
      'RONGHE_INVALID_DATA',
      `The baseline cannot be fitted: ${fit.reason ?? fit.status}.`,
      { findings: fit.findings },
    );
  return fit.model;
}

export async function proposeBaseline(
  deps: EnergyDeps,
  scope: Scope,
  contractId: string,
  terms: BaselineTerms,
  note = '',
): Promise<Baseline> {
  const contract = await getContract(deps, scope, contractId);
  const model = await fitTerms(deps, scope, contract.customerId, terms);
  return deps.db.kysely.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('energy_baselines')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('contract_id', '=', contractId)
      .executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    // A newer proposal replaces a pending one; an approved version stays in force meanwhile.
    await trx
      .updateTable('energy_baselines')
      .set({ status: 'superseded' })
      .where('contract_id', '=', contractId)
      .where('status', '=', 'proposed')
      .execute();
    const row: EnergyBaselineTable = {
      id: energyId('eb'),
      tenant_id: scope.tenantId,
      contract_id: contractId,
      version,
      status: 'proposed',
      terms: JSON.stringify(terms),
      model: JSON.stringify(model),
      note,
      provider_approved_by: null,
      provider_approved_at: null,
      customer_approved_by: null,
      customer_approved_at: null,
      created_by: scope.actor,
      created_at: Date.now(),
    };
    await trx.insertInto('energy_baselines').values(row).execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: version === 1 ? 'energy.baseline.propose' : 'energy.baseline.amend',
      entityType: 'energy_contract',
      entityId: contractId,
      details: { version, terms, model },
    });
    return toBaseline(row);
  });
}

export async function approveBaseline(
  deps: EnergyDeps,
  scope: Scope,
  contractId: string,
  version: number,
): Promise<Baseline> {
  await getContract(deps, scope, contractId);
  const party = partyOf(scope);
  return deps.db.kysely.transaction().execute(async (trx) => {
    const r = mustFind(
      await trx
        .selectFrom('energy_baselines')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('version', '=', version)
        .executeTakeFirst(),
      'Baseline version',
      String(version),
    );
    if (r.status !== 'proposed')
      throw new RongheError(
        'RONGHE_INVALID_TRANSITION',
        `Baseline version ${version} is ${r.status}; only a proposed version can be approved.`,
      );
    const already = party === 'provider' ? r.provider_approved_by : r.customer_approved_by;
    if (already)
      throw new RongheError(
        'RONGHE_CONFLICT',
        `The ${party} has already approved version ${version} (${already}).`,
      );
    const now = Date.now();
    const next =
      party === 'provider'
        ? { ...r, provider_approved_by: scope.actor, provider_approved_at: now }
        : { ...r, customer_approved_by: scope.actor, customer_approved_at: now };
    const frozen = Boolean(next.provider_approved_by && next.customer_approved_by);
    if (frozen) {
      await trx
        .updateTable('energy_baselines')
        .set({ status: 'superseded' })
        .where('contract_id', '=', contractId)
        .where('status', '=', 'approved')
        .execute();
      next.status = 'approved';
    }
    await trx
      .updateTable('energy_baselines')
      .set({
        status: next.status,
        provider_approved_by: next.provider_approved_by,
        provider_approved_at: next.provider_approved_at,
        customer_approved_by: next.customer_approved_by,
        customer_approved_at: next.customer_approved_at,
      })
      .where('id', '=', r.id)
      .execute();
    await recordAudit(trx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: frozen ? 'energy.baseline.freeze' : 'energy.baseline.approve',
      entityType: 'energy_contract',
      entityId: contractId,
      details: { version, party },
    });
    return toBaseline(next);
  });
}

/** The version in force: the latest approved one, or null before both parties agreed. */
export async function baselineInForce(
  deps: EnergyDeps,
  contractId: string,
): Promise<Baseline | null> {
  const r = await deps.db.kysely
    .selectFrom('energy_baselines')
    .selectAll()
    .where('contract_id', '=', contractId)
    .where('status', '=', 'approved')
    .orderBy('version', 'desc')
    .executeTakeFirst();
  return r ? toBaseline(r) : null;
}
