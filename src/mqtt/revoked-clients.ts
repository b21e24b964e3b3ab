// A revoked principal's MQTT connections: closed at once, and refused from then on, so that a
// message racing the close is not written (checked per publish and again before the write).
// An authentication that was looking a credential up while it was revoked is refused too.
import type { Client } from 'aedes';
import { RongheError } from '../kernel/index.ts';
import type { ClientRegistry } from './client-ids.ts';

/** Revoked principals: their clients are closed and refused from then on. */
export function createRevokedClients(registry: ClientRegistry) {
  const revokedClients = new WeakSet<Client>();
  let seq = 0;
  let authenticating = 0;
  /** The last revocation of each key, kept while an authentication that began before it runs. */
  const lastRevoked = new Map<string, number>();
  return {
    revoke(key: string): void {
      seq++;
      if (authenticating > 0) lastRevoked.set(key, seq);
      for (const client of registry.clientsOf(key)) {
        revokedClients.add(client);
        client.close();
      }
    },
    /** An authentication begins; returns the mark `end` compares with. */
    begin(): number {
      authenticating++;
      return seq;
    },
    /** It ends: whether `key` was revoked while its credential was being looked up. */
    end(since: number, key: string | undefined): boolean {
      const revoked = key !== undefined && (lastRevoked.get(key) ?? 0) > since;
      if (--authenticating === 0) lastRevoked.clear();
      return revoked;
    },
    isRevoked: (client: Client) => revokedClients.has(client),
    check(client: Client, what: string): void {
      if (revokedClients.has(client))
        throw new RongheError('RONGHE_UNAUTHENTICATED', {
          en: `${what}: the credential of this connection was revoked; nothing was written.`,
          'zh-CN': `${what}：此连接的凭据已被吊销，未写入任何数据。`,
        });
    },
  };
}
