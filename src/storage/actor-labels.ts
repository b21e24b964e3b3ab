// The once-only rewrite of actor labels from `user:<e-mail>` to `user:<id>` (migration 037;
// GB/T 22239-2019 8.1.4.10, PIPL art. 47): rows written before 037 carry the e-mail of whoever
// acted, which would outlive the user's deletion. Done at start, where the operator's key opens
// the users' sealed e-mail addresses.
//
// Rewritten: every actor column outside the audit log. A label whose user is already gone has
// no id to take: it becomes `user:deleted`, which the console shows as a deleted user.
// Not rewritten: the audit log (`audit_log.actor`), whose records are chained by hash
// (identity/audit-chain.ts) — a rewrite would be the very tampering the chain exists to show.
// Its old labels are resolved to names at read time (identity/actor-names.ts) and leave the
// database with the records, when retention moves them to the archive files.
import { sql } from 'kysely';
import type { Db } from './database.ts';

/** Every column outside the audit log that holds an actor label, by table (schema files). */
export const ACTOR_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  api_keys: ['created_by'],
  lifecycle_events: ['actor'],
  security_settings: ['updated_by'],
  audit_retention: ['updated_by'],
  energy_contracts: ['created_by'],
  energy_baselines: ['created_by', 'provider_approved_by', 'customer_approved_by'],
  energy_heating_curves: ['updated_by'],
  mfg_plans: ['created_by'],
  mfg_quotes: ['created_by'],
  mfg_material_issues: ['actor'],
  monitoring_rules: ['updated_by'],
  alarms: ['acknowledged_by'],
  alarm_shelves: ['shelved_by'],
  asset_maintenance: ['started_by'],
  monitoring_derived_channels: ['updated_by'],
  alarm_journal: ['actor'],
  phm_models: ['created_by'],
  phm_schedules: ['created_by'],
  phm_jobs: ['created_by'],
  region_grants: ['granted_by', 'revoked_by'],
  service_work_orders: ['created_by'],
  service_work_order_events: ['by'],
  service_reservations: ['created_by'],
  service_part_movements: ['by'],
  service_plans: ['created_by'],
  service_checklist_items: ['done_by'],
  service_attachments: ['created_by'],
  service_as_built: ['updated_by'],
  service_sign_offs: ['recorded_by'],
};

/** JSON columns holding labels as string values (`{ by }` of comments and suppression). */
export const JSON_ACTOR_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  alarms: ['comments', 'suppressed_by'],
};

const DUE = 'actor-labels';
const EMAIL_LABEL = /"user:([^"\\]+@[^"\\]+)"/g;

/**
 * Rewrites the e-mail labels if migration 037 left the note that it is due; then removes the
 * note. Without the operator's key nothing can be matched: it waits for the next start.
 */
export async function relabelActors(db: Db): Promise<{ rewritten: number }> {
  const p = db.personal;
  if (!p) return { rewritten: 0 };
  const due = await db.kysely
    .selectFrom('personal_data_key')
    .select('id')
    .where('id', '=', DUE)
    .executeTakeFirst();
  if (!due) return { rewritten: 0 };
  const idOf = new Map<string, string>();
  for (const u of await db.kysely.selectFrom('users').select(['id', 'email']).execute())
    idOf.set(p.open(u.email).toLowerCase(), u.id);
  const relabel = (label: string) => {
    const id = idOf.get(label.slice('user:'.length).toLowerCase());
    // A user deleted before 037: who they were cannot be told any more, only that it was one.
    return id ? `user:${id}` : 'user:deleted';
  };
  let rewritten = 0;
  await db.kysely.transaction().execute(async (trx) => {
    for (const [table, columns] of Object.entries(ACTOR_COLUMNS))
      for (const column of columns) {
        const t = sql.table(table);
        const c = sql.ref(column);
        // The few distinct labels first: one scan per label, not one per user.
        const found = await sql<{
          label: string;
        }>`select distinct ${c} as label from ${t} where ${c} like 'user:%@%'`.execute(trx);
        for (const { label } of found.rows) {
          const to = relabel(label);
          const r = await sql`update ${t} set ${c} = ${to} where ${c} = ${label}`.execute(trx);
          rewritten += Number(r.numAffectedRows ?? 0);
        }
      }
    for (const [table, columns] of Object.entries(JSON_ACTOR_COLUMNS))
      for (const column of columns) {
        const t = sql.table(table);
        const c = sql.ref(column);
        const found = await sql<{
          id: string;
          v: string;
        }>`select id, ${c} as v from ${t} where ${c} like '%"user:%@%'`.execute(trx);
        for (const { id, v } of found.rows) {
          const to = v.replace(EMAIL_LABEL, (_, email: string) =>
            JSON.stringify(relabel(`user:${email}`)),
          );
          await sql`update ${t} set ${c} = ${to} where id = ${id}`.execute(trx);
          rewritten++;
        }
      }
    await trx.deleteFrom('personal_data_key').where('id', '=', DUE).execute();
  });
  // The old labels stay in free pages until overwritten: secure_delete zeroes the old cells of
  // rewritten rows, and a checkpoint carries that into the database file.
  if (rewritten && db.dialect === 'sqlite')
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db.kysely);
  return { rewritten };
}
