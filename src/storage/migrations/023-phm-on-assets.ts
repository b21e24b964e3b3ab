// PHM on assets (issue 18): what an assessment found (trend, contributions, RUL or bearing
// evidence) kept with it so that reading an asset's health never computes; schedules that
// assess the assets of an asset model per active model; vibration waveforms (blocks of samples
// at kHz rates, compressed) with their sample rate and running speed; and training jobs that run
// in a worker thread and report progress.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await db.schema.alterTable('phm_assessments').addColumn('kind', 'text').execute();
  await db.schema.alterTable('phm_assessments').addColumn('detail', 'text').execute();

  await db.schema
    .createTable('phm_schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('asset_model_id', 'text', (c) => c.notNull())
    .addColumn('interval_ms', 'bigint', (c) => c.notNull())
    .addColumn('window_ms', 'bigint', (c) => c.notNull())
    .addColumn('next_run_at', 'bigint', (c) => c.notNull())
    .addColumn('last_run_at', 'bigint')
    .addColumn('last_result', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('phm_schedules_model')
    .on('phm_schedules')
    .columns(['tenant_id', 'kind', 'asset_model_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('phm_schedules_due')
    .on('phm_schedules')
    .columns(['next_run_at'])
    .execute();

  await db.schema
    .createTable('phm_waveforms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('sample_rate', 'double precision', (c) => c.notNull())
    .addColumn('rpm', 'double precision', (c) => c.notNull())
    .addColumn('samples', 'integer', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('data', caps.binaryType, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('phm_waveforms_asset')
    .on('phm_waveforms')
    .columns(['tenant_id', 'asset_id', 'channel', 'ts'])
    .execute();

  await db.schema
    .createTable('phm_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('asset_model_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'double precision', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('model_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
}
