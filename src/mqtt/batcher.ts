// Group commit for MQTT: many small messages are written in one durable ingest call, and each
// message is acknowledged (PUBACK) only after that write commits. JSON messages of every
// principal of a tenant share a group (a fleet of devices each sending one small message a
// second would otherwise cost a write per message), each keeping its device's own-asset rule
// and last-seen time; line protocol is grouped per principal and precision. When a combined
// write is rejected, each message is retried alone, so one bad message never costs another
// its data.
import type { JsonPoint, TelemetryService } from '../telemetry/index.ts';
import type { Message } from './topics.ts';

type Scope = Parameters<TelemetryService['ingestJson']>[0];

interface Pending {
  scope: Scope;
  message: Message;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Settles a message's promise. A function, not a closure per message: the TypeScript loader
 * (esbuild keepNames) renames every named closure with Object.defineProperty, which was one of
 * the larger costs of a message at 10,000 messages/s (issue 21). */
const settle = (i: Pending, error: unknown): void => (error ? i.reject(error) : i.resolve());

export interface BatcherOptions {
  /** Flush a group once it holds this many points. */
  maxPoints: number;
  /** Or once its oldest message has waited this long. */
  maxDelayMs: number;
}

const pointsOf = (m: Message): number =>
  m.kind === 'json'
    ? m.points.reduce((n, p) => n + Object.keys(p.values).length, 0)
    : m.body.length / 20;

const samePrincipal = (a: Scope, b: Scope) =>
  a.deviceId === b.deviceId && a.deviceAssetId === b.deviceAssetId;

export class IngestBatcher {
  private readonly groups = new Map<
    string,
    { items: Pending[]; points: number; timer: NodeJS.Timeout }
  >();

  constructor(
    private readonly telemetry: TelemetryService,
    private readonly options: BatcherOptions = { maxPoints: 20_000, maxDelayMs: 5 },
  ) {}

  submit(scope: Scope, message: Message): Promise<void> {
    const key =
      message.kind === 'line'
        ? `${scope.tenantId}|${scope.deviceAssetId ?? ''}|${scope.deviceId ?? ''}|${message.precision}`
        : `${scope.tenantId}|${scope.transport ?? ''}|${scope.customerIds?.join(',') ?? '*'}|json`;
    return new Promise((resolve, reject) => {
      const item: Pending = { scope, message, resolve, reject };
      let g = this.groups.get(key);
      if (!g) {
        g = {
          items: [],
          points: 0,
          timer: setTimeout(() => this.flush(key), this.options.maxDelayMs),
        };
        this.groups.set(key, g);
      }
      g.items.push(item);
      g.points += pointsOf(message);
      if (g.points >= this.options.maxPoints) this.flush(key);
    });
  }

  private flush(key: string): void {
    const g = this.groups.get(key);
    if (!g) return;
    this.groups.delete(key);
    clearTimeout(g.timer);
    void this.write(g.items);
  }

  private async write(items: Pending[]): Promise<void> {
    try {
      await this.ingest(items);
      for (const i of items) settle(i, null);
    } catch (e) {
      if (items.length === 1) return settle(items[0]!, e);
      for (const i of items) {
        try {
          await this.ingest([i]);
          settle(i, null);
        } catch (err) {
          settle(i, err);
        }
      }
    }
  }

  private async ingest(items: Pending[]): Promise<void> {
    const first = items[0]!;
    if (first.message.kind === 'line') {
      const body = items.map((i) => (i.message.kind === 'line' ? i.message.body : '')).join('\n');
      await this.telemetry.ingestLineProtocol(first.scope, body, first.message.precision);
    } else if (items.every((i) => samePrincipal(i.scope, first.scope))) {
      const points: JsonPoint[] = [];
      for (const i of items)
        if (i.message.kind === 'json') for (const p of i.message.points) points.push(p);
      await this.telemetry.ingestJson(first.scope, points);
    } else {
      await this.telemetry.ingestJsonParts(
        items.map((i) => ({
          scope: i.scope,
          points: i.message.kind === 'json' ? i.message.points : [],
        })),
      );
    }
  }

  /** Writes whatever is waiting (at shutdown). */
  drain(): void {
    for (const key of [...this.groups.keys()]) this.flush(key);
  }
}
