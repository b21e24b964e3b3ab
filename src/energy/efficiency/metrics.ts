// Efficiency indicators of plants and assets (pure). Definitions:
// - Chiller COP = cooling delivered / electric input (GB 19577-2015 §3; AHRI 550/590 "COP_R").
// - kW per ton of refrigeration = electric kW / (cooling kW / 3.517); 1 RT = 12 000 Btu/h =
//   3.517 kW (ASHRAE Handbook—Fundamentals, units conversion). Lower is better.
// - Boiler efficiency by the direct (input–output) method of GB/T 10180-2017 §5 / ASME PTC 4:
//   heat output / (fuel used × lower heating value).
// - Specific energy consumption: energy per unit produced (ISO 50006 EnPI "ratio" indicator).
import type { Brand, Kilowatts } from '../../kernel/index.ts';
import { invalid, kilowatts } from '../../kernel/index.ts';

export type RefrigerationTons = Brand<number, 'RefrigerationTons'>;
/** 1 RT = 3.517 kW (12 000 Btu/h). */
export const KW_PER_RT = 3.517;
export const kilowattsToRefrigerationTons = (k: Kilowatts): RefrigerationTons =>
  (k / KW_PER_RT) as RefrigerationTons;

/** Water: ρ·c_p ≈ 1000 kg/m³ × 4.186 kJ/(kg·K) = 1.163 kWh/(m³·K). */
export const WATER_KWH_PER_M3K = 1.163;

/** Thermal power carried by a water flow (m³/h) across a temperature difference (K). */
export const waterThermalPower = (flowM3h: number, deltaK: number): Kilowatts =>
  kilowatts(WATER_KWH_PER_M3K * flowM3h * deltaK);

const positive = (field: string, x: number) => {
  if (!(Number.isFinite(x) && x > 0))
    throw invalid(field, { en: 'must be a positive number', 'zh-CN': '必须是正数' });
  return x;
};

export function chillerCop(cooling: Kilowatts, electric: Kilowatts): number {
  return positive('cooling', cooling) / positive('electric', electric);
}

export function kwPerTon(electric: Kilowatts, cooling: Kilowatts): number {
  return (
    positive('electric', electric) /
    kilowattsToRefrigerationTons(kilowatts(positive('cooling', cooling)))
  );
}

/** Boiler efficiency 0–1: heat out (kWh) / (fuel × LHV in kWh per fuel unit). */
export function boilerEfficiency(heatOutKwh: number, fuel: number, lhvKwhPerUnit: number): number {
  return (
    positive('heatOut', heatOutKwh) / (positive('fuel', fuel) * positive('lhv', lhvKwhPerUnit))
  );
}

export function specificEnergy(energyKwh: number, unitsProduced: number): number {
  return positive('energy', energyKwh) / positive('unitsProduced', unitsProduced);
}

export interface BenchmarkEntry {
  id: string;
  value: number;
}

export interface BenchmarkRow extends BenchmarkEntry {
  rank: number;
  /** Share of the peers this entry is at least as good as, 0–1. */
  percentile: number;
  /** Relative gap to the best entry (0 for the best). */
  gapToBest: number;
}

/** Ranks peers (a customer's sites or a model's installed base); NaN values are left out. */
export function benchmark(entries: readonly BenchmarkEntry[], higherIsBetter: boolean) {
  const valid = entries.filter((e) => Number.isFinite(e.value));
  const sorted = [...valid].sort((a, b) =>
    higherIsBetter ? b.value - a.value : a.value - b.value,
  );
  const best = sorted[0]?.value ?? Number.NaN;
  const values = sorted.map((e) => e.value).sort((a, b) => a - b);
  const median =
    values.length === 0
      ? Number.NaN
      : values.length % 2
        ? values[(values.length - 1) / 2]!
        : (values[values.length / 2 - 1]! + values[values.length / 2]!) / 2;
  const rows: BenchmarkRow[] = sorted.map((e, i) => ({
    ...e,
    rank: i + 1,
    percentile: sorted.length > 1 ? (sorted.length - 1 - i) / (sorted.length - 1) : 1,
    gapToBest: best !== 0 ? Math.abs(e.value - best) / Math.abs(best) : 0,
  }));
  return { rows, median, best, count: rows.length, missing: entries.length - valid.length };
}

export interface ConsumptionAnomaly {
  dayMs: number;
  observed: number;
  predicted: number;
  excess: number;
  excessFraction: number;
}

/**
 * Days whose use exceeds the baseline model's prediction by more than `minFraction` of it and by
 * more than `z` model standard errors (CV(RMSE) × prediction): a saving eroding, or a fault.
 */
export function consumptionAnomalies(
  days: ReadonlyArray<{ dayMs: number; observed: number; predicted: number }>,
  cvrmse: number,
  opts: { minFraction?: number; z?: number } = {},
): ConsumptionAnomaly[] {
  const minFraction = opts.minFraction ?? 0.15;
  const z = opts.z ?? 2;
  const out: ConsumptionAnomaly[] = [];
  for (const d of days) {
    if (!Number.isFinite(d.observed) || !Number.isFinite(d.predicted) || d.predicted <= 0) continue;
    const excess = d.observed - d.predicted;
    const excessFraction = excess / d.predicted;
    if (excessFraction > minFraction && excess > z * cvrmse * d.predicted)
      out.push({ ...d, excess, excessFraction });
  }
  return out;
}
