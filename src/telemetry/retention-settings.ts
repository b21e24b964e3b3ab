// Retention as people set it: whole days per resolution (raw points, 1m, 1h and 1d rollups),
// null for "keep for ever". Days because data is dropped in whole day windows (retention.ts).
import type { Db } from '../storage/index.ts';
import { RetentionPolicies, type ChannelRule } from './retention.ts';
import type { Resolution } from './types.ts';

export const RESOLUTIONS = ['raw', '1m', '1h', '1d'] as const satisfies readonly Resolution[];
export type RetentionDays = Record<Resolution, number | null>;

const DAY_MS = 86_400_000;

export const toDays = (m: Partial<Record<Resolution, number>>): RetentionDays => ({
  raw: m.raw === undefined ? null : m.raw / DAY_MS,
  '1m': m['1m'] === undefined ? null : m['1m'] / DAY_MS,
  '1h': m['1h'] === undefined ? null : m['1h'] / DAY_MS,
  '1d': m['1d'] === undefined ? null : m['1d'] / DAY_MS,
});

/** A tenant's retention, read from the database (for the CLI, which runs no engine). */
export async function readRetention(db: Db, tenantId: string): Promise<RetentionDays> {
  const p = new RetentionPolicies(db);
  await p.load();
  return toDays(p.get(tenantId));
}

/** Sets the given resolutions (null clears) in `policies`, which writes them through. */
export async function writeRetention(
  policies: RetentionPolicies,
  tenantId: string,
  change: Partial<RetentionDays>,
): Promise<RetentionDays> {
  for (const res of RESOLUTIONS) {
    const days = change[res];
    if (days === undefined) continue;
    await policies.set(tenantId, res, days === null ? null : days * DAY_MS);
  }
  return toDays(policies.get(tenantId));
}

/** A channel's override of one resolution as people set it: days, null for ever, or 'tenant'
 * (no override: the tenant's retention applies). */
export type ChannelDays = number | null | 'tenant';
export interface ChannelRetention {
  channel: string;
  modelId: string | null;
  retention: Record<Resolution, ChannelDays>;
}

const channelDays = (keep: number | null | undefined): ChannelDays =>
  keep === undefined ? 'tenant' : keep === null ? null : keep / DAY_MS;

export const toChannelRetention = (r: ChannelRule): ChannelRetention => ({
  channel: r.channel,
  modelId: r.modelId,
  retention: {
    raw: channelDays(r.keep.raw),
    '1m': channelDays(r.keep['1m']),
    '1h': channelDays(r.keep['1h']),
    '1d': channelDays(r.keep['1d']),
  },
});

/** Sets the given resolutions of a channel's rule (for one model, or null for every model). */
export async function writeChannelRetention(
  policies: RetentionPolicies,
  tenantId: string,
  channel: string,
  modelId: string | null,
  change: Partial<Record<Resolution, ChannelDays>>,
): Promise<ChannelRetention> {
  for (const res of RESOLUTIONS) {
    const days = change[res];
    if (days === undefined) continue;
    const keep = days === 'tenant' ? undefined : days === null ? null : days * DAY_MS;
    await policies.setChannel(tenantId, channel, modelId, res, keep);
  }
  const rule = policies
    .channels(tenantId)
    .find((r) => r.channel === channel && r.modelId === modelId);
  return toChannelRetention(rule ?? { channel, modelId, keep: {} });
}

/** A tenant's channel rules, read from the database (for the CLI). */
export async function readChannelRetention(db: Db, tenantId: string): Promise<ChannelRetention[]> {
  const p = new RetentionPolicies(db);
  await p.load();
  return p.channels(tenantId).map(toChannelRetention);
}
