// Cache invalidation across nodes over NATS core pub/sub (at most once, in-memory; what a
// node misses while disconnected its caches' own expiry covers — the authenticator's look-ups
// live 2 s). A revocation announced on one node (API key revoked, user disabled, logout,
// device token rotated) is published; every other node clears its authenticator cache and
// announces the revocation to its own listeners (MQTT broker, SSE streams), which end that
// principal's live connections.
import type { NatsConnection } from '@nats-io/transport-node';
import type { Revocations } from '../identity/index.ts';

export const REVOKED_SUBJECT = 'ronghe.cache.revoked';

export interface CacheBusDeps {
  nc: NatsConnection;
  nodeId: string;
  revocations: Revocations;
  /** Forgets cached credential look-ups (Authenticator.clearCache). */
  clearCache(): void;
  log(line: string): void;
}

/** Bridges local revocations to the cluster and back; returns the function that ends it. */
export function bridgeRevocations(d: CacheBusDeps): () => void {
  let relaying = false;
  const off = d.revocations.onRevoked((key) => {
    if (relaying) return; // came from another node: not sent back
    d.nc.publish(REVOKED_SUBJECT, JSON.stringify({ from: d.nodeId, key }));
  });
  const sub = d.nc.subscribe(REVOKED_SUBJECT, {
    callback: (err, msg) => {
      if (err) return d.log(`cluster cache bus: ${err.message}`);
      let m: { from?: unknown; key?: unknown };
      try {
        m = msg.json();
      } catch {
        return d.log('cluster cache bus: a message that is not JSON was ignored');
      }
      if (m.from === d.nodeId || typeof m.key !== 'string') return;
      d.clearCache();
      relaying = true;
      try {
        d.revocations.revoked(m.key);
      } finally {
        relaying = false;
      }
    },
  });
  return () => {
    off();
    sub.unsubscribe();
  };
}

export const RULES_SUBJECT = 'ronghe.cache.rules';

/**
 * Rule changes: the routes rebuild a tenant's rule engine with `reload(tenantId)` after saving
 * a rule. Wrapped here, a local reload is announced and every other node reloads that tenant
 * too, so a rule saved on one node fires on the node that owns the data's partition. Returns
 * the function that ends it (and restores the plain reload).
 */
export function shareRuleReloads<T extends { reload(tenantId: string): Promise<unknown> }>(
  d: Pick<CacheBusDeps, 'nc' | 'nodeId' | 'log'>,
  target: T,
  subject = RULES_SUBJECT,
): () => void {
  const local = target.reload.bind(target);
  const wrapped = async (tenantId: string) => {
    const r = await local(tenantId);
    d.nc.publish(subject, JSON.stringify({ from: d.nodeId, tenantId }));
    return r;
  };
  target.reload = wrapped as T['reload'];
  const sub = d.nc.subscribe(subject, {
    callback: (err, msg) => {
      if (err) return d.log(`cluster cache bus: ${err.message}`);
      let m: { from?: unknown; tenantId?: unknown };
      try {
        m = msg.json();
      } catch {
        return d.log('cluster cache bus: a message that is not JSON was ignored');
      }
      if (m.from === d.nodeId || typeof m.tenantId !== 'string') return;
      local(m.tenantId).catch((e: unknown) =>
        d.log(
          `cluster: ${subject} reload of ${String(m.tenantId)} failed: ${(e as Error).message}`,
        ),
      );
    },
  });
  return () => {
    sub.unsubscribe();
    target.reload = local as T['reload'];
  };
}

/**
 * A tenant's gateway write grants (connectors' GatewayGrants) changed: a connector saved on one
 * node is forgotten by every node's ingest path at once, not after the cache's 2 s.
 */
export const GRANTS_SUBJECT = 'ronghe.cache.gateway-grants';

export const ALARMS_SUBJECT = 'ronghe.alarms.live';

/** The alarm fan-out's surface that the cluster shares (monitoring's AlarmFanout). */
export interface SharedAlarmFeed<E extends { alarm: { asset: string } }, M> {
  publish(tenantId: string, effects: readonly E[], meta: (asset: string) => M): Promise<void>;
  publishLive(tenantId: string, effects: readonly E[], meta: (asset: string) => M): Promise<void>;
}

/**
 * The live alarm feed from any node: the node that commits alarm changes (its partition's
 * owner) delivers them as before — live frames to its own connections, e-mail and webhooks
 * once — and announces the changes with each asset's customer and model; every other node
 * hands them to its own live connections only. At most once, as the feed already is: a client
 * that reconnects reads GET /alarms. Returns the function that ends it.
 */
export function shareAlarmFeed<E extends { alarm: { asset: string } }, M>(
  d: Pick<CacheBusDeps, 'nc' | 'nodeId' | 'log'>,
  feed: SharedAlarmFeed<E, M>,
): () => void {
  const local = feed.publish.bind(feed);
  feed.publish = async (tenantId, effects, meta) => {
    const r = await local(tenantId, effects, meta);
    const metas: Record<string, M> = {};
    for (const e of effects) metas[e.alarm.asset] ??= meta(e.alarm.asset);
    d.nc.publish(ALARMS_SUBJECT, JSON.stringify({ from: d.nodeId, tenantId, effects, metas }));
    return r;
  };
  const sub = d.nc.subscribe(ALARMS_SUBJECT, {
    callback: (err, msg) => {
      if (err) return d.log(`cluster alarm feed: ${err.message}`);
      let m: { from?: unknown; tenantId?: unknown; effects?: unknown; metas?: unknown };
      try {
        m = msg.json();
      } catch {
        return d.log('cluster alarm feed: a message that is not JSON was ignored');
      }
      if (m.from === d.nodeId || typeof m.tenantId !== 'string' || !Array.isArray(m.effects))
        return;
      const metas = (m.metas ?? {}) as Record<string, M>;
      void feed.publishLive(m.tenantId, m.effects as E[], (a) => metas[a] ?? ({} as M));
    },
  });
  return () => {
    sub.unsubscribe();
    feed.publish = local;
  };
}
