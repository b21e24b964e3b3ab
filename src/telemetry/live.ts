// Live stream of new points: subscribers name a tenant and optional sets of assets and
// channels; each acknowledged batch is offered to the matching subscribers after it is durable.
// Slow consumers are the transport's concern (the SSE route drops a client that falls behind).
// A consumer that reads every point of a tenant (the rule engine) takes the batch as columns
// instead: no object per point, and the series resolved by id only when it first sees one.
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

export class LiveHub {
  private readonly subs = new Set<Subscriber>();
  private readonly columnSubs = new Set<ColumnSubscriber>();
  /** Ids of series known by name only (cluster mode, where no engine numbers them), small
   * and stable per tenant, asset and channel: the rule router sizes its arrays by the id. */
  private readonly named = new Map<string, SeriesRef>();
  private readonly namedById: SeriesRef[] = [];

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

  /** `remote`: points another node stored, for everyNode subscribers only (see LiveFilter). */
  publish(tenantId: string, batch: LiveColumns, remote = false): void {
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
