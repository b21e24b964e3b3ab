// Sewing line: two shifts Monday–Saturday (08:00–12:00, 13:00–17:00 local) and overtime
// 17:30–20:00 on some days. Within a shift, 5-minute blocks are occasionally idle (waiting for
// cut bundles) or stopped by a machine fault; cycle time drifts up with fatigue through a shift
// (the relaxation allowance of work measurement, ILO "Introduction to Work Study", 4th ed.).
// Pieces per sample are cycle-time throughput with unbiased stochastic rounding.

import { HOUR, MINUTE, noise, prop, type AssetContext } from '../context.ts';
import { severityOf } from '../faults.ts';
import { roundTo } from '../models.ts';
import { uniform } from '../random.ts';
import { localHour, localWeekday } from '../weather.ts';

const DAY = 24 * HOUR;
const BLOCK = 5 * MINUTE;
export const IDLE = 0;
export const RUNNING = 1;
export const FAULT = 2;

/** Hours since the current shift started, or undefined outside shifts. */
function shiftHours(ctx: AssetContext, t: number): number | undefined {
  const wd = localWeekday(t);
  if (wd === 0) return undefined;
  const h = localHour(t);
  if (h >= 8 && h < 12) return h - 8;
  if (h >= 13 && h < 17) return h - 13;
  const day = Math.floor((t + 8 * HOUR) / DAY);
  if (h >= 17.5 && h < 20 && uniform(ctx.seed, ctx.key, 41, day) < 0.4) return h - 17.5;
  return undefined;
}

export function garmentLineSample(ctx: AssetContext, t: number): Record<string, number> {
  const standard = prop(ctx, 'standard_cycle', 13);
  const hours = shiftHours(ctx, t);
  if (hours === undefined) return { pieces: 0, state: IDLE };
  if (severityOf(ctx.faults, 'line-stoppage', t) > 0) return { pieces: 0, state: FAULT };
  const u = uniform(ctx.seed, ctx.key, 42, Math.floor(t / BLOCK));
  if (u < 0.03) return { pieces: 0, state: FAULT };
  if (u < 0.1) return { pieces: 0, state: IDLE };

  const fatigue = Math.min(hours, 4) / 4;
  const cycle = standard * (1 + 0.06 * fatigue + 0.03 * noise(ctx, 1, t));
  const expected = ctx.intervalMs / 1000 / cycle;
  const pieces = Math.floor(expected + uniform(ctx.seed, ctx.key, 43, t));
  return { pieces, cycle_time: roundTo(cycle, 1), state: RUNNING };
}
