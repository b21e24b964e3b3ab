// Live stream of new points: subscribers name a tenant and optional sets of assets and
// channels; each acknowledged batch is offered to the matching subscribers after it is durable.
// Slow consumers are the transport's concern (the SSE route drops a client that falls behind).
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

interface Subscriber {
  filter: LiveFilter;
  send(points: LivePoint[]): void;
}

export class LiveHub {
  private readonly subs = new Set<Subscriber>();

  subscribe(filter: LiveFilter, send: (points: LivePoint[]) => void): () => void {
    const s = { filter, send };
    this.subs.add(s);
    return () => this.subs.delete(s);
  }

  get size(): number {
    return this.subs.size;
  }

  /** Points named by asset and channel (cluster mode's partitions, src/cluster). */
  publishPoints(
    tenantId: string,
    points: readonly (LivePoint & { customerId: string | null })[],
  ): void {
    this.publish(
      tenantId,
      points.length,
      (i) => points[i],
      pts(points, 'ts'),
      pts(points, 'value'),
    );
  }

  publish(
    tenantId: string,
    n: number,
    series: (i: number) => Pick<SeriesRef, 'assetId' | 'channel' | 'customerId'> | undefined,
    ts: ArrayLike<number>,
    values: ArrayLike<number>,
  ): void {
    for (const sub of this.subs) {
      const f = sub.filter;
      if (f.tenantId !== tenantId) continue;
      const out: LivePoint[] = [];
      for (let i = 0; i < n; i++) {
        const s = series(i);
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

const pts = (points: readonly LivePoint[], k: 'ts' | 'value'): number[] => points.map((p) => p[k]);
