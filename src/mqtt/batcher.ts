// Group commit for MQTT: many small messages from the same scope are written in one durable
// ingest call, and each message is acknowledged (PUBACK) only after that write commits. When
// a combined write is rejected, each message is retried alone, so one bad message never costs
// another its data.
import type { JsonPoint, TelemetryService } from '../telemetry/index.ts';
import type { Message } from './topics.ts';

type Scope = Parameters<TelemetryService['ingestJson']>[0];

interface Pending {
  message: Message;
  done: (error: unknown) => void;
}

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

export class IngestBatcher {
  private readonly groups = new Map<
    string,
    { scope: Scope; items: Pending[]; points: number; timer: NodeJS.Timeout }
  >();

  constructor(
    private readonly telemetry: TelemetryService,
    private readonly options: BatcherOptions = { maxPoints: 20_000, maxDelayMs: 5 },
  ) {}

  submit(scope: Scope, message: Message): Promise<void> {
    // Per device, not only per asset: the batch's scope names the device for its last-seen time.
    const key = `${scope.tenantId}|${scope.deviceAssetId ?? ''}|${scope.deviceId ?? ''}|${message.kind === 'line' ? message.precision : 'json'}`;
    return new Promise((resolve, reject) => {
      const item: Pending = { message, done: (e) => (e ? reject(e) : resolve()) };
      let g = this.groups.get(key);
      if (!g) {
        g = {
          scope,
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
    void this.write(g.scope, g.items);
  }

  private async write(scope: Scope, items: Pending[]): Promise<void> {
    try {
      await this.ingest(
        scope,
        items.map((i) => i.message),
      );
      for (const i of items) i.done(null);
    } catch (e) {
      if (items.length === 1) return items[0]!.done(e);
      for (const i of items) {
        try {
          await this.ingest(scope, [i.message]);
          i.done(null);
        } catch (err) {
          i.done(err);
        }
      }
    }
  }

  private async ingest(scope: Scope, messages: Message[]): Promise<void> {
    const first = messages[0]!;
    if (first.kind === 'line') {
      const body = messages.map((m) => (m.kind === 'line' ? m.body : '')).join('\n');
      await this.telemetry.ingestLineProtocol(scope, body, first.precision);
    } else {
      const points: JsonPoint[] = [];
      for (const m of messages) if (m.kind === 'json') for (const p of m.points) points.push(p);
      await this.telemetry.ingestJson(scope, points);
    }
  }

  /** Writes whatever is waiting (at shutdown). */
  drain(): void {
    for (const key of [...this.groups.keys()]) this.flush(key);
  }
}
