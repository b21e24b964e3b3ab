// A node's view of the lease bucket (members and partition keys) kept from one KV watch,
// instead of a `kv.keys()` listing on every tick. Each listing creates an ordered consumer on
// the bucket and deletes it again (a consumer creation and info through the JetStream API,
// with their advisories): measured at about 4 ms of the NATS servers' CPU each, three a second
// with three nodes, whatever the load (docs/cluster.md, "Measured, cost24"). The watch is one
// consumer for the node's life.
//
// The bucket's keys expire by its max age, and nats-server 2.9 announces no expiry to a
// watcher, so the view expires them itself: a key counts as live for the TTL after this node
// last received a write of it (the receipt is later than JetStream's own timestamp, so the
// view may believe a dead key for a little longer, never shorter). The view only chooses what
// to ask for: create() and update() remain the real test of a lease (leases.ts), so a stale
// view can delay a take, never grant one.
//
// A watch that stalls (its server died and the ordered consumer has not been recreated yet)
// would show every key expiring. The keeper therefore checks the view against its own
// membership key, which it writes on every tick: while the view has not seen that write, the
// keeper falls back to a listing and restarts the watch (leases.ts).
import type { KV } from '@nats-io/kv';
import { bounded } from './bounded.ts';

type Watch = Awaited<ReturnType<KV['watch']>>;
/** Writes whose timestamps bound the servers' clock lead (a few ticks' worth). */
const LEADS_KEPT = 32;

export class LeaseView {
  /** Key → when this node last received a write of it (epoch ms); deleted keys are dropped. */
  private readonly seen = new Map<string, number>();
  /** Key → its last value, for membership records (the message versions a node reads). */
  private readonly values = new Map<string, string>();
  private watcher: Watch | undefined;
  private startedAt = 0;
  private starting: Promise<void> | undefined;
  /** Raised by each close(): a watch that was closed while it started is stopped at once. */
  private generation = 0;
  /** The last writes' (server timestamp − our receipt), newest last: see serverAhead(). */
  private readonly leads: number[] = [];

  constructor(
    private readonly kv: KV,
    private readonly ttlMs: number,
  ) {}

  /**
   * (Re)starts the watch; the old one, if any, is stopped and the view emptied. Calls while a
   * start is under way share it (a tick and the status route may ask at once). A start that
   * does not answer within `boundMs` is given up (a watcher it yields later is stopped), so
   * the next call starts anew instead of sharing a start that never ends.
   */
  restart(boundMs: number): Promise<void> {
    this.starting ??= bounded(this.start(), boundMs, 'watch start')
      .catch((e: unknown) => {
        this.close();
        throw e;
      })
      .finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async start(): Promise<void> {
    this.close();
    const generation = this.generation;
    this.startedAt = Date.now();
    const w = await this.kv.watch({ key: '>' });
    if (generation !== this.generation) {
      w.stop();
      return;
    }
    this.watcher = w;
    void (async () => {
      for await (const e of w) {
        const now = Date.now();
        this.leads.push(e.created.getTime() - now);
        if (this.leads.length > LEADS_KEPT) this.leads.shift();
        if (e.operation === 'PUT') {
          this.seen.set(e.key, now);
          if (e.key.startsWith('node.')) this.values.set(e.key, e.string());
        } else {
          this.seen.delete(e.key);
          this.values.delete(e.key);
        }
      }
    })().catch(() => undefined);
  }

  close(): void {
    this.generation++;
    this.watcher?.stop();
    this.watcher = undefined;
    this.seen.clear();
    this.values.clear();
  }

  /** When the watch last started (epoch ms), also while it starts; 0 if none. */
  get since(): number {
    return this.watcher || this.starting ? this.startedAt : 0;
  }

  /** Whether the view has received a write of `key` at or after `at` (epoch ms). */
  sawSince(key: string, at: number): boolean {
    const t = this.seen.get(key);
    return t !== undefined && t >= at;
  }

  /**
   * A lower bound of how far the servers' clock is ahead of ours (ms; negative: behind), or
   * undefined before any write was seen. A write's server timestamp was taken before we
   * received it, so (timestamp − receipt) never exceeds the true lead; the largest of the last
   * LEADS_KEPT is the tightest (partition-tenures.ts rule 5 turns server times into ours).
   */
  serverAhead(): number | undefined {
    return this.leads.length > 0 ? Math.max(...this.leads) : undefined;
  }

  /** The live keys under `prefix` (e.g. `node.`), without the prefix. */
  live(prefix: string): string[] {
    return [...this.liveValues(prefix).keys()];
  }

  /** The live keys under `prefix`, without it, with their last values ('' if not kept). */
  liveValues(prefix: string): Map<string, string> {
    const now = Date.now();
    const out = new Map<string, string>();
    for (const [k, t] of this.seen)
      if (k.startsWith(prefix) && now - t < this.ttlMs)
        out.set(k.slice(prefix.length), this.values.get(k) ?? '');
    return out;
  }
}
