// Derived channels in the database: per asset model, an ordered list replaced as a whole (the
// editor sends the model's full list, so a rename or removal never leaves a stale row behind).
// The caller validates the list against the model first (modelChannelLayout).
import type { Kysely } from 'kysely';
import type { Database, Db } from '../../storage/index.ts';
import type { MonitoringTables } from '../../storage/monitoring-schema.ts';
import type { DerivedChannelSpec } from '../expressions/index.ts';

export interface DerivedChannelStore {
  list(modelId: string): Promise<DerivedChannelSpec[]>;
  /** Every model's list in one query, for building a tenant's engine. */
  byModel(): Promise<Map<string, DerivedChannelSpec[]>>;
  replace(
    modelId: string,
    specs: readonly DerivedChannelSpec[],
    by: string,
    at: number,
  ): Promise<void>;
}

export function createDerivedChannelStore(db: Db, tenantId: string): DerivedChannelStore {
  const k: Kysely<Database & MonitoringTables> = db.kysely.withTables<MonitoringTables>();
  const rows = () =>
    k
      .selectFrom('monitoring_derived_channels')
      .select(['model_id', 'name', 'expression'])
      .where('tenant_id', '=', tenantId)
      .orderBy('model_id')
      .orderBy('position');
  return {
    async list(modelId) {
      const r = await rows().where('model_id', '=', modelId).execute();
      return r.map((x) => ({ name: x.name, expression: x.expression }));
    },
    async byModel() {
      const out = new Map<string, DerivedChannelSpec[]>();
      for (const x of await rows().execute()) {
        const list = out.get(x.model_id) ?? [];
        list.push({ name: x.name, expression: x.expression });
        out.set(x.model_id, list);
      }
      return out;
    },
    async replace(modelId, specs, by, at) {
      await k.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('monitoring_derived_channels')
          .where('tenant_id', '=', tenantId)
          .where('model_id', '=', modelId)
          .execute();
        if (specs.length === 0) return;
        await trx
          .insertInto('monitoring_derived_channels')
          .values(
            specs.map((s, position) => ({
              tenant_id: tenantId,
              model_id: modelId,
              name: s.name,
              expression: s.expression,
              position,
              updated_at: at,
              updated_by: by,
            })),
          )
          .execute();
      });
    },
  };
}
