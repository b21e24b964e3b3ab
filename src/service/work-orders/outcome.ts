// What a work order keeps when it finishes, for the KPIs (migration 019): on done, the SLA
// outcome — response and resolution met or breached and the business minutes each clock ran —
// and its downtime (done − created); on cancel, when. Computed once with the same clocks the API
// shows (view.ts), and added to the KPI rollup (kpi/rollup.ts), so KPIs over a million orders never recompute a business calendar.
import type { ServiceWorkOrderTable } from '../../storage/service-schema.ts';
import { rollUpDone } from '../kpi/rollup.ts';
import type { K } from '../store.ts';
import type { WorkOrderState } from './states.ts';
import { cacheContract, slaOf } from './view.ts';

/** The stored fields of a finished order `r` (its row as written, done_at set). */
export async function outcomeOf(
  k: K,
  r: ServiceWorkOrderTable,
): Promise<Partial<ServiceWorkOrderTable>> {
  const contract = r.contract_id
    ? await k
        .selectFrom('service_contracts')
        .selectAll()
        .where('id', '=', r.contract_id)
        .executeTakeFirst()
    : undefined;
  const done = r.done_at!;
  const sla = slaOf(r, cacheContract(new Map(), contract), done);
  const met = (c: typeof sla.response) => (c ? (c.state === 'met' ? 1 : 0) : null);
  return {
    sla_response_met: met(sla.response),
    sla_resolution_met: met(sla.resolution),
    sla_response_minutes: sla.response?.elapsedMinutes ?? null,
    sla_resolution_minutes: sla.resolution?.elapsedMinutes ?? null,
    downtime_ms: done - r.created_at,
  };
}

/** Runs inside a transition's transaction, after the row moved to `to`. */
export async function recordOutcome(
  tx: K,
  before: ServiceWorkOrderTable,
  to: WorkOrderState,
  at: number,
): Promise<void> {
  if (to !== 'done' && to !== 'cancelled') return;
  const row = await tx
    .selectFrom('service_work_orders')
    .selectAll()
    .where('id', '=', before.id)
    .executeTakeFirstOrThrow();
  const patch = to === 'done' ? await outcomeOf(tx, row) : { cancelled_at: at };
  await tx.updateTable('service_work_orders').set(patch).where('id', '=', before.id).execute();
  if (to === 'done') await rollUpDone(tx, { ...row, ...patch });
}
