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
