// Series identity: (tenant, asset, channel) → integer id, held in memory (a few hundred bytes
// per series) and persisted in telemetry_series. Ids are allocated here, so one process
// compacts a database at a time. Also holds the latest value of every series (query q1).
import type { SeriesRef } from '../types.ts';

const key = (tenantId: string, assetId: string, channel: string) =>
  `${tenantId}\u0000${assetId}\u0000${channel}`;

export class SeriesRegistry {
  private readonly byKey = new Map<string, SeriesRef>();
  private readonly byId = new Map<number, SeriesRef>();
  private readonly byTenant = new Map<string, SeriesRef[]>();
  private nextId = 1;
  /** Latest point per series id: time and value. */
  readonly latestTs = new Map<number, number>();
  readonly latestValue = new Map<number, number>();

  add(s: SeriesRef): void {
    this.byKey.set(key(s.tenantId, s.assetId, s.channel), s);
    this.byId.set(s.id, s);
    let list = this.byTenant.get(s.tenantId);
    if (!list) this.byTenant.set(s.tenantId, (list = []));
    list.push(s);
    if (s.id >= this.nextId) this.nextId = s.id + 1;
  }

  /** Removes series that were allocated but never committed (a failed ingest transaction). */
  remove(ids: SeriesRef[]): void {
    for (const s of ids) {
      this.byKey.delete(key(s.tenantId, s.assetId, s.channel));
      this.byId.delete(s.id);
      const list = this.byTenant.get(s.tenantId);
      if (list)
        this.byTenant.set(
          s.tenantId,
          list.filter((x) => x.id !== s.id),
        );
    }
  }

  get(tenantId: string, assetId: string, channel: string): SeriesRef | undefined {
    return this.byKey.get(key(tenantId, assetId, channel));
  }

  byIdOf(id: number): SeriesRef | undefined {
    return this.byId.get(id);
  }

  allocate(s: Omit<SeriesRef, 'id'>): SeriesRef {
    const ref = { ...s, id: this.nextId++ };
    this.add(ref);
    return ref;
  }

  ofTenantCount(): number {
    return this.byId.size;
  }

  ofTenant(tenantId: string): SeriesRef[] {
    return this.byTenant.get(tenantId) ?? [];
  }

  noteLatest(id: number, t: number, v: number): void {
    const cur = this.latestTs.get(id);
    if (cur === undefined || t >= cur) {
      this.latestTs.set(id, t);
      this.latestValue.set(id, v);
    }
  }
}
