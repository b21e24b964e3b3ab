// Test support for the shared store's tests: a tenant with assets (and their models) in the
// migrated database, the rows the queries and retention join cluster_points with.
import type { Db } from '../storage/index.ts';

export async function insertFleet(
  db: Db,
  tenantId: string,
  assets: { id: string; model?: string }[],
): Promise<void> {
  const now = Date.now();
  const k = db.kysely;
  await k
    .insertInto('tenants')
    .values({ id: tenantId, slug: tenantId, name: tenantId, created_at: now })
    .execute();
  const models = [...new Set(assets.flatMap((a) => (a.model ? [a.model] : [])))];
  for (const id of models)
    await k
      .insertInto('asset_models')
      .values({
        id,
        tenant_id: tenantId,
        name: id,
        category: 'chiller',
        description: '',
        properties: '{}',
        channels: '[]',
        allow_new_channels: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
  await k
    .insertInto('assets')
    .values(
      assets.map((a) => ({
        id: a.id,
        tenant_id: tenantId,
        model_id: a.model ?? null,
        level: 'equipment',
        name: a.id,
        serial: a.id,
        site: 's',
        lifecycle: 'operation',
        properties: '{}',
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}
