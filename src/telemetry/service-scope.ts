// The ingest scope (who writes, through what) and the counters of TelemetryService, apart from
// the service itself (service.ts).

/** Who is asking: the tenant, the customers they may see (null = all), a device's own asset. */
export interface Scope {
  tenantId: string;
  customerIds: string[] | null;
  deviceAssetId?: string;
  /** The device whose token writes, for its last-seen time. */
  deviceId?: string;
  /** The edge the points came through, for the ingest counters (default 'internal'). */
  transport?: 'http' | 'mqtt';
  /** The live feed (rules, SSE) may run after the write is acknowledged, in a later turn of
   * the loop (MQTT: the PUBACKs of a group go out before its rules run; LiveHub.publishLater). */
  liveAfterAck?: boolean;
  /**
   * Values the platform computed from points it had just stored (monitoring's derived channels
   * written back): not a sign of life of the asset, whose last-seen time its own points already
   * set, so they note none. Noting it again cost a set of the batch's assets and a map update
   * per asset on every write-back (issue 21).
   */
  computed?: boolean;
}

/** A batch made of several principals' parts (ingestJsonParts): whose rows are whose. */
export interface PartsOfBatch {
  onlyAssetIdOf: (row: number) => string | undefined;
  /** The device whose token wrote row i (its gateway grants), if a device's. */
  deviceIdOf: (row: number) => string | undefined;
  /** Rows are kept whole (not partial), so row i of the validated batch is input row i. */
  stored: (rowAssets: readonly { assetId: string }[], now: number) => void;
}

/** Points accepted and refused since start, by "<transport>/<format>" (e.g. "mqtt/json"). */
export interface IngestCounters {
  acceptedPoints: Map<string, number>;
  rejectedPoints: Map<string, number>;
  /** Refused batches, including those too malformed to count their points. */
  rejectedBatches: Map<string, number>;
  /** String fields skipped in line protocol (channels are numeric; LineMapping.strings). */
  droppedStringFields: Map<string, number>;
}
