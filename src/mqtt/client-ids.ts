// Client ids and the principals that hold them. The broker names a client's error topic after
// its id (ronghe/errors/<client id>), so an id must be one literal topic level, and a live id
// belongs to the principal that connected with it: another principal may not take it over.
import type { Client } from 'aedes';

export const MAX_CLIENT_ID_LENGTH = 256;

/**
 * Why a CONNECT's client id is refused (CONNACK 0x02), or undefined when it is fine.
 * `#`, `+` are wildcards and `/` separates levels (MQTT 3.1.1 §4.7); control characters are
 * U+0000–U+001F and U+007F–U+009F (§1.5.3); an empty id needs a clean session (MQTT-3.1.3-8).
 */
export function clientIdProblem(id: string, clean: boolean): string | undefined {
  if (id === '') return clean ? undefined : 'an empty client id needs a clean session';
  if (id.length > MAX_CLIENT_ID_LENGTH)
    return `a client id is at most ${MAX_CLIENT_ID_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[#+/\u0000-\u001f\u007f-\u009f]/.test(id))
    return "a client id may not contain '#', '+', '/' or control characters";
  return undefined;
}

interface Binding {
  client: Client;
  key: string;
}

/** Live clients by id and by principal key (see identity's principalKey). */
export class ClientRegistry {
  private readonly byId = new Map<string, Binding>();
  private readonly byKey = new Map<string, Set<Client>>();

  /** Whether the principal `key` may connect as `id`: the id is free, or already its own. */
  mayHold(id: string, key: string): boolean {
    const b = this.byId.get(id);
    return !b || b.key === key || b.client.closed;
  }

  /** Binds a client that has just authenticated, until its connection closes. */
  bind(client: Client, key: string): void {
    this.byId.set(client.id, { client, key });
    let clients = this.byKey.get(key);
    if (!clients) this.byKey.set(key, (clients = new Set()));
    clients.add(client);
    const unbind = () => {
      if (this.byId.get(client.id)?.client === client) this.byId.delete(client.id);
      clients.delete(client);
      if (clients.size === 0 && this.byKey.get(key) === clients) this.byKey.delete(key);
    };
    if (client.conn.destroyed) unbind();
    else client.conn.once('close', unbind);
  }

  clientsOf(key: string): Client[] {
    return [...(this.byKey.get(key) ?? [])];
  }

  /** Bound clients (open connections that authenticated), for tests and metrics. */
  size(): number {
    return this.byId.size;
  }
}
