// What a gateway's device token may write besides its own asset: the assets its tenant's
// gateway-run connectors (run_on 'gateway', enabled, deviceId = that device) map to. One
// gateway reads the PLCs of several assets (issue 23) and forwards them all with one token;
// every other asset of the tenant stays refused, and another tenant's assets are never looked
// at (the query is per tenant). Looked up on the ingest path, so answers are cached for
// GRANTS_TTL_MS — the same bound as the authenticator's credential cache — and a tenant's
// answers are forgotten at once when one of its connectors is created, replaced or deleted
// (`reload`, shared with the other nodes of a cluster by src/cluster/cache-bus.ts).
import type { Kysely } from 'kysely';
import { createAssetResolver } from '../assets/index.ts';
import type { Database, Db } from '../storage/index.ts';
import type { ConnectorDefinition } from './definitions.ts';
import type { ConnectorTables } from './store.ts';

export const GRANTS_TTL_MS = 2_000;
const GRANTS_MAX = 10_000;

export interface GatewayGrants {
  /** Asset ids the device's gateway-run connectors map to (empty when none). */
  assetsOf(tenantId: string, deviceId: string): Promise<ReadonlySet<string>>;
  /** Forgets a tenant's answers (its connectors changed). Named as the cluster bus expects. */
  reload(tenantId: string): Promise<void>;
}

export function createGatewayGrants(db: Db, ttlMs = GRANTS_TTL_MS): GatewayGrants {
  const k = db.kysely.withTables<ConnectorTables>() as Kysely<Database & ConnectorTables>;
  const resolver = createAssetResolver(db);
  const cache = new Map<string, { assets: ReadonlySet<string>; at: number }>();
  /** Per tenant, bumped by reload: a look-up that began before a change must not be cached. */
  const generations = new Map<string, number>();

  async function lookup(tenantId: string, deviceId: string): Promise<ReadonlySet<string>> {
    const rows = await k
      .selectFrom('connectors')
      .select('definition')
      .where('tenant_id', '=', tenantId)
      .where('device_id', '=', deviceId)
      .where('run_on', '=', 'gateway')
      .where('enabled', '=', 1)
      .execute();
    const keys = new Set<string>();
    for (const r of rows)
      for (const m of (JSON.parse(r.definition) as ConnectorDefinition).mappings) keys.add(m.asset);
    if (keys.size === 0) return new Set();
    // Mappings name an asset by serial or id (as the telemetry they produce does).
    const found = await resolver.resolveMany(tenantId, [...keys]);
    return new Set([...found.values()].map((a) => a.assetId));
  }

  return {
    async assetsOf(tenantId, deviceId) {
      const key = `${tenantId}\u0000${deviceId}`;
      const now = Date.now();
      const hit = cache.get(key);
      if (hit && now - hit.at < ttlMs) return hit.assets;
      const started = generations.get(tenantId) ?? 0;
      const assets = await lookup(tenantId, deviceId);
      if ((generations.get(tenantId) ?? 0) !== started) return assets;
      if (cache.size >= GRANTS_MAX) cache.clear();
      cache.set(key, { assets, at: now });
      return assets;
    },
    reload(tenantId) {
      generations.set(tenantId, (generations.get(tenantId) ?? 0) + 1);
      for (const key of cache.keys()) if (key.startsWith(`${tenantId}\u0000`)) cache.delete(key);
      return Promise.resolve();
    },
  };
}
