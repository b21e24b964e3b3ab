// Optional bounded reordering in front of the rule engine, for gateways known to deliver out
// of order within a window (store-and-forward after a link drop). Points are held until the
// watermark (newest timestamp seen − windowMs) passes them and then released in timestamp
// order; points arriving behind the watermark are released at once and the engine drops them
// as late. The price is windowMs of added alarm latency, so it is opt-in.

export interface BufferedPoint {
  asset: number;
  slot: number;
  ts: number;
  value: number;
}

export interface ReorderBuffer {
  push(p: BufferedPoint): void;
  /**
   * Clock-driven release of everything at or before nowMs − windowMs, so that silence (no new
   * points to move the watermark) does not hold the last points back; call it before the
   * engine's tick(nowMs − windowMs), or a held point would look missing to no-data rules.
   */
  advance(nowMs: number): void;
  /** Releases everything still held (end of a replay, shutdown). */
  flush(): void;
  readonly size: number;
}

export function createReorderBuffer(
  windowMs: number,
  release: (p: BufferedPoint) => void,
): ReorderBuffer {
  // Sorted by ts ascending; arrivals are mostly in order, so insertion is near the end.
  const held: BufferedPoint[] = [];
  let newest = -Infinity;
  const drain = (upTo: number) => {
    let n = 0;
    while (n < held.length && held[n]!.ts <= upTo) n++;
    if (n === 0) return;
    for (const p of held.splice(0, n)) release(p);
  };
  return {
    push(p) {
      if (p.ts > newest) newest = p.ts;
      let i = held.length;
      while (i > 0 && held[i - 1]!.ts > p.ts) i--;
      held.splice(i, 0, p);
      drain(newest - windowMs);
    },
    advance(nowMs) {
      drain(nowMs - windowMs);
    },
    flush() {
      drain(Infinity);
    },
    get size() {
      return held.length;
    },
  };
}
