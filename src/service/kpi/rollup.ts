// The KPI rollup (migration 019): a done work order adds itself once, in the transaction that
// finishes it — its failure to the bucket it was created in, its repair, SLA outcome, labour and
// cost to the bucket it was done in — on the asset side (asset, customer, model, contract) and on
// the technician side. Labour booked on a done order later moves its bucket by the difference.
import { sql } from 'kysely';
import { KPI_BUCKET_MS } from '../../storage/migrations/019-service-kpi.ts';
import type { ServiceKpiRollupTable, ServiceWorkOrderTable } from '../../storage/service-schema.ts';
import type { K } from '../store.ts';

export { KPI_BUCKET_MS };
export const bucketOf = (t: number): number => Math.floor(t / KPI_BUCKET_MS) * KPI_BUCKET_MS;

type Sums = Pick<
  ServiceKpiRollupTable,
  | 'failures'
  | 'repairs'
  | 'restore_ms'
  | 'first_fix'
  | 'sla_measured'
  | 'sla_met'
  | 'labour_minutes'
  | 'cost_fen'
  | 'max_restore_ms'
>;

const zero = (): Sums => ({
  failures: 0,
  repairs: 0,
  restore_ms: 0,
  first_fix: 0,
  sla_measured: 0,
  sla_met: 0,
  labour_minutes: 0,
  cost_fen: 0,
  max_restore_ms: 0,
});

async function add(tx: K, r: ServiceWorkOrderTable, bucket: number, s: Sums): Promise<void> {
  const sides = [
    {
      side: 'a',
      asset_id: r.asset_id,
      customer_id: r.customer_id ?? '',
      model_id: r.model_id ?? '',
      contract_id: r.contract_id ?? '',
      technician_id: '',
    },
    {
      side: 't',
      asset_id: '',
      customer_id: '',
      model_id: '',
      contract_id: '',
      technician_id: r.technician_id ?? '',
    },
  ];
  for (const keys of sides)
    await tx
      .insertInto('service_kpi_rollup')
      .values({ tenant_id: r.tenant_id, bucket, ...keys, ...s })
      .onConflict((oc) =>
        oc
          .columns([
            'tenant_id',
            'side',
            'bucket',
            'asset_id',
            'customer_id',
            'model_id',
            'contract_id',
            'technician_id',
          ])
          .doUpdateSet({
            failures: sql`service_kpi_rollup.failures + excluded.failures`,
            repairs: sql`service_kpi_rollup.repairs + excluded.repairs`,
            restore_ms: sql`service_kpi_rollup.restore_ms + excluded.restore_ms`,
            first_fix: sql`service_kpi_rollup.first_fix + excluded.first_fix`,
            sla_measured: sql`service_kpi_rollup.sla_measured + excluded.sla_measured`,
            sla_met: sql`service_kpi_rollup.sla_met + excluded.sla_met`,
            labour_minutes: sql`service_kpi_rollup.labour_minutes + excluded.labour_minutes`,
            cost_fen: sql`service_kpi_rollup.cost_fen + excluded.cost_fen`,
            max_restore_ms: sql`case when excluded.max_restore_ms > service_kpi_rollup.max_restore_ms then excluded.max_restore_ms else service_kpi_rollup.max_restore_ms end`,
          }),
      )
      .execute();
}

/** Adds a work order that has just been done (its row as stored, outcome included). */
export async function rollUpDone(tx: K, r: ServiceWorkOrderTable): Promise<void> {
  const corrective = r.kind === 'corrective';
  const restore = r.done_at! - r.created_at;
  await add(tx, r, bucketOf(r.created_at), { ...zero(), failures: corrective ? 1 : 0 });
  await add(tx, r, bucketOf(r.done_at!), {
    ...zero(),
    repairs: corrective ? 1 : 0,
    restore_ms: corrective ? restore : 0,
    first_fix: corrective && r.visits === 1 ? 1 : 0,
    sla_measured: r.sla_resolution_met === null ? 0 : 1,
    sla_met: r.sla_resolution_met === 1 && r.sla_response_met === 1 ? 1 : 0,
    labour_minutes: r.labour_minutes,
    cost_fen: r.cost_fen,
    max_restore_ms: corrective ? restore : 0,
  });
}

/** Labour or cost changed on a done order: its done bucket moves by the difference. */
export async function rollUpBooking(
  tx: K,
  r: ServiceWorkOrderTable,
  labourDelta: number,
  costDelta: number,
): Promise<void> {
  if (r.done_at === null || (labourDelta === 0 && costDelta === 0)) return;
  await add(tx, r, bucketOf(r.done_at), {
    ...zero(),
    labour_minutes: labourDelta,
    cost_fen: costDelta,
  });
}
