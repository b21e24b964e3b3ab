// One node's tenures of its partitions: from a lease gained to its loss, the worker that
// consumes the partition, the rule state of its assets, and the fence of the alarm changes its
// rules make. Issue 24's chaos run lost whole alarm episodes when a partition changed hands
// while an alarm commit was in flight (the rules' state then said "active" while the stored
// alarm was cleared, so the next crossing raised nothing). Four rules keep a partition's rule
// state equal to what its stored alarms and unacknowledged messages say:
//  1. One tenure at a time per partition on a node: a regained partition's new tenure starts
//     only once the old tenure's worker has stopped (its batch in hand written and acknowledged,
//     or handed back) and the old tenure's reset is done. Two workers of one partition would
//     evaluate its messages out of order (the rules ignore a point older than one evaluated).
//  2. A reset belongs to its tenure: the reset after a loss is skipped when a newer tenure of
//     the partition began meanwhile (it read the stored alarms before the newer tenure's
//     commits, and would wipe its state).
//  3. A tenure claims the partition's fence (migration 044) with its lease epoch before it
//     reads the stored alarms. Alarm changes its rules make carry that fence, and their
//     transaction checks it first (FOR SHARE, kept to the commit: alarm-service.ts
//     RuleWriteFence). So the claim waits for a commit of the previous owner's already under
//     way, and any later one is refused (its batch is not acknowledged and comes back to the
//     new owner): the new owner resumes from the previous owner's last alarm commit.
//  4. A worker stores and evaluates under its own tenure's epoch, never a later one's.
//  5. A tenure's first fetch waits, for a bounded time, while messages delivered to the previous
//     owner are unacknowledged. A killed owner's messages come back only after their ack wait;
//     fetched before that, newer messages would be evaluated first, and the rules then ignore
//     the older points (an episode raised late, or missed). The bound runs from our create of
//     the lease, not from the tenure's start: the previous owner stopped fetching when its
//     lease's validity ended, MARGIN_MS before its key could expire at JetStream, and its last
//     pull request could take a message for FETCH_EXPIRES_MS more; our create succeeded only
//     after the key expired, so before its answer reached us. Those messages are due ACK_WAIT_MS
//     after their delivery, at most DRAIN_MS after that answer. (From the tenure's start, 3.5 s,
//     it came a confirming tick later, and on a loaded machine that tick and the confirmation's
//     round trip are late: one handover stored its first point 10.2 s after the kill.)
//     Sooner when the consumer says when it last delivered (nats-server's delivered.last_active,
//     set on each delivery, and by a new consumer leader when it applies one, so never earlier
//     than the delivery): every unacknowledged message was delivered by then, so all are due
//     ACK_WAIT_MS after it (num_ack_pending stays above zero until they are redelivered and
//     acknowledged, so the count alone waited the whole DRAIN_MS after every kill: issue 24's
//     8–10 s failover). Not before FLOOR_MS after our create, when the previous owner's last
//     pull request has expired, so no later delivery can follow the one we saw. The server's
//     time is turned into ours with a lower bound of its lead (leases.ts serverAhead), so the
//     wait ends late rather than early. The wait runs beside the claim and resume, which read
//     PostgreSQL and fetch nothing.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../storage/index.ts';
import type { LogMessage } from './codec.ts';
import { partitionOf } from './partitions.ts';
import { MARGIN_MS } from './leases.ts';
import { ACK_WAIT_MS, FETCH_EXPIRES_MS } from './partition-worker.ts';
import { claimPartition, FencedOut, type PartitionFence } from './point-store.ts';

type Pick = (tenantId: string, assetId: string) => boolean;

/** What a tenure needs of the rules that evaluate the partition (monitoring's runtime). */
export interface PartitionRules {
  /** Resolves once the alarms of the matching assets evaluated so far are committed. */
  settled(pick?: Pick): Promise<void>;
  /** Restarts the matching assets' rule state from the stored alarms, if `current()` still
   * holds once they are read; `owning`: this node evaluates them from now on. */
  resume(pick: Pick, current?: () => boolean, owning?: boolean): Promise<void>;
}

export interface TenureDeps {
  db: Db;
  nodeId: string;
  /** The lease bucket's creation time (PartitionFence.generation). */
  generation: number;
  /** Our lease's epoch of `p` now, undefined when not ours. */
  epochOf(p: number): number | undefined;
  /** When our create of `p`'s lease was answered (epoch ms; leases.ts). */
  takenAt(p: number): number | undefined;
  /** Messages of `p` delivered and not yet acknowledged (its consumer's num_ack_pending), and
   * when (our epoch ms, taken late rather than early) its last delivery was, if known. */
  pending(p: number): Promise<{ count: number; lastDeliveredAt?: number }>;
  /** Rule 5's bound: at most this long after the lease's create was answered (DRAIN_MS). */
  drainMs?: number;
  /** Gives the lease back (a newer epoch has written the partition). */
  release(p: number): Promise<void>;
  /** Starts consuming `p`, handing each fetched batch to `store` (partition-worker.ts). */
  startWorker(
    p: number,
    store: (messages: LogMessage[], raw: Uint8Array[]) => Promise<void>,
  ): { stop(): Promise<void> };
  /** Writes the points under the fence (point-store.ts storeMessages). */
  write(messages: LogMessage[], fence: PartitionFence): Promise<void>;
  /** Offers the stored points to this node's rules (synchronous evaluation). */
  evaluate(messages: LogMessage[]): void;
  /** After the batch's alarms committed: the points to the other nodes' live streams. */
  stored(messages: LogMessage[], raw: Uint8Array[]): void;
  log(line: string): void;
}

interface Tenure {
  fence: PartitionFence;
  /** Resumed and consuming: its rules' alarm changes carry its fence. */
  active: boolean;
  ended: boolean;
  worker?: { stop(): Promise<void> };
  /** Claimed and resumed (or given up, when ended meanwhile). */
  begun: Promise<void>;
  /** A batch was stored (the failover timeline logs the first). */
  stored?: boolean;
}

/** Rule 5: the previous owner's last delivery, at most FETCH_EXPIRES_MS - MARGIN_MS after our
 * create's answer, is due ACK_WAIT_MS later; 250 ms more for timers that fire late (4.5 s). */
const DRAIN_MS = ACK_WAIT_MS + FETCH_EXPIRES_MS - MARGIN_MS + 250;
/** Rule 5: after this long from our create no delivery to the previous owner can follow. */
const FLOOR_MS = FETCH_EXPIRES_MS - MARGIN_MS + 250;
/** Rule 5: a delivery is due this long after it (the server's redelivery timer runs late). */
const DUE_MS = ACK_WAIT_MS + 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PartitionTenures {
  private readonly tenures = new Map<number, Tenure>();
  /** Per partition, the end of its last tenure on this node (worker stopped, state reset). */
  private readonly ending = new Map<number, Promise<void>>();
  private useRules!: (r: PartitionRules) => void;
  private readonly rules = new Promise<PartitionRules>((r) => (this.useRules = r));

  constructor(private readonly d: TenureDeps) {}

  /** The rules that evaluate the partitions; until given, no tenure begins. */
  evaluateWith(rules: PartitionRules): void {
    this.useRules(rules);
  }

  private static inPartition(p: number): Pick {
    return (tenantId, assetId) => partitionOf(tenantId, assetId) === p;
  }

  /** The lease on `p` was gained (confirmed at its epoch): a tenure begins after the last. */
  gained(p: number): void {
    const epoch = this.d.epochOf(p);
    if (epoch === undefined) return;
    const fence = { partition: p, generation: this.d.generation, epoch, owner: this.d.nodeId };
    const t: Tenure = { fence, active: false, ended: false, begun: Promise.resolve() };
    this.tenures.set(p, t);
    const after = this.ending.get(p) ?? Promise.resolve();
    t.begun = after.then(() => this.begin(p, t));
    void t.begun.then(() => {
      if (t.ended) return;
      t.active = true;
      t.worker = this.d.startWorker(p, (m, raw) => this.store(t, m, raw));
    });
  }

  /** Rules 3 and 5: claim and resume from the stored alarms (retried while the tenure lasts),
   * and beside them wait for the previous owner's deliveries. */
  private async begin(p: number, t: Tenure): Promise<void> {
    const takenAt = this.d.takenAt(p) ?? Date.now();
    const began = Date.now();
    const drained = this.drain(p, t, takenAt);
    await this.claimAndResume(p, t);
    const resumed = Date.now();
    const d = await drained;
    // Issue 24's failover timeline, from our create of the lease (the key had expired).
    this.d.log(
      `cluster: partition ${p} tenure: lease created at ${takenAt}, confirmed +${began - takenAt} ms, ` +
        `claimed and resumed +${resumed - takenAt} ms, previous deliveries drained +${d.at - takenAt} ms ` +
        `(${d.count} unacknowledged, last delivered ${d.last === undefined ? 'unknown' : `${d.last - takenAt} ms`})`,
    );
  }

  /** Rule 5's wait: until the previous owner's deliveries are acknowledged or due. */
  private async drain(p: number, t: Tenure, takenAt: number) {
    const cap = takenAt + (this.d.drainMs ?? DRAIN_MS);
    let count = 0;
    let last: number | undefined;
    while (!t.ended) {
      ({ count, lastDeliveredAt: last } = await this.d
        .pending(p)
        .catch(() => ({ count: 0, lastDeliveredAt: undefined })));
      const until =
        last === undefined ? cap : Math.min(cap, Math.max(takenAt + FLOOR_MS, last + DUE_MS));
      if (count === 0 || Date.now() >= until) break;
      await sleep(100);
    }
    return { at: Date.now(), count, last };
  }

  private async claimAndResume(p: number, t: Tenure): Promise<void> {
    const r = await this.rules;
    const pick = PartitionTenures.inPartition(p);
    while (!t.ended) {
      try {
        await this.d.db.kysely
          .transaction()
          .execute((tx) => claimPartition(tx as Transaction<unknown>, t.fence));
        await r.resume(pick, () => this.tenures.get(p) === t && !t.ended, true);
        return;
      } catch (e) {
        if (e instanceof FencedOut) {
          this.d.log(`cluster: partition ${p}: ${e.message}`);
          await this.d.release(p);
          return;
        }
        this.d.log(`cluster: partition ${p} resume: ${(e as Error).message}`);
        await sleep(500);
      }
    }
  }

  /** The lease on `p` is lost or released: the worker stops, then the state is forgotten. */
  lost(p: number): void {
    const t = this.tenures.get(p);
    if (!t) return;
    this.tenures.delete(p);
    t.ended = true;
    t.active = false;
    const pick = PartitionTenures.inPartition(p);
    // Forgotten once stopped (no no-data alarm for assets it no longer receives, no stale state
    // if the partition comes back), unless a newer tenure began (rule 2).
    const end = t.begun
      .then(() => t.worker?.stop())
      .then(() => this.rules)
      .then((r) => r.resume(pick, () => !this.tenures.has(p)))
      .catch((e: unknown) => this.d.log(`cluster: partition ${p} reset: ${(e as Error).message}`));
    this.ending.set(p, end);
  }

  /** Rule 4: written and evaluated under this tenure's epoch; acknowledged after its alarms. */
  private async store(t: Tenure, messages: LogMessage[], raw: Uint8Array[]): Promise<void> {
    const p = t.fence.partition;
    if (t.ended || this.d.epochOf(p) !== t.fence.epoch)
      throw new Error(`partition ${p} is no longer ours`);
    const r = await this.rules;
    try {
      await this.d.write(messages, t.fence);
    } catch (e) {
      // A newer owner wrote this partition: our lease is stale, whatever the bucket told us.
      if (e instanceof FencedOut) void this.d.release(p);
      throw e;
    }
    this.d.evaluate(messages);
    const pick = PartitionTenures.inPartition(p);
    try {
      await r.settled(pick);
    } catch (e) {
      // The batch is handed back and redelivered, but the rules have moved on (its crossing
      // was evaluated): they start again from the stored alarms, so it is evaluated anew.
      await r
        .resume(pick, () => this.tenures.get(p) === t && !t.ended, true)
        .catch(() => undefined);
      throw e;
    }
    this.d.stored(messages, raw);
    if (!t.stored)
      this.d.log(`cluster: partition ${p} tenure: first batch stored at ${Date.now()}`);
    t.stored = true;
  }

  /** The fence token of the evaluation now for an asset: its partition's active tenure's. */
  tokenOf(tenantId: string, assetId: string): PartitionFence | undefined {
    const t = this.tenures.get(partitionOf(tenantId, assetId));
    return t?.active ? t.fence : undefined;
  }

  /**
   * Inside an alarm batch's transaction: per token, whether its partition's fence is still at
   * its epoch. The rows are read FOR SHARE, so a new owner's claim waits for this commit.
   */
  static async holds(tx: Transaction<unknown>, tokens: readonly object[]): Promise<boolean[]> {
    const fences = tokens as readonly PartitionFence[];
    const parts = [...new Set(fences.map((f) => f.partition))].sort((a, b) => a - b);
    const { rows } = await sql<{ partition: number; generation: string; epoch: string }>`
      select partition, generation, epoch from cluster_partition_fences
      where partition = any(${parts}::int[]) order by partition for share`.execute(tx);
    const now = new Map(rows.map((r) => [Number(r.partition), r]));
    return fences.map((f) => {
      const r = now.get(f.partition);
      return (
        r !== undefined && Number(r.generation) === f.generation && Number(r.epoch) === f.epoch
      );
    });
  }

  /** Ends every tenure (a clean shutdown) once the leases are handed back. */
  async close(): Promise<void> {
    for (const p of [...this.tenures.keys()]) this.lost(p);
    await Promise.all([...this.ending.values()]);
  }
}
