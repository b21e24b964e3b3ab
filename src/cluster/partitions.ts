// Partitioning of the ingest log: a fixed number of partitions, each a subject of the ingest
// stream and the unit of ownership (one node at a time, leases.ts). A point's partition is a
// hash of its tenant and asset, so one asset's points stay in order on one subject and a
// device's batch mostly lands in one partition. Pure: no I/O.
import type { SinkPoint } from '../telemetry/index.ts';

/** Fixed for the life of a stream: changing it would move assets between partitions. */
export const PARTITIONS = 16;

/** FNV-1a (32 bit) of tenant and asset, modulo the partition count. */
export function partitionOf(tenantId: string, assetId: string, partitions = PARTITIONS): number {
  let h = 0x811c9dc5;
  const key = `${tenantId}\u0000${assetId}`;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % partitions;
}

/** The stream subject of a partition: `ronghe.ingest.<n>`. */
export const subjectOf = (partition: number) => `ronghe.ingest.${partition}`;

/** The most partitions one of `members` live nodes should own (every partition owned). */
export function fairShare(members: number, partitions = PARTITIONS): number {
  return Math.ceil(partitions / Math.max(1, members));
}

/** The points of one batch by partition, each keeping its input order. */
export function splitByPartition(
  tenantId: string,
  points: readonly SinkPoint[],
): Map<number, SinkPoint[]> {
  const out = new Map<number, SinkPoint[]>();
  let lastAsset: string | undefined;
  let lastPart = 0;
  for (const p of points) {
    if (p.assetId !== lastAsset) {
      lastAsset = p.assetId;
      lastPart = partitionOf(tenantId, p.assetId);
    }
    let list = out.get(lastPart);
    if (!list) out.set(lastPart, (list = []));
    list.push(p);
  }
  return out;
}
