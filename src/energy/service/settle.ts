// A settlement run: for each contract in scope, the statement of one period from the frozen
// baseline model, the metered use and the site's weather (contracts/settlement.ts holds the maths).
// Each contract reports ok | insufficient-data | failed; one contract's failure never stops the run
// (house style 4). Weather is read once per site per run.
import type { Scope } from '../../identity/index.ts';
import { recordAudit } from '../../identity/index.ts';
import type { ItemResult, ItemStatus } from '../../kernel/index.ts';
import { isRongheError, yuanOf } from '../../kernel/index.ts';
import type { EnergyStatementTable } from '../../storage/energy-schema.ts';
import { settle, type SettlementResult } from '../contracts/settlement.ts';
import type { FrozenModel } from '../contracts/types.ts';
import { isResettleable, periodBounds, type StatementStatus } from '../contracts/statement.ts';
import { invoiceOf } from '../contracts/invoice.ts';
import { pricePeriod, type PeriodPricing, type PriceRule } from '../contracts/pricing.ts';
import type { TemperatureSeries } from '../mv/index.ts';
import { baselineInForce } from './baselines.ts';
import { listContracts, type Contract } from './contracts.ts';
import { dailyMeansF, type EnergyDeps } from './data.ts';
import { getMeter, meterDaily, type Meter } from './meters.ts';
import { meterReadings } from './readings.ts';
import { settleHourlyOne } from './settle-hourly.ts';
import { energyId, tenantClock } from './scoped.ts';
import { siteTemperature } from './weather.ts';

export interface SettleOutcome {
  contractId: string;
  statementId?: string;
  savingsKwh?: number;
  amount?: number;
}

type Weather = Map<string, Promise<TemperatureSeries | null>>;

/** A period's local dates and the instants of their midnights in the tenant's zone (issue 17). */
export interface PeriodRange {
  start: string;
  end: string;
  fromMs: number;
  toMs: number;
  /** The zone's offset at the period start: days of the period are cut on it. */
  offsetMin: number;
}

export async function periodRange(
  deps: EnergyDeps,
  scope: Scope,
  c: Contract,
  label: string,
): Promise<PeriodRange> {
  const { start, end } = periodBounds(c.period, label);
  const clock = await tenantClock(deps.db, scope);
  const fromMs = clock.dateMs(start);
  return { start, end, fromMs, toMs: clock.dateMs(end), offsetMin: clock.offsetMin(fromMs) };
}

/** Hourly use of a physical meter over the period (none for virtual meters: daily only). */
async function hourlyUse(deps: EnergyDeps, scope: Scope, meter: Meter, p: PeriodRange) {
  if (meter.source.kind !== 'channel') return [];
  const r = await meterReadings(deps, scope, meter, 'hourly', p);
  return r.map((x) => [x.startMs, x.value] as [number, number]);
}

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
  const p = await periodRange(deps, scope, c, label);
  if (p.end <= c.startDate || p.start >= c.endDate)
    return {
      status: 'insufficient-data' as const,
      reason: `period ${label} is outside the contract term ${c.startDate}–${c.endDate}`,
    };
  const meter = await getMeter(deps, scope, baseline.terms.meterId);
  if (baseline.model.method === 'hourly')
    return settleHourlyOne(deps, scope, c, baseline, meter, p);
  const key = `${meter.site}|${p.fromMs}`;
  if (!weather.has(key))
    weather.set(key, siteTemperature(deps, scope, meter.site, p.fromMs, p.toMs));
  const temps = await weather.get(key)!;
  const days = await meterDaily(deps, scope, meter, p);
  const dayStarts = days.map((d) => d.dayMs);
  const dailyTempF = temps ? dailyMeansF(temps, dayStarts) : dayStarts.map(() => Number.NaN);
  // Hour by hour where the meter has whole days of hourly use, the flat-load rule elsewhere.
  const pricing = pricePeriod(c.tariff, days, await hourlyUse(deps, scope, meter, p));
  const result = settle({
    terms: c.terms,
    model: baseline.model,
    days,
    dailyTempF,
    adjustments: baseline.terms.adjustments,
    price: pricing.price,
    energyCost: pricing.cost,
    offsetMin: p.offsetMin,
  });
  return {
    status: result.status,
    reason: result.reason,
    result,
    baseline: baseline.version,
    model: baseline.model,
    range: p,
    pricing,
    meterUnit: meter.unit,
    temps: temps !== null,
  };
}

/** What a successful settlement carries into its statement. */
interface Settled {
  result: SettlementResult;
  baseline: number;
  model: FrozenModel;
  range: PeriodRange;
  pricing: PeriodPricing;
  meterUnit: string;
}

const basisText: Record<PriceRule, string> = {
  hourly: 'TOU bands applied hour by hour to the metered hourly use',
  'daily-flat-load': 'TOU bands weighted by a flat load over each day (daily data only)',
  mixed: 'TOU bands hour by hour on days with hourly data, flat load over the other days',
};

function statementRow(
  scope: Scope,
  c: Contract,
  label: string,
  s: Settled,
  prev?: EnergyStatementTable,
): EnergyStatementTable {
  const now = Date.now();
  const r = s.result;
  const amounts = r.amounts ?? { savingsValue: 0, customerToProvider: 0, detail: {} };
  const invoice = invoiceOf(c.terms.kind, amounts, c.vatRate);
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
      pricePerUnit: s.pricing.price,
      rule: s.pricing.rule,
      hourlyDays: s.pricing.hourlyDays,
      flatDays: s.pricing.flatDays,
      basis: basisText[s.pricing.rule],
    },
    amounts,
    invoice: { vatRate: c.vatRate, lines: invoice.lines },
  };
  return {
    id: prev?.id ?? energyId('es'),
    tenant_id: scope.tenantId,
    contract_id: c.id,
    customer_id: c.customerId,
    period: label,
    period_start: s.range.start,
    period_end: s.range.end,
    period_start_ms: s.range.fromMs,
    status: 'draft',
    baseline_version: s.baseline,
    savings_kwh: r.savingsKwh,
    amount: yuanOf(invoice.totals.grossFen),
    amount_fen: invoice.totals.grossFen,
    net_fen: invoice.totals.netFen,
    tax_fen: invoice.totals.taxFen,
    vat_rate: c.vatRate,
    // A re-settled (disputed) statement is a new draft: its old invoice is reversed, not reused.
    invoice_no: null,
    invoice_date: null,
    issued_at: null,
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
