// District-heating substation, secondary side. The controller sets the supply temperature from
// outdoor temperature on a linear weather-compensation (heating) curve (EN 12098-1 describes
// such outdoor-temperature compensated controllers): 40 °C at 18 °C outdoor, 60 °C at the
// design outdoor temperature. Heat demand is the degree-hour model Q = Q_design·(18 − T_out)/
// (18 − T_design) plus a domestic-hot-water base load. A valve fault (stuck-open bypass) mixes
// supply water into the return: flow rises, return approaches supply ("low Δt syndrome") while
// the metered heat stays what the building takes.

import { clamp, noise, prop, type AssetContext } from '../context.ts';
import { severityOf } from '../faults.ts';
import { roundTo } from '../models.ts';
import { deltaForHeat, waterHeatRate } from '../water.ts';
import { localHour, outdoorTemperature } from '../weather.ts';

const INDOOR_BALANCE = 18; // °C, heating balance point
const CURVE_LOW = 40; // °C supply at the balance point
const CURVE_HIGH = 60; // °C supply at the design outdoor temperature
const DESIGN_DELTA = 15; // K, secondary Δt at design load (60/45 °C)
const HOT_WATER_SHARE = 0.06;

export function heatStationSample(ctx: AssetContext, t: number): Record<string, number> {
  const design = prop(ctx, 'design_load', 2000);
  const tDesign = prop(ctx, 'design_outdoor_temp', -2);
  const span = INDOOR_BALANCE - tDesign;
  const tOut = outdoorTemperature(ctx.seed, ctx.asset.city, t);
  const bypass = Math.max(0, severityOf(ctx.faults, 'valve-fault', t));

  const heating = Math.max(0, INDOOR_BALANCE - tOut) / span;
  // Morning and evening peaks of domestic hot water draw.
  const h = localHour(t);
  const hotWater = HOT_WATER_SHARE * (1 + 0.5 * Math.cos((2 * Math.PI * (h - 19)) / 12));
  const demand = design * (heating + hotWater);

  const designFlow = (design / (4.186 * DESIGN_DELTA)) * 3.6;
  const buildingFlow =
    designFlow * (0.5 + 0.5 * Math.min(1, heating)) * (1 + 0.01 * noise(ctx, 1, t));
  const supplySet = clamp(CURVE_LOW + (CURVE_HIGH - CURVE_LOW) * heating, CURVE_LOW, 65);
  const sup = roundTo(supplySet + 0.15 * noise(ctx, 2, t), 2);
  const buildingReturn = sup - deltaForHeat(demand, buildingFlow);
  const flow = roundTo(buildingFlow * (1 + bypass), 1);
  const ret = roundTo((buildingReturn + bypass * sup) / (1 + bypass) + 0.05 * noise(ctx, 3, t), 2);

  return {
    supply_temp: sup,
    return_temp: ret,
    flow,
    heat: roundTo(Math.max(0, waterHeatRate(flow, sup - ret)), 1),
    outdoor_temp: roundTo(tOut + 0.2 * noise(ctx, 4, t), 1),
  };
}
