// A bounded LRU of decoded chunks and rollups, keyed by a hash of the stored bytes, so a chunk
// that changes (extended, merged, a value overwritten) can never be served stale. Repeated
// queries over the same recent data (dashboards, fleet views) then skip decoding. Not a result
// cache: every query still reads the rows it needs from the database.
import { decodeChunk, decodeRollup, type Points, type RollupColumns } from '../codec/chunk.ts';

/** FNV-1a over the bytes, with the length, as the cache key. */
function keyOf(kind: string, data: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i]!, 0x01000193);
  return `${kind}${data.length}:${h >>> 0}`;
}

export class DecodeCache {
  private readonly entries = new Map<string, { value: Points | RollupColumns; cost: number }>();
  private used = 0;

  /** `budget` is the total number of decoded numbers kept (8 bytes each). */
  constructor(private readonly budget = 8_000_000) {}

  private get<T extends Points | RollupColumns>(
    kind: string,
    data: Uint8Array,
    decode: (d: Uint8Array) => T,
    width: number,
  ): T {
    const k = keyOf(kind, data);
    const hit = this.entries.get(k);
    if (hit) {
      this.entries.delete(k);
      this.entries.set(k, hit);
      return hit.value as T;
    }
    const value = decode(data);
    const cost = ('ts' in value ? value.ts.length : value.starts.length) * width;
    this.entries.set(k, { value, cost });
    this.used += cost;
    for (const [old, e] of this.entries) {
      if (this.used <= this.budget) break;
      this.entries.delete(old);
      this.used -= e.cost;
    }
    return value;
  }

  chunk(data: Uint8Array): Points {
    return this.get('c', data, decodeChunk, 2);
  }

  rollup(data: Uint8Array): RollupColumns {
    return this.get('r', data, decodeRollup, 7);
  }
}
