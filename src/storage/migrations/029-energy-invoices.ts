// Invoice-ready energy statements (issue 19, "Energy money"; issue 17, statement paging and local
// periods). Contracts carry their VAT rate; a statement keeps its amounts in whole fen (with and
// without VAT, kernel/money.ts), the invoice number and date recorded when it is issued (unique
// per tenant), and the instant its period starts at local midnight in the tenant's zone, the
// numeric key the statement list sorts and pages by.
//
// Statements settled before this migration carried no VAT: they keep their amount as the gross,
// net equal to it and a rate of 0 (the truth of what was computed); re-settling a draft applies
// the contract's rate. Existing contracts get 6 %, the rate of energy-saving services (现代服务,
// 财税〔2016〕36号), which the provider may change on new contracts.
import { sql, type Kysely } from 'kysely';
import { DEFAULT_TIME_ZONE, localMidnight, parseDate } from '../../kernel/index.ts';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .alterTable('energy_contracts')
    .addColumn('vat_rate', 'double precision', (c) => c.notNull().defaultTo(0.06))
    .execute();
  for (const [name, type] of [
    ['amount_fen', 'bigint'],
    ['net_fen', 'bigint'],
    ['tax_fen', 'bigint'],
    ['vat_rate', 'double precision'],
    ['period_start_ms', 'bigint'],
  ] as const)
    await db.schema
      .alterTable('energy_statements')
      .addColumn(name, type, (c) => c.notNull().defaultTo(0))
      .execute();
  for (const [name, type] of [
    ['invoice_no', 'text'],
    ['invoice_date', 'text'],
    ['issued_at', 'bigint'],
  ] as const)
    await db.schema.alterTable('energy_statements').addColumn(name, type).execute();
  await backfill(db);
  // Unique per tenant; statements not yet issued have none (NULLs are distinct in both dialects).
  await db.schema
    .createIndex('energy_statements_invoice')
    .on('energy_statements')
    .columns(['tenant_id', 'invoice_no'])
    .unique()
    .execute();
  await db.schema
    .createIndex('energy_statements_period_start')
    .on('energy_statements')
    .columns(['tenant_id', 'period_start_ms'])
    .execute();
}

async function backfill(db: Kysely<unknown>): Promise<void> {
  const rows = await sql<{
    id: string;
    amount: number;
    period_start: string;
    time_zone: string | null;
  }>`select s.id, s.amount, s.period_start, t.time_zone
     from energy_statements s left join tenants t on t.id = s.tenant_id`.execute(db);
  for (const r of rows.rows) {
    const fen = Math.round(Number(r.amount) * 100);
    const date = parseDate(r.period_start);
    const start = date ? localMidnight(date, r.time_zone ?? DEFAULT_TIME_ZONE) : 0;
    await sql`update energy_statements set amount_fen = ${fen}, net_fen = ${fen}, tax_fen = 0,
      vat_rate = 0, period_start_ms = ${start} where id = ${r.id}`.execute(db);
  }
}
