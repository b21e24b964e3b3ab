// Revocations: the in-process signal that a principal's credentials no longer hold (a device
// token rotated or its device deleted, an API key revoked, a user disabled or deleted). The
// routes that change credentials announce it; whoever holds live connections or sessions of
// that principal (the MQTT broker, SSE streams) listens and ends them at once. Look-ups are
// not affected: the authenticator reads the database, so a revoked secret fails there anyway.

/** The fields that name a principal; a Principal has them. */
export type PrincipalRef =
  | { kind: 'user'; userId: string }
  | { kind: 'apikey'; keyId: string }
  | { kind: 'device'; deviceId: string };

/** `user:<id>`, `apikey:<id>` or `device:<id>`: one key per principal, stable across its secrets. */
export function principalKey(p: PrincipalRef): string {
  switch (p.kind) {
    case 'user':
      return `user:${p.userId}`;
    case 'apikey':
      return `apikey:${p.keyId}`;
    case 'device':
      return `device:${p.deviceId}`;
  }
}

export interface Revocations {
  /** Announces that every live connection and session of this principal must end now. */
  revoked(principalKey: string): void;
  /** Calls `listener` on each revocation; returns the function that stops it. */
  onRevoked(listener: (principalKey: string) => void): () => void;
}

/** `log` hears of a listener that threw; the others still run and the caller is not failed,
 * since the credential change it announces is already committed. */
export function createRevocations(
  log: (msg: string) => void = (m) => console.error(m),
): Revocations {
  const listeners = new Set<(key: string) => void>();
  return {
    revoked(key) {
      for (const l of [...listeners]) {
        try {
          l(key);
        } catch (e) {
          log(`revocation of ${key}: a listener failed: ${(e as Error).message}`);
        }
      }
    },
    onRevoked(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
