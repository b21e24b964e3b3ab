// Live stream of new points: subscribers name a tenant and optional sets of assets and
// channels; each acknowledged batch is offered to the matching subscribers after it is durable.
// Slow consumers are the transport's concern (the SSE route drops a client that falls behind).
// A consumer that reads every point of a tenant (the rule engine) takes the batch as columns
// instead: no object per point, and the series resolved by id only when it first sees one.
// A batch may also be fed later (publishLater): MQTT acknowledges a group of messages as soon
// as it is durable and runs its rules after, in slices, so rule evaluation does not sit
// between a device's PUBLISH and its PUBACK (issue 21). Batches are still fed in the order they
// were stored, each exactly once.
import type { SeriesRef } from './types.ts';

export interface LivePoint {
  assetId: string;
  channel: string;
  ts: number;
  value: number;
}

export interface LiveFilter {
  tenantId: string;
  assetIds?: Set<string>;
  channels?: Set<string>;
  /** Customer scope of the subscriber; null = all customers. */
  customerIds: Set<string> | null;
  /** Cluster mode: also the points other nodes stored (a live stream, not a rule). */
  everyNode?: boolean;
}

/** One acknowledged batch of a tenant as columns; the arrays are valid during the call only. */
export interface LiveColumns {
  n: number;
  seriesId: ArrayLike<number>;
  ts: ArrayLike<number>;
  values: ArrayLike<number>;
  series(id: number): SeriesRef | undefined;
}

interface Subscriber {
  filter: LiveFilter;
  send(points: LivePoint[]): void;
  /**
   * Per series id, whether its asset and channel pass the filter (0 not yet known, 1 yes,
   * 2 no): a series never changes asset or channel, so each id is looked at once. The customer
   * can change (series-scope.ts), so it is checked on every point that passes.
   */
  verdict: Uint8Array;
}

const UNKNOWN = 0;
const PASS = 1;
const DROP = 2;

/** Whether a series' asset and channel pass the filter. */
const passes = (f: LiveFilter, s: SeriesRef) =>
  (!f.assetIds || f.assetIds.has(s.assetId)) && (!f.channels || f.channels.has(s.channel));

/** The subscriber's verdict array, grown to hold `id`. */
function verdicts(sub: Subscriber, id: number): Uint8Array {
  if (id < sub.verdict.length) return sub.verdict;
  let size = Math.max(1024, sub.verdict.length);
  while (size <= id) size *= 2;
  const v = new Uint8Array(size);
  v.set(sub.verdict);
  sub.verdict = v;
  return v;
}

interface ColumnSubscriber {
  tenantId: string;
  send(batch: LiveColumns): void;
}

interface Waiting {
  tenantId: string;
  batch: LiveColumns;
}

/** CPU a turn of the loop gives the batches fed later before it yields to sockets and timers:
 * 10,000 devices' rules take ~0.4 µs a point, so a slice is ~10,000 points. */
const SLICE_MS = 4;

export class LiveHub {
  private readonly subs = new Set<Subscriber>();
  private readonly columnSubs = new Set<ColumnSubscriber>();
  /** Ids of series known by name only (cluster mode, where no engine numbers them), small
   * and stable per tenant, asset and channel: the rule router sizes its arrays by the id. */
  private readonly named = new Map<string, SeriesRef>();
  private readonly namedById: SeriesRef[] = [];
  /** Batches stored but not yet fed (publishLater), oldest first, from `next` on. */
  private waiting: Waiting[] = [];
  private next = 0;
  private scheduled: NodeJS.Immediate | undefined;

  subscribe(filter: LiveFilter, send: (points: LivePoint[]) => void): () => void {
    const s = { filter, send, verdict: new Uint8Array(0) };
    this.subs.add(s);
    return () => this.subs.delete(s);
  }

  /** Every point of the tenant, all customers, as columns. */
  subscribeColumns(tenantId: string, send: (batch: LiveColumns) => void): () => void {
    const s = { tenantId, send };
    this.columnSubs.add(s);
    return () => this.columnSubs.delete(s);
  }

  get size(): number {
    return this.subs.size + this.columnSubs.size;
  }

  /**
   * Points named by asset and channel (cluster mode's partitions, src/cluster), as columns with
   * ids of this hub's own. A process publishes either these or the engine's numbered series,
   * never both (cluster mode writes through its sink, not the engine), so the ids cannot meet.
   */
  publishPoints(
    tenantId: string,
    points: readonly (LivePoint & { customerId: string | null })[],
    remote = false,
  ): void {
    if (remote && !this.wantsRemote(tenantId)) return;
    const n = points.length;
    const seriesId = new Uint32Array(n);
    const ts = new Float64Array(n);
    const values = new Float64Array(n);
    points.forEach((p, i) => {
      const key = `${tenantId}\u0000${p.assetId}\u0000${p.channel}`;
      let ref = this.named.get(key);
      if (!ref) {
        ref = {
          id: this.namedById.length,
          tenantId,
          assetId: p.assetId,
          channel: p.channel,
          modelId: null,
          customerId: p.customerId,
        };
        this.named.set(key, ref);
        this.namedById.push(ref);
      }
      ref.customerId = p.customerId; // the asset's customer when stored: it may have moved
      seriesId[i] = ref.id;
      ts[i] = p.ts;
      values[i] = p.value;
    });
    this.publish(tenantId, { n, seriesId, ts, values, series: (id) => this.namedById[id] }, remote);
  }

  /** Whether any subscriber of the tenant takes other nodes' points (LiveFilter.everyNode). */
  wantsRemote(tenantId: string): boolean {
    for (const sub of this.subs)
      if (sub.filter.everyNode && sub.filter.tenantId === tenantId) return true;
    return false;
  }

  /**
   * Feeds the batch in a later turn of the loop, after its writer has acknowledged it; its
   * arrays must stay unchanged until then. Batches published now feed these first.
   */
  publishLater(tenantId: string, batch: LiveColumns): void {
    this.waiting.push({ tenantId, batch });
    this.scheduled ??= setImmediate(() => this.feedSlice());
  }

  /** Feeds every batch still waiting (before one published now, and at shutdown). */
  flush(): void {
    while (this.next < this.waiting.length) this.feedOne();
    this.settle();
  }

  private feedSlice(): void {
    this.scheduled = undefined;
    const until = performance.now() + SLICE_MS;
    while (this.next < this.waiting.length && performance.now() < until) this.feedOne();
    if (this.next >= this.waiting.length) return this.settle();
    // A queue that never empties under steady load: drop the fed entries now and then.
    if (this.next >= 1024) {
      this.waiting = this.waiting.slice(this.next);
      this.next = 0;
    }
    this.scheduled = setImmediate(() => this.feedSlice());
  }

  /** Takes the oldest waiting batch before feeding it, so a nested flush cannot feed it twice.
   * A subscriber that throws loses this batch only, as a synchronous feed would. */
  private feedOne(): void {
    const w = this.waiting[this.next]!;
    this.waiting[this.next++] = undefined as unknown as Waiting;
    try {
      this.feed(w.tenantId, w.batch, false);
    } catch (e) {
      console.error('telemetry live feed: a subscriber failed', e);
    }
  }

  private settle(): void {
    if (this.next < this.waiting.length) return;
    this.waiting = [];
    this.next = 0;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
  }

  /** `remote`: points another node stored, for everyNode subscribers only (see LiveFilter). */
  publish(tenantId: string, batch: LiveColumns, remote = false): void {
    if (this.next < this.waiting.length) this.flush();
    this.feed(tenantId, batch, remote);
  }

  private feed(tenantId: string, batch: LiveColumns, remote: boolean): void {
    if (!remote) for (const sub of this.columnSubs) if (sub.tenantId === tenantId) sub.send(batch);
    const { n, seriesId, ts, values } = batch;
    for (const sub of this.subs) {
      const f = sub.filter;
      if (f.tenantId !== tenantId || (remote && !f.everyNode)) continue;
      const out: LivePoint[] = [];
      for (let i = 0; i < n; i++) {
        const id = seriesId[i]!;
        let v = id < sub.verdict.length ? sub.verdict[id]! : UNKNOWN;
        if (v === DROP) continue;
        const s = batch.series(id);
        if (!s) continue;
        if (v === UNKNOWN) {
          v = passes(f, s) ? PASS : DROP;
          verdicts(sub, id)[id] = v;
          if (v === DROP) continue;
        }
        if (f.customerIds && (s.customerId === null || !f.customerIds.has(s.customerId))) continue;
        out.push({ assetId: s.assetId, channel: s.channel, ts: ts[i]!, value: values[i]! });
      }
      if (out.length > 0) sub.send(out);
    }
  }
}
