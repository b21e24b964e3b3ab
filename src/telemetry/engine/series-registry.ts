// Series identity: (tenant, asset, channel) → integer id, held in memory and persisted in
// telemetry_series. Ids are dense and allocated here (one process compacts a database at a
// time), so per-series state lives in arrays indexed by id. Also holds the latest value of
// every series (query q1) in typed arrays.
import type { SeriesRef } from '../types.ts';
import type { RowBatch } from './head.ts';

const assetKey = (tenantId: string, assetId: string) => `${tenantId}\u0000${assetId}`;

export class SeriesRegistry {
  /** tenant+asset → channel → series. */
  private readonly byAsset = new Map<string, Map<string, SeriesRef>>();
  private readonly byId: (SeriesRef | undefined)[] = [];
  private readonly byTenant = new Map<string, SeriesRef[]>();
  private nextId = 1;
  private size = 0;
  /** Bumped when series are removed, so memos of series ids (RowSeries) know to rebuild. */
  generation = 0;
  latestTs = new Float64Array(1024).fill(NaN);
  latestValue = new Float64Array(1024);

  /** The asset the last add went to: a start adds an asset's series one after another. */
  private last: { tenantId: string; assetId: string; channels: Map<string, SeriesRef> } | undefined;

  add(s: SeriesRef): void {
    let last = this.last;
    if (last?.assetId !== s.assetId || last.tenantId !== s.tenantId) {
      last = this.last = {
        tenantId: s.tenantId,
        assetId: s.assetId,
        channels: this.channelsOf(s.tenantId, s.assetId),
      };
    }
    last.channels.set(s.channel, s);
    this.byId[s.id] = s;
    let list = this.byTenant.get(s.tenantId);
    if (!list) this.byTenant.set(s.tenantId, (list = []));
    list.push(s);
    if (s.id >= this.nextId) this.nextId = s.id + 1;
    this.size++;
    this.grow(s.id);
  }

  private grow(id: number): void {
    if (id < this.latestTs.length) return;
    let n = this.latestTs.length;
    while (n <= id) n *= 2;
    const ts = new Float64Array(n).fill(NaN);
    ts.set(this.latestTs);
    const vs = new Float64Array(n);
    vs.set(this.latestValue);
    this.latestTs = ts;
    this.latestValue = vs;
  }

  /** Channel → series map of one asset (created empty on first use). */
  channelsOf(tenantId: string, assetId: string): Map<string, SeriesRef> {
    const k = assetKey(tenantId, assetId);
    let m = this.byAsset.get(k);
    if (!m) this.byAsset.set(k, (m = new Map()));
    return m;
  }

  /** The series of one asset, without creating an entry for an asset that has none. */
  seriesOfAsset(tenantId: string, assetId: string): Iterable<SeriesRef> {
    return this.byAsset.get(assetKey(tenantId, assetId))?.values() ?? [];
  }

  /** Removes series that were allocated but never committed (a failed ingest transaction). */
  remove(ids: SeriesRef[]): void {
    if (ids.length === 0) return;
    this.generation++;
    this.last = undefined;
    const gone = new Set<number>();
    const tenants = new Set<string>();
    for (const s of ids) {
      this.byAsset.get(assetKey(s.tenantId, s.assetId))?.delete(s.channel);
      this.byId[s.id] = undefined;
      gone.add(s.id);
      tenants.add(s.tenantId);
      this.size--;
    }
    // One pass per tenant, not one per series: a failed write may have allocated thousands.
    for (const t of tenants) {
      const list = this.byTenant.get(t);
      if (list)
        this.byTenant.set(
          t,
          list.filter((x) => !gone.has(x.id)),
        );
    }
  }

  get(tenantId: string, assetId: string, channel: string): SeriesRef | undefined {
    return this.byAsset.get(assetKey(tenantId, assetId))?.get(channel);
  }

  byIdOf(id: number): SeriesRef | undefined {
    return this.byId[id];
  }

  /**
   * A new series. Its object is a literal of the six fields, as loadSeries makes them: a spread
   * of `s` with `id` added kept `id` out of the object in a property array of its own, and the
   * heap snapshot of 200,000 series written at run time held a hidden class, descriptor array
   * and property array per series — about 340 bytes a series besides the object (issue 21).
   */
  allocate(s: Omit<SeriesRef, 'id'>): SeriesRef {
    const ref: SeriesRef = {
      id: this.nextId,
      tenantId: s.tenantId,
      assetId: s.assetId,
      channel: s.channel,
      modelId: s.modelId,
      customerId: s.customerId,
    };
    this.add(ref);
    return ref;
  }

  count(): number {
    return this.size;
  }

  ofTenant(tenantId: string): SeriesRef[] {
    return this.byTenant.get(tenantId) ?? [];
  }

  latestOf(id: number): { ts: number; value: number } | undefined {
    const ts = this.latestTs[id];
    return ts === undefined || Number.isNaN(ts) ? undefined : { ts, value: this.latestValue[id]! };
  }

  /** noteLatest for every point of a batch of rows. */
  noteLatestRows(rows: RowBatch, values: Float64Array): void {
    const latestTs = this.latestTs;
    const latestValue = this.latestValue;
    for (let r = 0; r < rows.ids.length; r++) {
      const ids = rows.ids[r]!;
      const t = rows.ts[r]!;
      const from = rows.start[r]!;
      for (let c = 0; c < ids.length; c++) {
        const id = ids[c]!;
        if (!(t < latestTs[id]!)) {
          latestTs[id] = t;
          latestValue[id] = values[from + c]!;
        }
      }
    }
  }

  noteLatest(id: number, t: number, v: number): void {
    const cur = this.latestTs[id]!;
    if (!(t < cur)) {
      this.latestTs[id] = t;
      this.latestValue[id] = v;
    }
  }
}
