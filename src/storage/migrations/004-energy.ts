// Energy platform tables (src/energy/service): meters and virtual meters, weather stations and
// imported weather, site → station links, performance contracts, versioned baseline agreements,
// settlement statements (one per contract and period), consumption anomalies, heating curves.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';

type Schema = Kysely<unknown>['schema'];
const tenantTable = (s: Schema, name: string) =>
  s
    .createTable(name)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull());

export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  const s = db.schema;
  await tenantTable(s, 'energy_meters')
    .addColumn('customer_id', 'text')
    .addColumn('asset_id', 'text')
    .addColumn('channel', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await s
    .createIndex('energy_meters_tenant')
    .on('energy_meters')
    .columns(['tenant_id', 'customer_id'])
    .execute();

  await tenantTable(s, 'energy_weather_stations')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text')
    .addColumn('channel', 'text')
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await s
    .createTable('energy_weather_points')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('temp_c', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('energy_weather_points_pk', ['station_id', 'ts'])
    .execute();
  await s
    .createTable('energy_sites')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('energy_sites_pk', ['tenant_id', 'site'])
    .execute();

  await tenantTable(s, 'energy_contracts')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('tariff', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await s
    .createIndex('energy_contracts_tenant')
    .on('energy_contracts')
    .columns(['tenant_id', 'customer_id'])
    .execute();

  await tenantTable(s, 'energy_baselines')
    .addColumn('contract_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('model', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('provider_approved_by', 'text')
    .addColumn('provider_approved_at', 'bigint')
    .addColumn('customer_approved_by', 'text')
    .addColumn('customer_approved_at', 'bigint')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('energy_baselines_version', ['contract_id', 'version'])
    .execute();

  await tenantTable(s, 'energy_statements')
    .addColumn('contract_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('baseline_version', 'integer', (c) => c.notNull())
    .addColumn('savings_kwh', 'double precision', (c) => c.notNull())
    .addColumn('amount', 'double precision', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('energy_statements_period', ['contract_id', 'period'])
    .execute();
  await s
    .createIndex('energy_statements_tenant')
    .on('energy_statements')
    .columns(['tenant_id', 'customer_id'])
    .execute();

  await tenantTable(s, 'energy_anomalies')
    .addColumn('customer_id', 'text')
    .addColumn('meter_id', 'text', (c) => c.notNull())
    .addColumn('day_ms', 'bigint', (c) => c.notNull())
    .addColumn('observed', 'double precision', (c) => c.notNull())
    .addColumn('predicted', 'double precision', (c) => c.notNull())
    .addColumn('excess', 'double precision', (c) => c.notNull())
    .addColumn('excess_fraction', 'double precision', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('energy_anomalies_day', ['meter_id', 'day_ms'])
    .execute();

  await s
    .createTable('energy_heating_curves')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('points', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('energy_heating_curves_pk', ['tenant_id', 'scope', 'scope_id'])
    .execute();
}
