// A refused MQTT CONNECT is a failed login (GB/T 22239-2019 8.1.4.3 a–b): recorded with its
// outcome, the source address, the client id and the key id of the token where it has one
// (`rk_ABC234`, `rd_…`: the part kept in clear to tell keys apart, never the secret). Through
// the refusal aggregator (identity/refusal-audit.ts), keyed by who (principal, key id or
// nobody), address and outcome: a client retrying with a bad token every second, or a flood
// of CONNECTs with random client ids, adds at most two records a minute per key.
import type { Principal, RefusalAudit } from '../identity/index.ts';

export type ConnectOutcome =
  'bad-token' | 'revoked' | 'not-permitted' | 'client-id-refused' | 'client-id-taken';

export interface ConnectRefusal {
  outcome: ConnectOutcome;
  clientId: string;
  address: string;
  /** The token as presented: only its key id is kept. */
  token: string;
  principal?: Principal;
}

const CLIENT_ID_MAX = 128;
const keyIdPattern = /^(rk|rd)_([A-Za-z0-9]{1,16})_/;

/** `rk_<prefix>` / `rd_<prefix>` of an API key or device token, else undefined. */
export function keyIdOf(token: string): string | undefined {
  const m = keyIdPattern.exec(token);
  return m ? `${m[1]}_${m[2]}` : undefined;
}

export function auditConnectRefusals(refusals: RefusalAudit): (r: ConnectRefusal) => Promise<void> {
  return async (r) => {
    const keyId = keyIdOf(r.token);
    const actor = r.principal?.label ?? (keyId ? `key:${keyId}` : 'anonymous');
    const tenantId = r.principal?.tenantId ?? null;
    const clientId = r.clientId.slice(0, CLIENT_ID_MAX);
    await refusals.refused(`mqtt|${tenantId ?? ''}|${actor}|${r.address}|${r.outcome}`, {
      tenantId,
      actor,
      action: 'mqtt.connect.refused',
      entityType: 'mqtt-client',
      entityId: clientId,
      details: {
        outcome: r.outcome,
        address: r.address,
        clientId,
        ...(keyId ? { keyId } : {}),
      },
    });
  };
}
