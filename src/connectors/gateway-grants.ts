// What a gateway's device token may write besides its own asset: the assets its tenant's
// gateway-run connectors (run_on 'gateway', enabled, deviceId = that device) map to. One
// gateway reads the PLCs of several assets (issue 23) and forwards them all with one token;
// every other asset of the tenant stays refused, and another tenant's assets are never looked
// at (the query is per tenant). Looked up on the ingest path, so a tenant's grants are cached for
// GRANTS_TTL_MS — the same bound as the authenticator's credential cache — and a tenant's
// answers are forgotten at once when one of its connectors is created, replaced or deleted
// (`reload`, shared with the other nodes of a cluster by src/cluster/cache-bus.ts).
import type { Kysely } from 'kysely';
import { createAssetResolver } from '../assets/index.ts';
import type { Database, Db } from '../storage/index.ts';
import type { ConnectorDefinition } from './definitions.ts';
import type { ConnectorTables } from './store.ts';

export const GRANTS_TTL_MS = 2_000;
const GRANTS_MAX_TENANTS = 10_000;
const NONE: ReadonlySet<string> = new Set();

export interface GatewayGrants {
  /** Asset ids the device's gateway-run connectors map to (empty when none). */
  assetsOf(tenantId: string, deviceId: string): Promise<ReadonlySet<string>>;
  /** Forgets a tenant's answers (its connectors changed). Named as the cluster bus expects. */
  reload(tenantId: string): Promise<void>;
}

type ByDevice = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * Cached per tenant, not per device: ten thousand devices of a tenant sending every second cost
 * one look-up of its connectors per bound, and the devices asking while it runs share it.
 */
export function createGatewayGrants(db: Db, ttlMs = GRANTS_TTL_MS): GatewayGrants {
  const k = db.kysely.withTables<ConnectorTables>() as Kysely<Database & ConnectorTables>;
  const resolver = createAssetResolver(db);
  const cache = new Map<string, { p: Promise<ByDevice>; at: number }>();

  async function lookup(tenantId: string): Promise<ByDevice> {
    const rows = await k
      .selectFrom('connectors')
      .select(['device_id', 'definition'])
      .where('tenant_id', '=', tenantId)
      .where('run_on', '=', 'gateway')
      .where('enabled', '=', 1)
      .execute();
    if (rows.length === 0) return new Map();
    const keysOf = new Map<string, Set<string>>();
    for (const r of rows) {
      const keys = keysOf.get(r.device_id) ?? new Set<string>();
      for (const m of (JSON.parse(r.definition) as ConnectorDefinition).mappings) keys.add(m.asset);
      keysOf.set(r.device_id, keys);
    }
    // Mappings name an asset by serial or id (as the telemetry they produce does).
    const all = new Set([...keysOf.values()].flatMap((ks) => [...ks]));
    const found = await resolver.resolveMany(tenantId, [...all]);
    const out = new Map<string, ReadonlySet<string>>();
    for (const [device, keys] of keysOf) {
      const ids = [...keys].flatMap((key) => {
        const a = found.get(key);
        return a ? [a.assetId] : [];
      });
      out.set(device, new Set(ids));
    }
    return out;
  }

  return {
    async assetsOf(tenantId, deviceId) {
      const now = Date.now();
      let hit = cache.get(tenantId);
      if (!hit || now - hit.at >= ttlMs) {
        if (cache.size >= GRANTS_MAX_TENANTS) cache.clear();
        const entry = { p: lookup(tenantId), at: now };
        // A failed look-up is not kept: the next write asks again.
        entry.p.catch(() => {
          if (cache.get(tenantId) === entry) cache.delete(tenantId);
        });
        cache.set(tenantId, (hit = entry));
      }
      return (await hit.p).get(deviceId) ?? NONE;
    },
    reload(tenantId) {
      // A look-up running now may have read the old definitions: it is dropped with the rest.
      cache.delete(tenantId);
      return Promise.resolve();
    },
  };
}
