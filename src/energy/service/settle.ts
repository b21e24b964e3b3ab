// A settlement run: for each contract in scope, the statement of one period from the frozen
// baseline model, the metered use and the site's weather (contracts/settlement.ts holds the maths).
// Each contract reports ok | insufficient-data | failed; one contract's failure never stops the run
// (house style 4). Weather is read once per site per run.
import type { Scope } from '../../identity/index.ts';
import { recordAudit } from '../../identity/index.ts';
import type { ItemResult, ItemStatus } from '../../kernel/index.ts';
import { isRongheError } from '../../kernel/index.ts';
import type { EnergyStatementTable } from '../../storage/energy-schema.ts';
import { localDayOf } from '../meters/daily.ts';
import { settle, type SettlementResult } from '../contracts/settlement.ts';
import type { FrozenModel } from '../contracts/types.ts';
import { isResettleable, periodBounds, type StatementStatus } from '../contracts/statement.ts';
import { energyCost, flatLoadPrice } from '../contracts/tariff.ts';
import type { TemperatureSeries } from '../mv/index.ts';
import { baselineInForce } from './baselines.ts';
import { listContracts, type Contract } from './contracts.ts';
import { dailyMeansF, type EnergyDeps } from './data.ts';
import { getMeter, meterDaily } from './meters.ts';
import { settleHourlyOne } from './settle-hourly.ts';
import { energyId, localDateMs } from './scoped.ts';
import { siteTemperature } from './weather.ts';

export interface SettleOutcome {
  contractId: string;
  statementId?: string;
  savingsKwh?: number;
  amount?: number;
}

type Weather = Map<string, Promise<TemperatureSeries | null>>;

async function settleOne(
  deps: EnergyDeps,
  scope: Scope,
  c: Contract,
  label: string,
  weather: Weather,
) {
  const baseline = await baselineInForce(deps, c.id);
  if (!baseline?.model)
    return { status: 'insufficient-data' as const, reason: 'no baseline approved by both parties' };
  const { start, end } = periodBounds(c.period, label);
  if (end <= c.startDate || start >= c.endDate)
    return {
      status: 'insufficient-data' as const,
      reason: `period ${label} is outside the contract term ${c.startDate}–${c.endDate}`,
    };
  const off = c.tariff.utcOffsetMin;
  const fromMs = localDateMs(start, off);
  const toMs = localDateMs(end, off);
  const meter = await getMeter(deps, scope, baseline.terms.meterId);
  if (baseline.model.method === 'hourly')
    return settleHourlyOne(deps, scope, c, baseline, meter, { start, end, fromMs, toMs });
  const key = `${meter.site}|${fromMs}`;
  if (!weather.has(key)) weather.set(key, siteTemperature(deps, scope, meter.site, fromMs, toMs));
  const temps = await weather.get(key)!;
  const days = await meterDaily(deps, scope, meter, { fromMs, toMs, offsetMin: off });
  const dayStarts = days.map((d) => d.dayMs);
  const dailyTempF = temps ? dailyMeansF(temps, dayStarts) : dayStarts.map(() => Number.NaN);
  const price = flatLoadPrice(c.tariff, dayStarts);
  // The energy bill of outsourcing contracts: each day's use spread over its hours at the TOU price.
  const hourly: Array<[number, number]> = [];
  for (const d of days)
    for (let h = 0; h < 24; h++)
      hourly.push([localDayOf(d.dayMs, off) + h * 3_600_000, d.value / 24]);
  const result = settle({
    terms: c.terms,
    model: baseline.model,
    days,
    dailyTempF,
    adjustments: baseline.terms.adjustments,
    price,
    energyCost: energyCost(c.tariff, hourly).cost,
    offsetMin: off,
  });
  return {
    status: result.status,
    reason: result.reason,
    result,
    baseline: baseline.version,
    model: baseline.model,
    start,
    end,
    price,
    meterUnit: meter.unit,
    priceBasis: 'TOU bands weighted by a flat daily load',
    temps: temps !== null,
  };
}

/** What a successful settlement carries into its statement. */
interface Settled {
  result: SettlementResult;
  baseline: number;
  model: FrozenModel;
  start: string;
  end: string;
  price: number;
  meterUnit: string;
  priceBasis: string;
}

function statementRow(
  scope: Scope,
  c: Contract,
  label: string,
  s: Settled,
  prev?: EnergyStatementTable,
): EnergyStatementTable {
  const now = Date.now();
  const r = s.result;
  const evidence = {
    model: { baselineVersion: s.baseline, ...s.model },
    coverage: { days: r.days, daysUsed: r.daysUsed, share: r.coverage },
    energy: {
      unit: s.meterUnit,
      predicted: r.predictedKwh,
      adjustments: r.adjustmentKwh,
      observed: r.observedKwh,
      savings: r.savingsKwh,
    },
    uncertainty: {
      fsu90: r.fsu,
      band: r.bandKwh,
      ...(r.fsu === null
        ? {
            note:
              s.model.method === 'hourly'
                ? 'the M&V engine gives no Guideline 14 FSU for hourly models'
                : 'FSU undefined (zero savings fraction)',
          }
        : {}),
    },
    tariff: {
      currency: c.tariff.currency,
      pricePerUnit: s.price,
      basis: s.priceBasis,
    },
    amounts: r.amounts,
  };
  return {
    id: prev?.id ?? energyId('es'),
    tenant_id: scope.tenantId,
    contract_id: c.id,
    customer_id: c.customerId,
    period: label,
    period_start: s.start,
    period_end: s.end,
    status: 'draft',
    baseline_version: s.baseline,
    savings_kwh: r.savingsKwh,
    amount: r.amounts?.customerToProvider ?? 0,
    currency: c.tariff.currency,
    evidence: JSON.stringify(evidence),
    note: '',
    created_at: prev?.created_at ?? now,
    updated_at: now,
  };
}

/** Settles `label` ('YYYY-MM' or 'YYYY-Qn') for the given contracts or every contract in scope. */
export async function settlePeriod(
  deps: EnergyDeps,
  scope: Scope,
  q: { period: string; contractIds?: string[] },
): Promise<Array<ItemResult<SettleOutcome>>> {
  let contracts = await listContracts(deps, scope);
  if (q.contractIds) {
    const want = new Set(q.contractIds);
    contracts = contracts.filter((c) => want.has(c.id));
  }
  const existing = new Map<string, EnergyStatementTable>();
  const prior = await deps.db.kysely
    .selectFrom('energy_statements')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('period', '=', q.period)
    .execute();
  for (const p of prior) existing.set(p.contract_id, p);
  const weather: Weather = new Map();
  const out: Array<ItemResult<SettleOutcome>> = [];
  const writes: Array<{ row: EnergyStatementTable; update: boolean }> = [];
  for (const [index, c] of contracts.entries()) {
    try {
      const prev = existing.get(c.id);
      if (prev && !isResettleable(prev.status as StatementStatus)) {
        out.push({
          index,
          status: 'failed',
          reason: `statement ${prev.id} is ${prev.status}; it cannot be re-settled`,
          value: { contractId: c.id, statementId: prev.id },
        });
        continue;
      }
      const s = await settleOne(deps, scope, c, q.period, weather);
      if (!('result' in s) || !s.result || s.status !== 'ok') {
        out.push({
          index,
          status: s.status as ItemStatus,
          ...(s.reason ? { reason: s.reason } : {}),
          value: { contractId: c.id },
        });
        continue;
      }
      const row = statementRow(scope, c, q.period, s as Settled, prev);
      writes.push({ row, update: prev !== undefined });
      out.push({
        index,
        status: 'ok',
        value: {
          contractId: c.id,
          statementId: row.id,
          savingsKwh: row.savings_kwh,
          amount: row.amount,
        },
      });
    } catch (e) {
      out.push({
        index,
        status: 'failed',
        reason: isRongheError(e) ? e.message : `internal error: ${String(e)}`,
        value: { contractId: c.id },
      });
    }
  }
  await writeStatements(deps, scope, q.period, writes);
  return out;
}

async function writeStatements(
  deps: EnergyDeps,
  scope: Scope,
  period: string,
  writes: Array<{ row: EnergyStatementTable; update: boolean }>,
) {
  if (writes.length === 0) return;
  await deps.db.kysely.transaction().execute(async (trx) => {
    for (const { row, update } of writes) {
      if (update)
        await trx.updateTable('energy_statements').set(row).where('id', '=', row.id).execute();
      else await trx.insertInto('energy_statements').values(row).execute();
      await recordAudit(trx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'energy.statement.settle',
        entityType: 'energy_statement',
        entityId: row.id,
        details: {
          contractId: row.contract_id,
          period,
          savings: row.savings_kwh,
          amount: row.amount,
        },
      });
    }
  });
}
