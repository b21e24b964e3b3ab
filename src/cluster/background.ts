// Background work that must run on one node at a time (retention, scheduled PHM assessments,
// maintenance plans, SLA clocks and renewal reminders): behind one lease, the key `job.background`
// in the same TTL'd KV bucket as the partition leases (nats-link.ts). A node takes it with
// create() (fails while another holds it), renews it each tick with update() at the revision it
// holds, and starts the work only once it holds it. When a renewal fails (another node wrote the
// key, or this node lost NATS) the work is stopped at once. A node that dies stops renewing; the
// key expires after LEASE_TTL_MS and the next node's create() succeeds, so the work moves within
// the TTL plus one tick. Expiry and compare-and-set are JetStream's (issue 24: no consensus of
// our own). The jobs themselves stay idempotent (plans and notices insert under unique keys),
// which covers the one window a lease cannot: a node stalled past the TTL finishing a tick.
import type { KV } from '@nats-io/kv';
import { TICK_MS } from './leases.ts';

export const BACKGROUND_KEY = 'job.background';

/** The jobs, started when this node gets the lease and stopped when it loses or gives it up. */
export interface BackgroundWork {
  start(): void;
  stop(): Promise<void>;
}

export class BackgroundLease {
  private rev: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** When this node last took the lease (epoch ms), for the status route. */
  since: number | null = null;

  constructor(
    private readonly kv: KV,
    readonly nodeId: string,
    private readonly work: BackgroundWork,
    private readonly log: (line: string) => void,
    private readonly tickMs = TICK_MS,
  ) {}

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.running = this.tick()
        .catch((e: unknown) => this.log(`cluster background lease: ${(e as Error).message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.tickMs);
        });
    };
    loop();
  }

  /** Whether this node runs the background work now. */
  holds(): boolean {
    return this.rev !== undefined;
  }

  /** The holder as the bucket says now (null while free, e.g. just after its holder died). */
  async holder(): Promise<string | null> {
    const e = await this.kv.get(BACKGROUND_KEY);
    return e && e.operation === 'PUT' ? e.string() : null;
  }

  async tick(): Promise<void> {
    if (this.rev !== undefined) {
      try {
        this.rev = await this.kv.update(BACKGROUND_KEY, this.nodeId, this.rev);
      } catch {
        this.rev = undefined;
        this.since = null;
        this.log(`cluster: node ${this.nodeId} lost the background lease; its jobs stop`);
        await this.work.stop();
      }
      return;
    }
    if (this.stopped) return;
    try {
      this.rev = await this.kv.create(BACKGROUND_KEY, this.nodeId);
    } catch {
      return; // held by another node
    }
    this.since = Date.now();
    this.log(`cluster: node ${this.nodeId} runs the background work`);
    this.work.start();
  }

  /** A clean shutdown: the work stops, then the lease is handed back for the next node. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    const rev = this.rev;
    if (rev === undefined) return;
    this.rev = undefined;
    await this.work.stop();
    await this.kv.delete(BACKGROUND_KEY, { previousSeq: rev }).catch(() => undefined);
  }
}
