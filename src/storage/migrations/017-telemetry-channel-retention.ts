// Retention per channel (issue #17): how long one channel of a tenant keeps each resolution,
// optionally only on assets of one model (model_id '' means every model). A row overrides the
// tenant's retention (telemetry_retention) for that resolution; keep_ms null keeps for ever.
// The most specific row wins: channel and model, then channel, then the tenant.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('telemetry_channel_retention')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text', (c) => c.notNull())
    .addColumn('keep_ms', 'bigint')
    .addPrimaryKeyConstraint('telemetry_channel_retention_pk', [
      'tenant_id',
      'channel',
      'model_id',
      'resolution',
    ])
    .execute();
}
