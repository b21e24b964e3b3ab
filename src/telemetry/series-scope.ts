// Keeps each series' customer and model equal to its asset's current ones. Customer scope is
// checked on the series (latest, fleet, live stream), so a value frozen at the series' first
// point would keep showing a moved asset's new data to its old customer (issue #15, finding 2).
// Changes heard in this process apply at once, in memory before the next read; a change made
// by another process is picked up when the asset is next resolved (asset cache expiry). The
// stored copy in telemetry_series is updated too, so a restart starts from the current scope.
import type { Db } from '../storage/index.ts';
import type { SeriesRegistry } from './engine/series-registry.ts';
import { updateSeriesScope } from './engine/store.ts';

export interface AssetScope {
  tenantId: string;
  assetId: string;
  customerId: string | null;
  modelId: string | null;
}

export class SeriesScope {
  /** Stores run one after another, so the last change is the one stored. */
  private stored: Promise<void> = Promise.resolve();

  constructor(
    private readonly registry: SeriesRegistry,
    private readonly db: Db,
  ) {}

  /** Sets the asset's scope on its series; stores it when any series changed. */
  apply(a: AssetScope): void {
    let changed = false;
    for (const s of this.registry.seriesOfAsset(a.tenantId, a.assetId)) {
      if (s.customerId === a.customerId && s.modelId === a.modelId) continue;
      s.customerId = a.customerId;
      s.modelId = a.modelId;
      changed = true;
    }
    if (!changed) return;
    const { tenantId, assetId, customerId, modelId } = a;
    const row = { tenantId, assetId, customerId, modelId };
    this.stored = this.stored
      .then(() => updateSeriesScope(this.db, row))
      .catch((e: unknown) =>
        console.error(`telemetry: storing the scope of asset ${a.assetId} failed`, e),
      );
  }

  /** Resolves once every scope change so far is stored. */
  idle(): Promise<void> {
    return this.stored;
  }
}
