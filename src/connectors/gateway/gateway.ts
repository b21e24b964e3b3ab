// `ronghe gateway`: runs connectors inside the plant and forwards their points to the platform
// through the disk queue, in order, retrying with backoff while the platform is unreachable.
// Its own health (connected sources, queue depth, dropped, errors) is telemetry of its asset;
// the status of each connector and mapping is reported to the platform every few seconds.
import { Ajv } from 'ajv';
import { Type, type Static } from '@sinclair/typebox';
import { join } from 'node:path';
import { invalid, isRongheError, reasonOf, schemaReason } from '../../kernel/index.ts';
import { checkDefinition, DefinitionSchema } from '../definitions.ts';
import type { ConnectorPoint } from '../points.ts';
import { startConnector, type RunningConnector } from '../run.ts';
import { openDiskQueue, type DiskQueue } from './disk-queue.ts';
import { reportedConnector } from './report.ts';
import type { Forwarder } from './forward.ts';

export const GatewayConfigSchema = Type.Object(
  {
    /** The asset (serial or id) of the gateway's device: where its health goes. */
    asset: Type.String({ minLength: 1 }),
    dataDir: Type.Optional(Type.String()),
    maxQueuedPoints: Type.Optional(Type.Integer({ minimum: 100 })),
    healthIntervalMs: Type.Optional(Type.Integer({ minimum: 100 })),
    flushIntervalMs: Type.Optional(Type.Integer({ minimum: 10 })),
    /** How often connector status is reported (default 5 s). */
    statusIntervalMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 3_600_000 })),
    connectors: Type.Array(DefinitionSchema),
  },
  { additionalProperties: false },
);
export type GatewayConfig = Static<typeof GatewayConfigSchema>;

const validate = new Ajv({ allErrors: false, strict: false }).compile(GatewayConfigSchema);

/** The config file's content checked with the API's own schema and rules; errors name the field. */
export function parseGatewayConfig(raw: unknown): GatewayConfig {
  if (!validate(raw)) {
    const e = validate.errors?.[0];
    const path = (e?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    throw invalid(path || 'config', e ? schemaReason(e) : { en: 'is invalid', 'zh-CN': '无效' });
  }
  const cfg = raw as GatewayConfig;
  cfg.connectors.forEach((c, i) => {
    try {
      checkDefinition(c);
    } catch (e) {
      const d = isRongheError(e) ? (e.details as { field: string }[] | undefined)?.[0] : undefined;
      throw d && isRongheError(e) ? invalid(`connectors[${i}].${d.field}`, reasonOf(e)) : e;
    }
  });
  return cfg;
}

export interface Gateway {
  readonly queue: DiskQueue;
  readonly connectors: readonly RunningConnector[];
  stop(): Promise<void>;
}

export function startGateway(
  cfg: GatewayConfig,
  forwarder: Forwarder,
  opts: { dataDir: string; log: (line: string) => void },
): Gateway {
  const queue = openDiskQueue(join(opts.dataDir, 'queue'), cfg.maxQueuedPoints ?? 1_000_000);
  let pending: ConnectorPoint[] = [];
  let lastError: { at: number; message: string } | undefined;
  let errors = 0;
  let stopped = false;
  const sink = (points: readonly ConnectorPoint[]) => {
    for (const p of points) pending.push(p);
  };
  const connectors = cfg.connectors
    .filter((c) => c.enabled !== false)
    .map((c) => startConnector(c.name, c, join(opts.dataDir, 'pki'), sink));

  const flush = () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    queue.push(batch);
  };
  const flushTimer = setInterval(flush, cfg.flushIntervalMs ?? 200);

  const health = () => {
    const now = Date.now();
    const online = connectors.filter((c) => c.status.connectionState === 'online').length;
    for (const c of connectors) {
      const s = c.status.snapshot();
      if (s.lastError && s.lastErrorAt && (!lastError || s.lastErrorAt > lastError.at)) {
        lastError = { at: s.lastErrorAt, message: `${c.id}: ${s.lastError}` };
        errors++;
        opts.log(`gateway: ${lastError.message}`);
      }
    }
    const values: Record<string, number> = {
      gateway_sources: connectors.length,
      gateway_sources_connected: online,
      gateway_queue_depth: queue.depth + pending.length,
      gateway_dropped: queue.dropped,
      gateway_errors: errors,
      ...(lastError ? { gateway_last_error_at: lastError.at } : {}),
    };
    sink(
      Object.entries(values).map(([channel, value]) => ({
        asset: cfg.asset,
        channel,
        ts: now,
        value,
      })),
    );
  };
  const healthTimer = setInterval(health, cfg.healthIntervalMs ?? 10_000);

  const statusIntervalMs = cfg.statusIntervalMs ?? 5000;
  let reporting = false;
  const report = async () => {
    if (reporting) return; // a slow platform: skip rather than pile reports up
    reporting = true;
    const r = await forwarder.sendStatus({
      intervalMs: statusIntervalMs,
      connectors: connectors.map((c) =>
        reportedConnector(c.id, c.status.snapshot('en'), c.status.snapshot('zh-CN')),
      ),
    });
    reporting = false;
    if (r.kind === 'refused') opts.log(`gateway: platform refused the status report: ${r.reason}`);
  };
  const statusTimer = setInterval(() => void report(), statusIntervalMs);

  const sending = (async () => {
    let delay = 250;
    while (!stopped) {
      const b = queue.peek();
      if (!b) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const r = await forwarder.send(b.points);
      if (r.kind === 'sent' || r.kind === 'refused') {
        if (r.kind === 'refused')
          opts.log(`gateway: platform refused ${b.points.length} points: ${r.reason}`);
        queue.ack(b.id);
        delay = 250;
        continue;
      }
      lastError = { at: Date.now(), message: `platform: ${r.reason}` };
      await new Promise((res) => setTimeout(res, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  })();

  return {
    queue,
    connectors,
    async stop() {
      await Promise.all(connectors.map((c) => c.stop()));
      clearInterval(flushTimer);
      clearInterval(healthTimer);
      clearInterval(statusTimer);
      flush();
      stopped = true;
      await sending;
      await forwarder.close();
    },
  };
}
