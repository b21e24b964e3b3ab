// Partition ownership by leases in a JetStream KV bucket whose keys expire (nats-link.ts):
//  - `node.<id>`: a node's membership, put on every tick; the live members set the fair share.
//  - `p.<n>`: partition n's owner. Taken with create() (fails while another holds it), renewed
//    with update() at the revision we hold (fails if anyone else wrote it since), released with
//    a delete at that revision. A node that dies stops renewing; the key expires after
//    LEASE_TTL_MS and another node's create() succeeds. Compare-and-set and expiry are
//    JetStream's; this file only decides which partitions to ask for.
import type { KV } from '@nats-io/kv';
import { PARTITIONS, fairShare } from './partitions.ts';

export const TICK_MS = 1_000;

export interface LeaseEvents {
  /** The lease on `partition` was taken: start consuming it. */
  gained(partition: number): Promise<void>;
  /** The lease was lost or is being released: stop consuming before it goes to another node. */
  lost(partition: number): Promise<void>;
}

export class LeaseKeeper {
  /** Partition → the revision of our lease. */
  private readonly owned = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly kv: KV,
    readonly nodeId: string,
    private readonly events: LeaseEvents,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.running = this.tick()
        .catch((e: unknown) => this.log(`cluster leases: ${(e as Error).message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, TICK_MS);
        });
    };
    loop();
  }

  holds(partition: number): boolean {
    return this.owned.has(partition);
  }

  partitions(): number[] {
    return [...this.owned.keys()].sort((a, b) => a - b);
  }

  /**
   * One round: renewals first and all at once (under load a round trip through the bucket's
   * RAFT group can take a while, and a lease must not expire behind slower work), then
   * membership, a release past the fair share, and free partitions asked for together.
   */
  async tick(): Promise<void> {
    await Promise.all([...this.owned].map(([p, rev]) => this.renew(p, rev)));
    await this.kv.put(`node.${this.nodeId}`, String(Date.now()));
    const share = fairShare((await this.members()).length);
    if (this.owned.size > share) await this.release(Math.max(...this.owned.keys()));
    const want = share - this.owned.size;
    if (want <= 0 || this.stopped) return;
    const free = await this.freePartitions();
    const ask = free.sort(() => Math.random() - 0.5).slice(0, want);
    await Promise.all(ask.map((p) => this.take(p)));
  }

  private async renew(p: number, rev: number): Promise<void> {
    try {
      this.owned.set(p, await this.kv.update(`p.${p}`, this.nodeId, rev));
    } catch {
      if (!this.owned.has(p)) return;
      this.owned.delete(p);
      this.log(`cluster: lease on partition ${p} lost`);
      await this.events.lost(p);
    }
  }

  private async take(p: number): Promise<void> {
    let rev: number;
    try {
      rev = await this.kv.create(`p.${p}`, this.nodeId);
    } catch {
      return; // another node was faster
    }
    this.owned.set(p, rev);
    await this.events.gained(p);
  }

  /** Partitions with no live lease (as a replica says now; create() is the real test). */
  private async freePartitions(): Promise<number[]> {
    const held = new Set<number>();
    for await (const k of await this.kv.keys('p.*')) held.add(Number(k.slice(2)));
    const out: number[] = [];
    for (let p = 0; p < PARTITIONS; p++) if (!held.has(p) && !this.owned.has(p)) out.push(p);
    return out;
  }

  /** Live members: nodes whose membership key has not expired. */
  async members(): Promise<string[]> {
    const out: string[] = [];
    for await (const k of await this.kv.keys('node.*')) out.push(k.slice('node.'.length));
    return out.sort();
  }

  /** Every partition's owner, as the bucket says now (null: free). */
  async owners(): Promise<(string | null)[]> {
    const out: (string | null)[] = [];
    for (let p = 0; p < PARTITIONS; p++) {
      const e = await this.kv.get(`p.${p}`);
      out.push(e && e.operation === 'PUT' ? e.string() : null);
    }
    return out;
  }

  private async release(p: number): Promise<void> {
    const rev = this.owned.get(p);
    this.owned.delete(p);
    await this.events.lost(p);
    if (rev !== undefined)
      await this.kv.delete(`p.${p}`, { previousSeq: rev }).catch(() => undefined);
  }

  /** Stops renewing and hands every partition back at once (a clean shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    for (const p of [...this.owned.keys()]) await this.release(p);
    await this.kv.delete(`node.${this.nodeId}`).catch(() => undefined);
  }
}
