// Water-cooled chiller. Cooling demand follows outdoor temperature and working hours; the
// chiller meets it up to its available capacity. Efficiency is a fraction of the Carnot COP
// between evaporating and condensing temperature (Gordon & Ng, "Cool Thermodynamics", 2000,
// ch. 3: real chillers reach 50–65 % of the reversed-Carnot COP at full load), reduced at part
// load. Faults act where they do in a real machine:
//  - condenser fouling raises the condensing approach → higher lift → lower COP;
//  - refrigerant leak starves the evaporator → lower evaporating temperature (lower COP) and less
//    capacity, so at high demand the supply temperature rises above set point.
// Reported load is recomputed from the reported (rounded) flow and temperatures, exactly as a
// BMS computes it, so cooling_load = flow·ρ·c_p·(return − supply) and cop = load / power hold.

import { clamp, HOUR, noise, prop, type AssetContext } from '../context.ts';
import { severityOf } from '../faults.ts';
import { roundTo } from '../models.ts';
import { smoothNoise } from '../random.ts';
import { deltaForHeat, waterHeatRate } from '../water.ts';
import { localHour, localWeekday, outdoorTemperature } from '../weather.ts';

const KELVIN = 273.15;
const CARNOT_FRACTION = 0.65;
const EVAP_APPROACH = 1.5; // K, chilled-water supply minus evaporating temperature
const COND_APPROACH = 1.5; // K, condensing minus leaving condenser water
const CONDENSER_RANGE = 5; // K, condenser water temperature rise
const TOWER_APPROACH = 4; // K, tower leaving water minus wet bulb
const MIN_CONDENSER_WATER = 18; // °C, tower fans cycle to hold at least this
// K of evaporating-temperature drop per unit charge lost. Undercharge of 20–40 % costs vapour-
// compression systems roughly 5–20 % of COP (Kim & Braun, "Evaluation of the impacts of
// refrigerant charge on air conditioner and heat pump performance", Int. J. Refrig. 35, 2012).
const LEAK_EVAP_DROP = 7;

/** Wet-bulb estimate for the humid lower-Yangtze climate (≈6 K depression at 34 °C dry bulb). */
const wetBulb = (tOut: number): number => tOut - 2 - 0.12 * Math.max(tOut, 0);

function demandFraction(ctx: AssetContext, t: number, tOut: number): number {
  const h = localHour(t);
  const wd = localWeekday(t);
  const occupied = wd >= 1 && wd <= 6 && h >= 8 && h < 20 ? 1 : 0;
  const weather = clamp((tOut - 10) / 24, 0, 1);
  const wander = 0.05 * smoothNoise(2 * HOUR, t, ctx.seed, ctx.key, 11);
  return clamp(0.25 + 0.5 * weather * (0.6 + 0.4 * occupied) + wander, 0.15, 1);
}

/** Part-load efficiency factor: best near full load, as in typical centrifugal IPLV curves. */
const partLoadFactor = (plr: number): number => 1 - 0.5 * (1 - clamp(plr, 0.1, 1)) ** 2;

export function chillerSample(ctx: AssetContext, t: number): Record<string, number> {
  const capacity = prop(ctx, 'rated_capacity', 1055);
  const designFlow = prop(ctx, 'design_flow', 181.5);
  const setpoint = prop(ctx, 'chw_setpoint', 7);
  const tOut = outdoorTemperature(ctx.seed, ctx.asset.city, t);
  const leak = clamp(severityOf(ctx.faults, 'refrigerant-leak', t), 0, 0.9);
  const fouling = Math.max(0, severityOf(ctx.faults, 'fouling', t));

  const demand = capacity * demandFraction(ctx, t, tOut);
  const available = capacity * (1 - 0.8 * leak);
  const delivered = Math.min(demand, available);

  const flow = roundTo(designFlow * (1 + 0.01 * noise(ctx, 1, t)), 1);
  const ret = roundTo(setpoint + deltaForHeat(demand, flow) + 0.03 * noise(ctx, 2, t), 2);
  const sup = roundTo(ret - deltaForHeat(delivered, flow) + 0.03 * noise(ctx, 3, t), 2);
  const load = roundTo(Math.max(0, waterHeatRate(flow, ret - sup)), 1);

  const tEvap = sup - EVAP_APPROACH - LEAK_EVAP_DROP * leak;
  const tCondWater = Math.max(MIN_CONDENSER_WATER, wetBulb(tOut) + TOWER_APPROACH);
  const tCond = tCondWater + CONDENSER_RANGE + COND_APPROACH + fouling;
  const carnot = (tEvap + KELVIN) / (tCond - tEvap);
  const copTrue = CARNOT_FRACTION * partLoadFactor(load / capacity) * carnot;
  const power = roundTo(Math.max(1, (load / copTrue) * (1 + 0.01 * noise(ctx, 4, t))), 1);

  return {
    chw_supply_temp: sup,
    chw_return_temp: ret,
    chw_flow: flow,
    compressor_power: power,
    cooling_load: load,
    cop: roundTo(load / power, 3),
  };
}
