// An asset's status on the fleet overview: alarm when it has an active alarm that is not
// shelved or in maintenance; offline when its newest point is older than three expected
// sampling intervals (at least 5 minutes); otherwise running.
import type { Alarm, Asset, AssetModel } from '../api/types';

export type FleetStatus = 'running' | 'alarm' | 'offline';
export const statuses: FleetStatus[] = ['running', 'alarm', 'offline'];

export function statusOf(
  asset: Asset,
  model: AssetModel | undefined,
  lastTs: number | undefined,
  alarms: Alarm[],
  now: number,
): FleetStatus {
  if (alarms.some((a) => a.asset === asset.id && a.active && !a.suppressedBy)) return 'alarm';
  const interval = Math.max(...(model?.channels ?? []).map((c) => c.expectedIntervalS ?? 60), 60);
  if (lastTs === undefined || now - lastTs > Math.max(3 * interval * 1000, 5 * 60_000))
    return 'offline';
  return 'running';
}
