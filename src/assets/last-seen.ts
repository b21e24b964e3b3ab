// Last-seen times of assets and devices. Telemetry arrives up to millions of points a second;
// an UPDATE per point (or per batch) would cost more than storing the points. Writes are
// noted in memory and written once per interval: at most one UPDATE per asset and per device
// per interval, whatever the rate, and the times shown lag by at most one interval.
import type { Db } from '../storage/index.ts';

export interface LastSeenRecorder {
  /** An asset (and the device whose token wrote, if any) sent telemetry at `at`. */
  note(assetIds: Iterable<string>, at: number, deviceId?: string): void;
  /** Writes what was noted since the last flush. */
  flush(): Promise<void>;
  /** UPDATE statements run so far (tests, metrics). */
  readonly updates: number;
  /** Stops the timer and writes what is pending. */
  close(): Promise<void>;
}

export const LAST_SEEN_INTERVAL_MS = 60_000;

export function createLastSeenRecorder(
  db: Db,
  opts: { intervalMs?: number; log?: (line: string) => void } = {},
): LastSeenRecorder {
  let assets = new Map<string, number>();
  let devices = new Map<string, number>();
  let updates = 0;
  let running: Promise<void> = Promise.resolve();
  const later = (m: Map<string, number>, id: string, at: number) => {
    if ((m.get(id) ?? -Infinity) < at) m.set(id, at);
  };
  const write = async () => {
    const a = assets;
    const d = devices;
    assets = new Map();
    devices = new Map();
    if (a.size === 0 && d.size === 0) return;
    await db.kysely.transaction().execute(async (tx) => {
      for (const [id, at] of a) {
        await tx.updateTable('assets').set({ last_seen_at: at }).where('id', '=', id).execute();
        updates++;
      }
      for (const [id, at] of d) {
        await tx.updateTable('devices').set({ last_seen_at: at }).where('id', '=', id).execute();
        updates++;
      }
    });
  };
  // One flush at a time, in order: a later one never overwrites a newer time with an older.
  const flush = () => (running = running.then(write, write));
  const timer = setInterval(() => {
    flush().catch((e: unknown) => opts.log?.(`last-seen update failed: ${(e as Error).message}`));
  }, opts.intervalMs ?? LAST_SEEN_INTERVAL_MS);
  timer.unref();
  return {
    note(assetIds, at, deviceId) {
      for (const id of assetIds) later(assets, id, at);
      if (deviceId !== undefined) later(devices, deviceId, at);
    },
    flush,
    get updates() {
      return updates;
    },
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
