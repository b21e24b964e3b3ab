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
}

interface ColumnSubscriber {
  tenantId: string;
  send(batch: LiveColumns): void;
}

export class LiveHub {
  private readonly subs = new Set<Subscriber>();
  private readonly columnSubs = new Set<ColumnSubscriber>();

  subscribe(filter: LiveFilter, send: (points: LivePoint[]) => void): () => void {
    const s = { filter, send };
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

  publish(tenantId: string, batch: LiveColumns): void {
    for (const sub of this.columnSubs) if (sub.tenantId === tenantId) sub.send(batch);
    const { n, seriesId, ts, values } = batch;
    for (const sub of this.subs) {
      const f = sub.filter;
      if (f.tenantId !== tenantId) continue;
      const out: LivePoint[] = [];
      for (let i = 0; i < n; i++) {
        const s = batch.series(seriesId[i]!);
        if (!s) continue;
        if (f.assetIds && !f.assetIds.has(s.assetId)) continue;
        if (f.channels && !f.channels.has(s.channel)) continue;
        if (f.customerIds && (s.customerId === null || !f.customerIds.has(s.customerId))) continue;
        out.push({ assetId: s.assetId, channel: s.channel, ts: ts[i]!, value: values[i]! });
      }
      if (out.length > 0) sub.send(out);
    }
  }
}
