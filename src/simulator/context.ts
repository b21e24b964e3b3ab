// What a kind's physics function sees: the asset, its faults and the keys of its random streams.

import type { Fault } from './faults.ts';
import type { FleetAsset } from './fleet.ts';
import { gaussian, hashString } from './random.ts';

export interface AssetContext {
  seed: number;
  asset: FleetAsset;
  /** Hash of the serial, the asset's part of every random key. */
  key: number;
  /** Process faults of this asset. */
  faults: readonly Fault[];
  intervalMs: number;
  /** Memo of per-block values by stream; pure functions of (stream, block), so caching is safe. */
  blocks: Map<number, Map<number, number>>;
}

export function createAssetContext(
  seed: number,
  asset: FleetAsset,
  faults: readonly Fault[],
  intervalMs: number,
): AssetContext {
  return { seed, asset, key: hashString(asset.serial), faults, intervalMs, blocks: new Map() };
}

const MEMO_LIMIT = 4096;

/**
 * The value of a per-block quantity (a duty-cycle target, a programme step), computed once per
 * block: consecutive samples and lag sums revisit the same blocks many times.
 */
export function perBlock(
  ctx: AssetContext,
  stream: number,
  block: number,
  compute: () => number,
): number {
  let memo = ctx.blocks.get(stream);
  if (!memo) ctx.blocks.set(stream, (memo = new Map()));
  let v = memo.get(block);
  if (v === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    v = compute();
    memo.set(block, v);
  }
  return v;
}

/** Standard-normal measurement noise of one stream at one instant. */
export const noise = (ctx: AssetContext, stream: number, t: number): number =>
  gaussian(ctx.seed, ctx.key, stream, t);

/** A nameplate property, or the fallback when the asset list omits it. */
export const prop = (ctx: AssetContext, key: string, fallback: number): number =>
  ctx.asset.properties[key] ?? fallback;

export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
