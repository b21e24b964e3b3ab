// Connectors the platform runs itself (runOn 'platform'): started from the stored definitions,
// restarted when a definition changes, their points written through the one ingest pipeline in
// batches, their status kept for the API.
import { join } from 'node:path';
import { asJsonPoints, startConnector, type RunningConnector } from './run.ts';
import type { ConnectorPoint } from './points.ts';
import type { SecretBox } from './secret-box.ts';
import type { ConnectorStatus } from './status.ts';
import { runnableConnectors, type RunnableConnector } from './store.ts';
import type { Language } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';

export type ConnectorIngest = (
  tenantId: string,
  points: { asset: string; ts: number; values: Record<string, number> }[],
) => Promise<unknown>;

export interface ConnectorRuntime {
  /** Brings the running set in line with the stored definitions. */
  sync(): Promise<void>;
  /** A running connector's status, its errors in `lang`. */
  status(id: string, lang?: Language): ConnectorStatus | undefined;
  stop(): Promise<void>;
}

const FLUSH_MS = 200;

export function createConnectorRuntime(opts: {
  db: Db;
  box: SecretBox;
  pkiDir: string;
  ingest: ConnectorIngest;
  log: (msg: string) => void;
}): ConnectorRuntime {
  const running = new Map<string, { conn: RunningConnector; signature: string }>();
  const pending = new Map<string, ConnectorPoint[]>();
  let timer: NodeJS.Timeout | undefined;
  let syncing: Promise<void> = Promise.resolve();

  const flush = async () => {
    timer = undefined;
    const batches = [...pending.entries()];
    pending.clear();
    for (const [tenantId, points] of batches) {
      await opts.ingest(tenantId, asJsonPoints(points)).catch((e: unknown) => {
        opts.log(`connectors: ${points.length} points refused: ${(e as Error).message}`);
      });
    }
  };

  const sinkFor = (tenantId: string) => (points: readonly ConnectorPoint[]) => {
    const list = pending.get(tenantId) ?? [];
    list.push(...points);
    pending.set(tenantId, list);
    timer ??= setTimeout(() => void flush(), FLUSH_MS);
  };

  function start(c: RunnableConnector) {
    const conn = startConnector(c.id, c, join(opts.pkiDir, c.id), sinkFor(c.tenantId));
    running.set(c.id, { conn, signature: JSON.stringify(c) });
  }

  async function doSync(): Promise<void> {
    const wanted = new Map((await runnableConnectors(opts.db, opts.box)).map((c) => [c.id, c]));
    for (const [id, r] of running) {
      const w = wanted.get(id);
      if (!w || JSON.stringify(w) !== r.signature) {
        running.delete(id);
        await r.conn.stop();
      }
    }
    for (const [id, c] of wanted) if (!running.has(id)) start(c);
  }

  return {
    sync() {
      syncing = syncing.then(doSync, doSync);
      return syncing;
    },
    status: (id, lang) => running.get(id)?.conn.status.snapshot(lang),
    async stop() {
      await syncing.catch(() => undefined);
      await Promise.all([...running.values()].map((r) => r.conn.stop()));
      running.clear();
      clearTimeout(timer);
      await flush();
    },
  };
}
