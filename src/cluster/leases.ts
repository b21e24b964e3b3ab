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

  /** One round: membership, renewals, a release past the fair share, then free partitions. */
  async tick(): Promise<void> {
    await this.kv.put(`node.${this.nodeId}`, String(Date.now()));
    const share = fairShare((await this.members()).length);
    for (const [p, rev] of [...this.owned]) {
      try {
        this.owned.set(p, await this.kv.update(`p.${p}`, this.nodeId, rev));
      } catch {
        this.owned.delete(p);
        this.log(`cluster: lease on partition ${p} lost`);
        await this.events.lost(p);
      }
    }
    if (this.owned.size > share) await this.release(Math.max(...this.owned.keys()));
    for (let p = 0; p < PARTITIONS && this.owned.size < share && !this.stopped; p++) {
      if (this.owned.has(p)) continue;
      let rev: number;
      try {
        rev = await this.kv.create(`p.${p}`, this.nodeId);
      } catch {
        continue; // held by another node
      }
      this.owned.set(p, rev);
      await this.events.gained(p);
    }
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
