// Service KPIs in SQL and SLA notices (issue 16). A work order keeps what its KPIs need once it
// finishes — the SLA outcome (response / resolution met, business minutes) and its downtime — and
// the asset model it was serviced as, so KPIs over a million orders are one GROUP BY pass over
// indexed rows instead of recomputing every SLA clock. `cancelled_at` dates a cancellation
// (before, only `updated_at` did). `service_kpi_rollup` sums finished orders per 30-day bucket,
// per asset (with its customer, model and contract) and per technician, so a period's KPIs read a
// few thousand rollup rows plus the raw rows of its two partial buckets. `service_notices` records each SLA warning / breach and each
// contract renewal reminder once per subject and kind: a unique key, so a restart or a second
// node never sends one twice.
import { sql, type Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  for (const [name, type] of [
    ['model_id', 'text'],
    ['cancelled_at', 'bigint'],
    ['sla_response_met', 'integer'],
    ['sla_resolution_met', 'integer'],
    ['sla_response_minutes', 'double precision'],
    ['sla_resolution_minutes', 'double precision'],
    ['downtime_ms', 'bigint'],
  ] as const)
    await db.schema.alterTable('service_work_orders').addColumn(name, type).execute();
  await sql`update service_work_orders set model_id =
    (select a.model_id from assets a where a.id = service_work_orders.asset_id)`.execute(db);
  await sql`update service_work_orders set cancelled_at = updated_at
    where status = 'cancelled'`.execute(db);
  await sql`update service_work_orders set downtime_ms = done_at - created_at
    where done_at is not null`.execute(db);
  await db.schema
    .createIndex('service_work_orders_created')
    .on('service_work_orders')
    .columns(['tenant_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('service_work_orders_cancelled')
    .on('service_work_orders')
    .columns(['tenant_id', 'cancelled_at'])
    .execute();
  let t = db.schema.createTable('service_kpi_rollup');
  for (const c of kpiRollupKeys)
    t = t.addColumn(c, c === 'bucket' ? 'bigint' : 'text', (x) => x.notNull());
  for (const c of kpiRollupSums) t = t.addColumn(c, 'bigint', (x) => x.notNull());
  await t.addPrimaryKeyConstraint('service_kpi_rollup_pk', [...kpiRollupKeys] as never[]).execute();
  await sql.raw(kpiRollupBackfill('')).execute(db);
  await db.schema
    .createTable('service_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    // A work order (SLA) or a contract (renewal).
    .addColumn('subject_id', 'text', (c) => c.notNull())
    // 'sla.response.warning' | 'sla.response.breached' | 'sla.resolution.warning' |
    // 'sla.resolution.breached' | 'contract.renewal:<valid_to>'
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    // Null until handed to the notification channels (re-sent after a crash in between).
    .addColumn('delivered_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('service_notices_once')
    .on('service_notices')
    .columns(['tenant_id', 'subject_id', 'kind'])
    .unique()
    .execute();
  await db.schema
    .createIndex('service_notices_at')
    .on('service_notices')
    .columns(['tenant_id', 'at'])
    .execute();
}

/** Width of a rollup bucket (30 days): buckets are `floor(t / width) * width`, portable SQL. */
export const KPI_BUCKET_MS = 2_592_000_000;

export const kpiRollupKeys = [
  'tenant_id',
  // 'a': per asset (asset, customer, model, contract set; technician ''); 't': per technician.
  'side',
  'bucket',
  'asset_id',
  'customer_id',
  'model_id',
  'contract_id',
  'technician_id',
] as const;

/** Failures count in the bucket the order was created in; the rest in the one it was done in. */
export const kpiRollupSums = [
  'failures',
  'repairs',
  'restore_ms',
  'first_fix',
  'sla_measured',
  'sla_met',
  'labour_minutes',
  'cost_fen',
  'max_restore_ms',
] as const;

/**
 * The rollup of every done work order (of one tenant when `tenantFilter` is an SQL condition such
 * as "tenant_id = 'x'"), as one INSERT … SELECT: the backfill of this migration and of bulk loads.
 */
export function kpiRollupBackfill(tenantFilter: string): string {
  const w = KPI_BUCKET_MS;
  const where = `done_at is not null${tenantFilter ? ` and ${tenantFilter}` : ''}`;
  const corrective = "kind = 'corrective'";
  const cols = [...kpiRollupKeys, ...kpiRollupSums];
  const part = (side: 'a' | 't', at: 'created_at' | 'done_at') => {
    const keys =
      side === 'a'
        ? [
            'asset_id',
            "coalesce(customer_id, '')",
            "coalesce(model_id, '')",
            "coalesce(contract_id, '')",
            "''",
          ]
        : ["''", "''", "''", "''", "coalesce(technician_id, '')"];
    const sums =
      at === 'created_at'
        ? [`sum(case when ${corrective} then 1 else 0 end)`, '0', '0', '0', '0', '0', '0', '0', '0']
        : [
            '0',
            `sum(case when ${corrective} then 1 else 0 end)`,
            `sum(case when ${corrective} then done_at - created_at else 0 end)`,
            `sum(case when ${corrective} and visits = 1 then 1 else 0 end)`,
            'sum(case when sla_resolution_met is not null then 1 else 0 end)',
            'sum(case when sla_resolution_met = 1 and sla_response_met = 1 then 1 else 0 end)',
            'sum(labour_minutes)',
            'sum(cost_fen)',
            `max(case when ${corrective} then done_at - created_at else 0 end)`,
          ];
    const bucket = `(${at} / ${w}) * ${w}`;
    const exprs = ['tenant_id', `'${side}'`, bucket, ...keys, ...sums];
    return `select ${exprs.map((e, i) => `${e} as ${cols[i]}`).join(', ')}
      from service_work_orders where ${where}
      group by tenant_id, ${bucket}, ${keys.filter((x) => !x.startsWith("'")).join(', ')}`;
  };
  const sumsOf = kpiRollupSums
    .map((c) => (c === 'max_restore_ms' ? `max(${c})` : `sum(${c})`))
    .join(', ');
  const parts = (['created_at', 'done_at'] as const).flatMap((at) =>
    (['a', 't'] as const).map((side) => part(side, at)),
  );
  return `insert into service_kpi_rollup (${cols.join(', ')})
    select ${kpiRollupKeys.join(', ')}, ${sumsOf}
    from (${parts.join(' union all ')}) x
    group by ${kpiRollupKeys.join(', ')}`;
}
