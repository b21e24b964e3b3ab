// Partition ownership by leases in a JetStream KV bucket whose keys expire (nats-link.ts):
//  - `node.<id>`: a node's membership, put on every tick; the live members set the fair share.
//  - `p.<n>`: partition n's owner. Taken with create() (fails while another holds it), renewed
//    with update() at the revision we hold (fails if anyone else wrote it since), released with
//    a delete at that revision. A node that dies stops renewing; the key expires after
//    LEASE_TTL_MS and another node's create() succeeds. Compare-and-set and expiry are
//    JetStream's; this file only decides which partitions to ask for, and how long to believe
//    it holds one.
//
// Three rules keep one owner per partition through a NATS server's death (issue 24's chaos run):
//  1. A failed renewal is not a lost lease. While a server is down or JetStream elects a new
//     leader, a publish gets no responders ("jetstream is not enabled") or times out; the
//     renewal is retried until it succeeds, until another writer's revision proves the lease
//     gone, or until the lease's own validity ends.
//  2. A lease is believed only until its validity ends: the send time of the last successful
//     renewal plus the TTL, less a margin. The key cannot expire at JetStream before that (its
//     timestamp is taken when the leader stores it, after we sent it), so a node that cannot
//     renew stops before another node can take the partition.
//  3. A create() is confirmed by a renewal at its revision CONFIRM_AFTER_MS after its answer
//     before the partition is consumed. nats-server up to 2.9.20 checks
//     Nats-Expected-Last-Subject-Sequence outside its RAFT proposal (nats-io/nats-server#4320),
//     so two creates racing within milliseconds can both succeed; the later one's revision
//     wins the key and the earlier one's renewal fails. The racing create was proposed before
//     ours was applied, i.e. before our answer left the leader; it is applied one RAFT commit
//     after ours (milliseconds), so a renewal sent half a second after our answer is checked
//     against it. (It came on the next tick before: a second or more on a loaded machine, on
//     the failover's path, issue 24.) The epoch (the create's revision) fences each owner's
//     writes in PostgreSQL as well (point-store.ts), for whatever still slips through.
//  4. A round cannot hang (issue 24: under load a node never became a member, its round
//     awaiting a KV call for ever while a NATS server restarted). Every bucket call a round
//     awaits has a bound: a renewal's is the rest of its lease's validity (rule 1's retries go
//     on within it), the others' CALL_BOUND_MS. A call unanswered within it cuts the round
//     (logged); the next round starts a tick later. A renewal runs once at a time per lease,
//     shared by a round and the confirming timer.
//
// Cost (issue 24: the cluster's CPU per point): a confirmed lease is renewed every other tick
// while the ticks come on time, not on every tick (a renewal is an R3 write through the
// bucket's RAFT group: 16 a second before, whatever the load), and the members and free
// partitions are read from a KV watch (lease-view.ts) instead of a keys() listing per tick.
import type { KV } from '@nats-io/kv';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { bounded, CallCut } from './bounded.ts';
import { READ_VERSIONS, type LogVersion } from './codec.ts';
import { LeaseView } from './lease-view.ts';
import { LEASE_TTL_MS } from './nats-link.ts';
import { PARTITIONS, fairShare } from './partitions.ts';

export const TICK_MS = 1_000;
/** Taken off a lease's validity: timers fire late on a loaded machine. */
export const MARGIN_MS = 750;
/** Pause between renewal attempts while the bucket does not answer. */
const RETRY_MS = 200;
/** A confirmed lease is renewed once this long has passed since its last renewal was sent… */
const RENEW_EVERY_MS = 2 * TICK_MS - TICK_MS / 2;
/**
 * …or sooner, when waiting one more tick (taken as 1.5 × the last tick's gap, since timers run
 * late on a loaded machine) would leave less than this of its validity to retry a renewal in.
 */
const MIN_RETRY_WINDOW_MS = 500;
/** A watch that has not shown this node's own membership write is restarted after this long. */
const WATCH_GRACE_MS = 3 * TICK_MS;
/**
 * Rule 4: the longest a round waits for one bucket call other than a renewal. A slow call cut
 * so loses nothing: a membership write answered late still counts, a create answered late is
 * given back at once (see take()).
 */
export const CALL_BOUND_MS = 2 * TICK_MS;
/** Rule 3: a create is confirmed this long after its answer. */
export const CONFIRM_AFTER_MS = 500;

export interface LeaseEvents {
  /** The lease on `partition` was taken: start consuming it. */
  gained(partition: number): Promise<void>;
  /** The lease was lost or is being released: stop consuming before it goes to another node. */
  lost(partition: number): Promise<void>;
  /** After each round's membership read: the ingest log message version to write now. */
  writeVersion?(version: LogVersion): void;
}

/**
 * A membership record: when it was sent and the ingest log message versions the node reads
 * (codec.ts). Nodes before natscost24 wrote the time alone and never read the value, so they
 * read nothing but version 1.
 */
export const membershipRecord = (sentAt: number, reads: readonly number[] = READ_VERSIONS) =>
  `${sentAt} reads=${reads.join(',')}`;

/** The versions a membership record advertises (a bare time: a previous release's, 1 only). */
export function readsOf(record: string): number[] {
  const m = / reads=([0-9,]+)$/.exec(record);
  return m ? m[1]!.split(',').map(Number) : [1];
}

/**
 * The newest version every member reads, of those this node writes: version 2 only when every
 * live member (as the watch shows them; `undefined` when only listed) advertises it, so a node
 * of the previous release is never handed a message it cannot decode.
 */
export function writableVersion(records: ReadonlyMap<string, string> | undefined): LogVersion {
  if (!records || records.size === 0) return 1;
  for (const r of records.values()) if (!readsOf(r).includes(2)) return 1;
  return 2;
}

interface Held {
  /** The revision of our last write of the key. */
  rev: number;
  /** The revision of the create that took it: this ownership's fencing token. */
  epoch: number;
  /** Until when (epoch ms) this node may believe it holds the lease. */
  validUntil: number;
  /** Renewed at least once after the create (rule 3): consumed from then on. */
  confirmed: boolean;
  /** When the create's answer came (epoch ms): the key had expired at JetStream before. */
  takenAt: number;
  /** The renewal under way, if any (rule 4: one at a time). */
  renewing?: Promise<void>;
}

const wrongRevision = (e: unknown) =>
  e instanceof JetStreamApiError &&
  (e.code === JetStreamApiCodes.StreamWrongLastSequence ||
    e.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);

export class LeaseKeeper {
  private readonly owned = new Map<number, Held>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly view: LeaseView;
  /** When the last tick started; when the last two acknowledged membership writes were sent. */
  private lastTickAt = 0;
  private lastPutSent = 0;
  private prevPutSent = 0;

  constructor(
    private readonly kv: KV,
    readonly nodeId: string,
    private readonly events: LeaseEvents,
    private readonly log: (line: string) => void,
    private readonly ttlMs = LEASE_TTL_MS,
    /** The message versions this node advertises that it reads (tests: a previous release's). */
    private readonly reads: readonly number[] = READ_VERSIONS,
  ) {
    this.view = new LeaseView(kv, ttlMs);
  }

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.running = this.tick()
        .catch((e: unknown) =>
          this.log(
            e instanceof CallCut
              ? `cluster leases: round cut (${e.message}); the next starts in ${TICK_MS} ms`
              : `cluster leases: ${(e as Error).message}`,
          ),
        )
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, TICK_MS);
        });
    };
    loop();
  }

  /** Whether this node consumes `partition` now: confirmed, and still within its validity. */
  holds(partition: number): boolean {
    const h = this.owned.get(partition);
    return h !== undefined && h.confirmed && Date.now() < h.validUntil;
  }

  /** The fencing token of our ownership of `partition` (undefined: not ours). */
  epochOf(partition: number): number | undefined {
    return this.holds(partition) ? this.owned.get(partition)!.epoch : undefined;
  }

  /** When our create of `partition`'s lease was answered (undefined: not ours). */
  takenAt(partition: number): number | undefined {
    return this.owned.get(partition)?.takenAt;
  }

  /** A lower bound of the NATS servers' clock lead over ours (lease-view.ts), if known. */
  serverAhead(): number | undefined {
    return this.view.serverAhead();
  }

  partitions(): number[] {
    return [...this.owned]
      .filter(([p]) => this.holds(p))
      .map(([p]) => p)
      .sort((a, b) => a - b);
  }

  /**
   * One round: renewals and membership first and all at once (under load a round trip through
   * the bucket's RAFT group can take a while, and neither a lease nor the membership key may
   * expire behind slower work; a renewal may retry for up to its validity), then a release
   * past the fair share, and free partitions asked for together.
   */
  async tick(): Promise<void> {
    const now = Date.now();
    const gap = this.lastTickAt > 0 ? now - this.lastTickAt : TICK_MS;
    this.lastTickAt = now;
    const putSent = Date.now();
    const put = this.kv.put(`node.${this.nodeId}`, membershipRecord(putSent, this.reads));
    // Counted when answered, also after its round was cut, unless a later write was first.
    void put.then(() => {
      if (putSent <= this.lastPutSent) return;
      this.prevPutSent = this.lastPutSent;
      this.lastPutSent = putSent;
    }, noop);
    let failed: unknown;
    await Promise.all([
      ...[...this.owned]
        .filter(([, h]) => this.due(h, now, gap))
        .map(([p, h]) => this.renewOnce(p, h)),
      bounded(put, CALL_BOUND_MS, 'membership write').catch((e: unknown) => (failed = e)),
    ]);
    if (failed) throw failed;
    const records = await this.memberRecords();
    this.events.writeVersion?.(writableVersion(records.values));
    const share = fairShare(records.ids.length);
    if (this.owned.size > share) await this.release(Math.max(...this.owned.keys()));
    const want = share - this.owned.size;
    if (want <= 0 || this.stopped) return;
    const free = await this.freePartitions();
    const ask = free.sort(() => Math.random() - 0.5).slice(0, want);
    await Promise.all(ask.map((p) => this.take(p)));
  }

  /**
   * Whether `h` is renewed this tick: always before it is confirmed (rule 3), else once
   * RENEW_EVERY_MS passed since its last renewal, or sooner if the next tick may come too late.
   */
  private due(h: Held, now: number, gap: number): boolean {
    if (!h.confirmed) return true;
    const lastSent = h.validUntil - (this.ttlMs - MARGIN_MS);
    if (now - lastSent >= RENEW_EVERY_MS) return true;
    return h.validUntil - now - 1.5 * gap < MIN_RETRY_WINDOW_MS;
  }

  /** Rule 4: the renewal of `h` under way, or a new one. */
  private renewOnce(p: number, h: Held): Promise<void> {
    h.renewing ??= this.renew(p, h).finally(() => (h.renewing = undefined));
    return h.renewing;
  }

  /** Renews (rule 1) until it succeeds, the lease is proven gone, or its validity ends. */
  private async renew(p: number, h: Held): Promise<void> {
    const firstTry = Date.now();
    let why = 'its validity ended';
    while (this.owned.get(p) === h && !this.stopped) {
      const sent = Date.now();
      const left = h.validUntil - sent;
      if (left <= 0) break;
      try {
        const within = Math.max(left, RETRY_MS);
        h.rev = await bounded(
          this.kv.update(`p.${p}`, this.nodeId, h.rev, within),
          within,
          `renewal of p.${p}`,
        );
        h.validUntil = sent + this.ttlMs - MARGIN_MS;
        if (!h.confirmed) {
          h.confirmed = true;
          await this.events.gained(p);
        }
        return;
      } catch (e) {
        if (wrongRevision(e)) {
          // Our own earlier attempt may have been stored with its answer lost: the key then
          // holds our id at a newer revision, stored after `firstTry`.
          if (await this.adopt(p, h, firstTry)) return;
          why = 'another node wrote it';
          break;
        }
        why = `its validity ended unrenewed (${(e as Error).message})`;
        await sleep(RETRY_MS);
      }
    }
    if (this.owned.get(p) !== h) return;
    this.owned.delete(p);
    this.log(`cluster: lease on partition ${p} lost: ${why}`);
    if (h.confirmed) await this.events.lost(p);
  }

  private async adopt(p: number, h: Held, firstTry: number): Promise<boolean> {
    const e = await bounded(this.kv.get(`p.${p}`), CALL_BOUND_MS, `read of p.${p}`).catch(
      () => null,
    );
    if (!e || e.operation !== 'PUT' || e.string() !== this.nodeId || e.revision <= h.rev)
      return false;
    h.rev = e.revision;
    h.validUntil = firstTry + this.ttlMs - MARGIN_MS;
    return Date.now() < h.validUntil;
  }

  private async take(p: number): Promise<void> {
    const sent = Date.now();
    const create = this.kv.create(`p.${p}`, this.nodeId);
    let rev: number;
    try {
      rev = await bounded(create, CALL_BOUND_MS, `create of p.${p}`);
    } catch (e) {
      // Another node was faster, or the bucket does not answer now. A create answered after
      // its cut is given back at once rather than left to expire unrenewed.
      if (e instanceof CallCut) {
        this.log(`cluster leases: ${e.message}`);
        void create.then((late) => this.kv.delete(`p.${p}`, { previousSeq: late })).catch(noop);
      }
      return;
    }
    // Consumed only once a renewal at this revision confirms it (rule 3).
    const h: Held = {
      rev,
      epoch: rev,
      validUntil: sent + this.ttlMs - MARGIN_MS,
      confirmed: false,
      takenAt: Date.now(),
    };
    this.owned.set(p, h);
    setTimeout(() => {
      if (this.stopped) return;
      this.renewOnce(p, h).catch((e: unknown) =>
        this.log(`cluster leases: confirming p.${p}: ${(e as Error).message}`),
      );
    }, CONFIRM_AFTER_MS);
  }

  /**
   * Whether the watch may be believed: it has shown this node's own membership write of the
   * tick before (so it is not stalled; this tick's may still be on its way). Otherwise it is restarted, if it had time to catch up,
   * and the caller lists the bucket instead.
   */
  private async viewReady(): Promise<boolean> {
    const self = `node.${this.nodeId}`;
    if (this.view.since > 0 && this.prevPutSent > 0 && this.view.sawSince(self, this.prevPutSent))
      return true;
    if (!this.stopped && Date.now() - this.view.since > WATCH_GRACE_MS)
      await this.view.restart(CALL_BOUND_MS).catch((e: unknown) => {
        this.view.close();
        this.log(`cluster leases: watch: ${(e as Error).message}`);
      });
    return false;
  }

  /** Partitions with no live lease (as the view or a replica says now; create() is the test). */
  private async freePartitions(): Promise<number[]> {
    const held = new Set<number>();
    if (await this.viewReady()) for (const k of this.view.live('p.')) held.add(Number(k));
    else for (const k of await this.list('p.*')) held.add(Number(k.slice(2)));
    const out: number[] = [];
    for (let p = 0; p < PARTITIONS; p++) if (!held.has(p) && !this.owned.has(p)) out.push(p);
    return out;
  }

  /** Live members: nodes whose membership key has not expired. */
  async members(): Promise<string[]> {
    return (await this.memberRecords()).ids;
  }

  /** Live members, and their records when the watch has them (a listing gives keys only). */
  private async memberRecords(): Promise<{ ids: string[]; values?: Map<string, string> }> {
    if (await this.viewReady()) {
      const values = this.view.liveValues('node.');
      return { ids: [...values.keys()].sort(), values };
    }
    const out = new Set<string>();
    for (const k of await this.list('node.*')) out.add(k.slice('node.'.length));
    return { ids: [...out].sort() };
  }

  /** The bucket's keys matching `filter` (rule 4: bounded; a cut listing is stopped). */
  private async list(filter: string): Promise<string[]> {
    let it: Awaited<ReturnType<KV['keys']>> | undefined;
    const all = (async () => {
      it = await this.kv.keys(filter);
      const out: string[] = [];
      for await (const k of it) out.push(k);
      return out;
    })();
    try {
      return await bounded(all, CALL_BOUND_MS, `listing of ${filter}`);
    } catch (e) {
      it?.stop();
      throw e;
    }
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

  /**
   * Stops consuming `p` and gives the lease back. Also called by the partition's worker when
   * PostgreSQL refused its write to a newer owner's epoch (the fence in point-store.ts).
   */
  async release(p: number): Promise<void> {
    const h = this.owned.get(p);
    if (!h) return;
    this.owned.delete(p);
    if (h.confirmed) await this.events.lost(p);
    const del = this.kv.delete(`p.${p}`, { previousSeq: h.rev });
    await bounded(del, CALL_BOUND_MS, `release of p.${p}`).catch(noop);
  }

  /** Stops renewing and hands every partition back at once (a clean shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    for (const p of [...this.owned.keys()]) await this.release(p);
    const del = this.kv.delete(`node.${this.nodeId}`);
    await bounded(del, CALL_BOUND_MS, 'membership delete').catch(noop);
    this.view.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const noop = () => undefined;
