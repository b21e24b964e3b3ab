// Operation analysis of one asset: time in running / idle / fault / offline from a series of
// state samples, and availability. A sample's state holds until the next sample, but at most
// `maxGapMs`: beyond that the asset is offline (we do not know what it did), as is any time
// before the first sample.
// Availability = (running + idle) / (running + idle + fault): the share of known time the
// asset was able to run (IEC 60050-192-02-07 "availability" restricted to observed time);
// `availabilityOfPeriod` also counts offline time as unavailable.
export type OperatingState = 'running' | 'idle' | 'fault' | 'offline';

export interface StateSample {
  ts: number;
  state: OperatingState;
}

export interface OperationSummary {
  ms: Record<OperatingState, number>;
  availability: number;
  availabilityOfPeriod: number;
}

export function operationSummary(
  samples: readonly StateSample[],
  opts: { from: number; to: number; maxGapMs: number },
): OperationSummary {
  const { from, to, maxGapMs } = opts;
  if (!(to > from)) throw new RangeError('operationSummary: `to` must be after `from`');
  const ms: Record<OperatingState, number> = { running: 0, idle: 0, fault: 0, offline: 0 };
  const sorted = [...samples].sort((a, b) => a.ts - b.ts);
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i]!;
    const next = sorted[i + 1]?.ts ?? to;
    // Clip the sample's validity [ts, min(next, ts + maxGap)) to the period.
    const start = Math.max(s.ts, from);
    const end = Math.min(next, s.ts + maxGapMs, to);
    if (end > start) ms[s.state] += end - start;
  }
  const known = ms.running + ms.idle + ms.fault + ms.offline;
  ms.offline += to - from - known;
  const up = ms.running + ms.idle;
  const observed = up + ms.fault;
  return {
    ms,
    availability: observed === 0 ? NaN : up / observed,
    availabilityOfPeriod: up / (to - from),
  };
}
