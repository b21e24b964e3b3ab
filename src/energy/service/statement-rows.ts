// A statement row as the API gives it: the money in whole fen beside the gross in yuan, the VAT
// rate and the invoice lines, the price rule used (hourly TOU or the flat-load rule, pricing.ts),
// the invoice number and date once issued, and the contract's name beside its id.
import type { EnergyStatementTable } from '../../storage/energy-schema.ts';
import type { InvoiceLine } from '../contracts/invoice.ts';
import type { PriceRule } from '../contracts/pricing.ts';
import type { StatementStatus } from '../contracts/statement.ts';
import type { EnergyDeps } from './data.ts';
import { parseJson } from './scoped.ts';

export interface Statement {
  id: string;
  contractId: string;
  contractName: string;
  customerId: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  /** Local midnight the period starts at in the tenant's zone (epoch ms). */
  periodStartMs: number;
  status: StatementStatus;
  baselineVersion: number;
  savingsKwh: number;
  /** Gross amount (VAT included) in yuan, = amountFen / 100. */
  amount: number;
  /** Gross, net (without VAT) and VAT in whole fen: amountFen = netFen + taxFen. */
  amountFen: number;
  netFen: number;
  taxFen: number;
  vatRate: number;
  lines: InvoiceLine[];
  priceRule: PriceRule;
  invoiceNo: string | null;
  invoiceDate: string | null;
  issuedAt: number | null;
  currency: string;
  evidence: unknown;
  note: string;
  createdAt: number;
  updatedAt: number;
}

interface EvidenceMoney {
  tariff?: { rule?: PriceRule; basis?: string };
  invoice?: { lines?: InvoiceLine[] };
}

/** The rule a statement was priced by; statements from before the rule was recorded say it in words. */
function ruleOf(ev: EvidenceMoney): PriceRule {
  if (ev.tariff?.rule) return ev.tariff.rule;
  return /observed hourly/.test(ev.tariff?.basis ?? '') ? 'hourly' : 'daily-flat-load';
}

export function rowToStatement(r: EnergyStatementTable, names: Map<string, string>): Statement {
  const evidence = parseJson<EvidenceMoney>(r.evidence);
  const amountFen = Number(r.amount_fen);
  return {
    id: r.id,
    contractId: r.contract_id,
    contractName: names.get(r.contract_id) ?? r.contract_id,
    customerId: r.customer_id,
    period: r.period,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    periodStartMs: Number(r.period_start_ms),
    status: r.status as StatementStatus,
    baselineVersion: r.baseline_version,
    savingsKwh: r.savings_kwh,
    amount: amountFen / 100,
    amountFen,
    netFen: Number(r.net_fen),
    taxFen: Number(r.tax_fen),
    vatRate: Number(r.vat_rate),
    lines: evidence.invoice?.lines ?? [],
    priceRule: ruleOf(evidence),
    invoiceNo: r.invoice_no,
    invoiceDate: r.invoice_date,
    issuedAt: r.issued_at === null ? null : Number(r.issued_at),
    currency: r.currency,
    evidence,
    note: r.note,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** Contract names by id (a statement's contract is in the same tenant and scope). */
export async function contractNames(deps: EnergyDeps, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await deps.db.kysely
    .selectFrom('energy_contracts')
    .select(['id', 'name'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
