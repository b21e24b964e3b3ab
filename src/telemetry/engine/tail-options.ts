// The recent tail's limits (tail-store.ts holds the tail, tail.ts answers queries from it).

export interface TailOptions {
  /** Time kept behind each series' newest point. */
  spanMs: number;
  /** Points kept over all series (16 bytes each, plus up to 2× for buffer growth). */
  budget: number;
  /** Finished hours kept per series. */
  hours: number;
  /**
   * Only ranges starting at most this long before now are served from the tail. Retention drops
   * whole days ending before now − keep: with keep ≥ this no dropped point is served from memory.
   */
  maxAgeMs: number;
}

export const HOUR = 3_600_000;
/**
 * Raw points are kept for at most budget / MIN_SHARE series. A buffer costs about 300 bytes
 * whatever it holds (its ArrayBuffer and Float64Array objects, the allocation behind them, room
 * for 16 points): at a million series the 2 M-point budget gave each 1–2 points, yet the heap
 * snapshot of 200,000 series held 122 MiB of buffers and 44 MiB of their objects, 0.9 KiB a
 * series (issue 21). A series past the cap is covered from after its newest point, as if
 * swept: reads of it take the chunk path, as they would for a share of one point.
 */
export const MIN_SHARE = 8;

export const defaultTailOptions: TailOptions = {
  spanMs: 2 * HOUR,
  budget: 2_000_000,
  hours: 48,
  maxAgeMs: 2 * 86_400_000,
};
