// Hourly rows for the health index: the hourly rollup means of each channel of one asset, joined
// on the bucket start so that a row holds simultaneous values of every channel. Hours where a
// channel has no data are dropped rather than filled, so the baseline sees only measured values.
import type { Scope, TelemetryService } from '../../telemetry/index.ts';

export const HOUR_MS = 3_600_000;

export interface HourlyRow {
  /** Start of the hour, epoch ms. */
  t: number;
  values: number[];
}

export async function hourlyRows(
  telemetry: TelemetryService,
  scope: Scope,
  assetId: string,
  channels: readonly string[],
  from: number,
  to: number,
): Promise<HourlyRow[]> {
  const perChannel: Map<number, number>[] = [];
  for (const channel of channels) {
    const r = await telemetry.queries.rollup(scope, {
      asset: assetId,
      channel,
      from,
      to,
      bucketMs: HOUR_MS,
    });
    perChannel.push(new Map(r.buckets.map((b) => [b.start, b.mean])));
  }
  const first = perChannel[0];
  if (!first) return [];
  const rows: HourlyRow[] = [];
  for (const t of [...first.keys()].sort((a, b) => a - b)) {
    const values = perChannel.map((m) => m.get(t));
    if (values.every((v): v is number => v !== undefined && Number.isFinite(v)))
      rows.push({ t, values });
  }
  return rows;
}
