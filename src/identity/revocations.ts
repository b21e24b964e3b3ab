// Revocation events within this process: whoever revokes a credential or disables a principal
// calls `revoked(key)`, and whoever holds live connections (SSE streams, MQTT clients) listens
// and ends those of that principal. Keys name a principal: `user:<id>`, `apikey:<id>`,
// `device:<id>`.

export interface Revocations {
  revoked(key: string): void;
  onRevoked(listener: (key: string) => void): () => void;
}

export function createRevocations(): Revocations {
  const listeners = new Set<(key: string) => void>();
  return {
    revoked(key) {
      for (const l of [...listeners]) {
        try {
          l(key);
        } catch (e) {
          console.error('revocation listener failed', e);
        }
      }
    },
    onRevoked(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
