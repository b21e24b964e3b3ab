// Which resolution a history chart asks for: raw points while the visible span holds few
// enough of them, else the coarsest rollup bucket that still gives ~MAX_POINTS per series.
// The server answers a bucket from its stored 1m/1h/1d rollups (or raw) as fits.
export const MAX_POINTS = 400;
const steps = [
  { ms: 60_000, label: '1m' },
  { ms: 5 * 60_000, label: '5m' },
  { ms: 15 * 60_000, label: '15m' },
  { ms: 3_600_000, label: '1h' },
  { ms: 6 * 3_600_000, label: '6h' },
  { ms: 86_400_000, label: '1d' },
] as const;

export type Bucket = { kind: 'raw' } | { kind: 'rollup'; ms: number; label: string };

/** `intervalMs`: the channel's expected sampling interval (raw points per span). */
export function bucketFor(spanMs: number, intervalMs = 60_000): Bucket {
  if (spanMs / Math.max(intervalMs, 1000) <= MAX_POINTS) return { kind: 'raw' };
  const step = steps.find((s) => spanMs / s.ms <= MAX_POINTS) ?? steps[steps.length - 1]!;
  return { kind: 'rollup', ms: step.ms, label: step.label };
}
