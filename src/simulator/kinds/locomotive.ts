// Electric freight locomotive on a duty cycle of 10-minute blocks: each block either dwells at a
// station or runs at a target speed on a grade; the depot stop is 00:30–05:00 local. Speed ramps
// at 0.3 m/s² between targets. Traction power per block follows running resistance (Davis form,
// linear + quadratic in speed) times a grade factor; motor and axle-box temperatures are first-
// order lags of power and speed above ambient. Bearing wear adds friction heat in proportion to
// running speed and multiplies vibration (ISO 10816-style velocity RMS grows with defect size).

import { clamp, MINUTE, noise, perBlock, prop, type AssetContext } from '../context.ts';
import { severityOf } from '../faults.ts';
import { roundTo } from '../models.ts';
import { uniform } from '../random.ts';
import { laggedResponse } from '../thermal.ts';
import { localHour, outdoorTemperature } from '../weather.ts';

const BLOCK = 10 * MINUTE;
const ACCEL_KMH_PER_S = 1.08; // 0.3 m/s²
const MOTOR_TAU = 25 * MINUTE;
const BEARING_TAU = 45 * MINUTE;
const MOTOR_RISE = 80; // K above ambient at rated power
const BEARING_RISE = 28; // K above ambient at maximum speed, healthy

function targetSpeed(ctx: AssetContext, k: number, vMax: number): number {
  return perBlock(ctx, 21, k, () => computeTargetSpeed(ctx, k, vMax));
}

function computeTargetSpeed(ctx: AssetContext, k: number, vMax: number): number {
  const h = localHour(k * BLOCK);
  if (h >= 0.3 && h < 5) return 0; // in the depot by 00:30, out at 05:00
  if (uniform(ctx.seed, ctx.key, 21, k) < 0.2) return 0;
  return vMax * (0.33 + 0.62 * uniform(ctx.seed, ctx.key, 22, k));
}

function tractionLevel(ctx: AssetContext, k: number, vMax: number): number {
  return perBlock(ctx, 23, k, () => computeTractionLevel(ctx, k, vMax));
}

function computeTractionLevel(ctx: AssetContext, k: number, vMax: number): number {
  const v = targetSpeed(ctx, k, vMax) / vMax;
  const grade = 0.8 + 0.5 * uniform(ctx.seed, ctx.key, 23, k);
  return (0.5 * v + 0.5 * v * v) * grade;
}

function speedAt(ctx: AssetContext, t: number, vMax: number): number {
  const k = Math.floor(t / BLOCK);
  const v0 = targetSpeed(ctx, k - 1, vMax);
  const v1 = targetSpeed(ctx, k, vMax);
  const elapsedS = (t - k * BLOCK) / 1000;
  const change = Math.min(Math.abs(v1 - v0), ACCEL_KMH_PER_S * elapsedS);
  return v0 + Math.sign(v1 - v0) * change;
}

export function locomotiveSample(ctx: AssetContext, t: number): Record<string, number> {
  const vMax = prop(ctx, 'max_speed', 120);
  const tOut = outdoorTemperature(ctx.seed, ctx.asset.city, t);
  const wear = Math.max(0, severityOf(ctx.faults, 'bearing-wear', t));
  const vTrue = speedAt(ctx, t, vMax);
  const moving = vTrue > 0.5;
  const speed = moving ? clamp(vTrue + 0.4 * noise(ctx, 1, t), 0, vMax * 1.05) : 0;

  const power = laggedResponse(t, BLOCK, MOTOR_TAU, (k) => tractionLevel(ctx, k, vMax));
  const rotation = laggedResponse(t, BLOCK, BEARING_TAU, (k) => targetSpeed(ctx, k, vMax) / vMax);
  const motor = tOut + MOTOR_RISE * power + 0.3 * noise(ctx, 2, t);
  const bearing = tOut + (BEARING_RISE + 30 * wear) * rotation + 0.2 * noise(ctx, 3, t);
  const base = moving ? 0.6 + 2.0 * (vTrue / vMax) : 0.15;
  const vib = base * (1 + 3 * wear) * (1 + 0.05 * noise(ctx, 4, t));

  return {
    speed: roundTo(speed, 1),
    traction_motor_temp: roundTo(motor, 1),
    axle_bearing_temp: roundTo(bearing, 1),
    vibration_rms: roundTo(Math.max(0.01, vib), 2),
  };
}
