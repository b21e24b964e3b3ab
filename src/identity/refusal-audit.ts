// Refusals (an HTTP 401/403, an MQTT CONNECT refused) are security events to audit
// (GB/T 22239-2019 8.1.4.3 a–b), but each is cheap to cause: one record per refusal would let a
// flood of bad requests fill the chained log and its disk (8.1.4.3 d asks the records be kept
// safe, not drowned). So they are aggregated per key (who, from where, what) and minute: the
// first refusal of a key in a minute is recorded at once, with every detail; further ones in
// that minute are only counted, and one more record with the same action says how many
// (`repeated`, `from`, `to`) when the minute is over. At most `maxKeys` keys a minute are kept
// apart; beyond that, refusals fold into one key per action (actor `*`), so a flood from many
// addresses costs at most 2 × (maxKeys + actions) records a minute and bounded memory.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/index.ts';
import { recordAudit, type AuditEntry } from './audit.ts';

export interface RefusalAuditOptions {
  /** The aggregation window (default one minute). */
  windowMs?: number;
  /** Keys kept apart within one window (default 1000). */
  maxKeys?: number;
  now?: () => number;
  /** Told when a record could not be written (the refusal itself is answered regardless). */
  onError?: (e: unknown) => void;
}

interface Pending {
  entry: AuditEntry;
  repeated: number;
}

export interface RefusalAudit {
  /** Records a refusal, or counts it if its key was already recorded in this window. */
  refused(key: string, entry: AuditEntry): Promise<void>;
  /** Writes the counts of the windows that are over (all of them with `all`). */
  flush(all?: boolean): Promise<void>;
  /** Stops the timer and writes every count left. */
  close(): Promise<void>;
}

export function createRefusalAudit(
  k: Kysely<Database>,
  opts: RefusalAuditOptions = {},
): RefusalAudit {
  const windowMs = opts.windowMs ?? 60_000;
  const maxKeys = opts.maxKeys ?? 1000;
  const now = opts.now ?? Date.now;
  const onError = opts.onError ?? (() => {});
  let window = Math.floor(now() / windowMs);
  let pending = new Map<string, Pending>();

  const write = (e: AuditEntry) => recordAudit(k, e).catch(onError);

  async function flushWindow(): Promise<void> {
    const done = pending;
    const from = window * windowMs;
    pending = new Map();
    window = Math.floor(now() / windowMs);
    for (const { entry, repeated } of done.values()) {
      if (repeated === 0) continue;
      const details = (entry.details ?? {}) as Record<string, unknown>;
      await write({ ...entry, details: { ...details, repeated, from, to: from + windowMs } });
    }
  }

  const timer = setInterval(() => {
    if (Math.floor(now() / windowMs) !== window) void flushWindow();
  }, windowMs);
  timer.unref();

  return {
    async refused(key, entry) {
      if (Math.floor(now() / windowMs) !== window) await flushWindow();
      let p = pending.get(key);
      if (!p && pending.size >= maxKeys) {
        key = `*|${entry.action}`;
        p = pending.get(key);
        if (!p)
          entry = { ...entry, tenantId: null, actor: '*', entityId: '*', details: { many: true } };
      }
      if (p) {
        p.repeated++;
        return;
      }
      pending.set(key, { entry, repeated: 0 });
      await write(entry);
    },
    async flush(all = false) {
      if (all || Math.floor(now() / windowMs) !== window) await flushWindow();
    },
    async close() {
      clearInterval(timer);
      await flushWindow();
    },
  };
}
