// Asset changes announced in this process, so that what other contexts keep in memory about an
// asset (telemetry's series scope, monitoring's topology) follows the asset the moment it
// changes, rather than the value it had when first seen. Listeners are per database: every
// write through this context's functions on that database announces, whoever calls them (API,
// CSV import, demo seed). Another process writing the same database is not heard here; readers
// keep a short re-check (telemetry re-resolves an asset after its cache entry expires).
import type { Db } from '../storage/index.ts';

export interface AssetChange {
  tenantId: string;
  assetId: string;
  /** The asset's customer and model now; both null when it was deleted. */
  customerId: string | null;
  modelId: string | null;
  kind: 'created' | 'updated' | 'deleted';
}

export type AssetChangeListener = (change: AssetChange) => void;

const listeners = new WeakMap<Db, Set<AssetChangeListener>>();

/** Calls `listener` after each committed asset change on `db`; returns the unsubscribe. */
export function watchAssetChanges(db: Db, listener: AssetChangeListener): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

/** Announces a committed change; a failing listener never fails the write that announced it. */
export function announceAssetChange(db: Db, change: AssetChange): void {
  for (const l of listeners.get(db) ?? []) {
    try {
      l(change);
    } catch (e) {
      console.error('asset change listener failed', e);
    }
  }
}
