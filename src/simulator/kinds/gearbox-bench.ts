// Gearbox endurance bench: a repeating two-hour programme of eight 15-minute steps (a stop for
// inspection, then speed/torque steps up to rated and back), as in load-spectrum endurance
// testing; the bench stops for maintenance on Sunday mornings. Oil temperature is a first-order
// lag of transmitted power (losses ∝ power) above the hall temperature; vibration velocity RMS
// rises with speed and load, and bearing wear multiplies it and adds friction heat.

import { MINUTE, noise, prop, type AssetContext } from '../context.ts';
import { severityOf } from '../faults.ts';
import { roundTo } from '../models.ts';
import { laggedResponse } from '../thermal.ts';
import { dayOfYear, localHour, localWeekday } from '../weather.ts';

const STEP = 15 * MINUTE;
const RAMP_MS = MINUTE;
const SPEED_STEPS = [0, 0.33, 0.55, 0.83, 1, 0.83, 0.55, 0.33] as const;
const TORQUE_STEPS = [0, 0.4, 0.6, 0.8, 1, 0.8, 0.6, 0.4] as const;
const OIL_TAU = 20 * MINUTE;
const OIL_RISE = 50; // K above hall temperature at rated power

function inMaintenance(t: number): boolean {
  const h = localHour(t);
  return localWeekday(t) === 0 && h >= 8 && h < 12;
}

/** Programme step k; each bench starts its programme at its own phase. */
function stepFractions(ctx: AssetContext, k: number): { speed: number; torque: number } {
  if (inMaintenance(k * STEP)) return { speed: 0, torque: 0 };
  const n = SPEED_STEPS.length;
  const i = (((k + ctx.key) % n) + n) % n;
  return { speed: SPEED_STEPS[i]!, torque: TORQUE_STEPS[i]! };
}

/** Ramps from the previous step's value to this step's over the first minute. */
function ramped(t: number, pick: (k: number) => number): number {
  const k = Math.floor(t / STEP);
  const a = pick(k - 1);
  const b = pick(k);
  const f = Math.min(1, (t - k * STEP) / RAMP_MS);
  return a + (b - a) * f;
}

export function gearboxBenchSample(ctx: AssetContext, t: number): Record<string, number> {
  const ratedTorque = prop(ctx, 'rated_torque', 2000);
  const ratedSpeed = prop(ctx, 'rated_speed', 1800);
  const wear = Math.max(0, severityOf(ctx.faults, 'bearing-wear', t));
  const sf = ramped(t, (k) => stepFractions(ctx, k).speed);
  const tf = ramped(t, (k) => stepFractions(ctx, k).torque);
  const running = sf > 0.01;

  // The test hall is heated in winter and warm in summer: 19–27 °C over the year.
  const hall = 23 + 4 * Math.cos((2 * Math.PI * (dayOfYear(t) - 205)) / 365.2425);
  const power = laggedResponse(t, STEP, OIL_TAU, (k) => {
    const s = stepFractions(ctx, k);
    return s.speed * s.torque;
  });
  const spin = laggedResponse(t, STEP, OIL_TAU, (k) => stepFractions(ctx, k).speed);
  const oil = hall + OIL_RISE * power + 10 * wear * spin + 0.2 * noise(ctx, 1, t);
  const vib = running
    ? (0.4 + 1.6 * sf * (0.7 + 0.3 * tf)) * (1 + 3 * wear) * (1 + 0.04 * noise(ctx, 2, t))
    : 0.1 + 0.02 * Math.abs(noise(ctx, 2, t));

  return {
    vibration_rms: roundTo(vib, 2),
    oil_temp: roundTo(oil, 1),
    torque: roundTo(running ? Math.max(0, ratedTorque * tf * (1 + 0.01 * noise(ctx, 3, t))) : 0, 0),
    speed: roundTo(running ? Math.max(0, ratedSpeed * sf + 2 * noise(ctx, 4, t)) : 0, 0),
  };
}
