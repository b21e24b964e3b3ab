// How long the broker held each QoS 1 telemetry PUBLISH: from the packet parsed off its socket
// to its PUBACK written (issue 21's target is p99 ≤ 100 ms at 10,000 devices). A client's own
// figure adds what the server cannot see (the kernel's buffers, its own event loop, and time
// the bytes waited unread while the server's loop was busy), so the two together attribute a
// slow acknowledgement. Fixed buckets, one array increment a message: cheap at 10,000/s.

/** Upper bounds of the buckets in ms (Prometheus `le`); the last bucket is +Inf. */
export const ACK_BUCKETS_MS = [
  1, 2.5, 5, 10, 25, 50, 75, 100, 150, 250, 500, 750, 1_000, 2_500, 5_000, 10_000, 30_000,
] as const;

export interface AckLatencySnapshot {
  /** Upper bounds in ms, as ACK_BUCKETS_MS. */
  bucketsMs: readonly number[];
  /** Cumulative counts: counts[i] acknowledgements took ≤ bucketsMs[i]; one more for +Inf. */
  cumulative: number[];
  sumMs: number;
  count: number;
}

export class AckLatency {
  private readonly counts = new Float64Array(ACK_BUCKETS_MS.length + 1);
  private sumMs = 0;

  observe(ms: number): void {
    let i = 0;
    while (i < ACK_BUCKETS_MS.length && ms > ACK_BUCKETS_MS[i]!) i++;
    this.counts[i]!++;
    this.sumMs += ms;
  }

  snapshot(): AckLatencySnapshot {
    const cumulative: number[] = [];
    let n = 0;
    for (const c of this.counts) cumulative.push((n += c));
    return { bucketsMs: ACK_BUCKETS_MS, cumulative, sumMs: this.sumMs, count: n };
  }
}
