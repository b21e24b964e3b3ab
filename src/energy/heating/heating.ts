// Heating-cloud indicators of heat exchange stations (pure). Heat intensity per heated area in
// W/m² is the design and assessment quantity of JGJ 26-2018 / CJJ 34-2010 (城镇供热管网设计规范);
// the weather-compensation curve (气候补偿) sets the secondary supply temperature from the outdoor
// temperature (GB 50736-2012 §8.11.14 requires it for heat stations), piecewise linear between
// agreed points and flat beyond the end points.
import type { Celsius, Kilowatts } from '../../kernel/index.ts';
import { celsius, invalid } from '../../kernel/index.ts';

export interface CurvePoint {
  outdoorC: number;
  supplyC: number;
}

/** A curve needs ≥ 2 points, strictly rising outdoor temperatures and a non-rising supply. */
export function checkCurve(points: readonly CurvePoint[], field = 'curve'): CurvePoint[] {
  if (points.length < 2)
    throw invalid(field, { en: 'needs at least two points', 'zh-CN': '至少需要两个点' });
  const sorted = [...points].sort((a, b) => a.outdoorC - b.outdoorC);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.outdoorC === sorted[i - 1]!.outdoorC)
      throw invalid(`${field}`, {
        en: `outdoor temperature ${sorted[i]!.outdoorC} °C appears twice`,
        'zh-CN': `室外温度 ${sorted[i]!.outdoorC} °C 出现了两次`,
      });
    if (sorted[i]!.supplyC > sorted[i - 1]!.supplyC)
      throw invalid(`${field}`, {
        en: 'supply temperature must not rise as it gets warmer outside',
        'zh-CN': '供水温度不应随室外变暖而升高',
      });
  }
  return sorted;
}

/** Target supply temperature at an outdoor temperature (curve sorted by checkCurve). */
export function targetSupply(curve: readonly CurvePoint[], outdoor: Celsius): Celsius {
  const first = curve[0]!;
  const last = curve[curve.length - 1]!;
  if (outdoor <= first.outdoorC) return celsius(first.supplyC);
  if (outdoor >= last.outdoorC) return celsius(last.supplyC);
  for (let i = 1; i < curve.length; i++) {
    const b = curve[i]!;
    if (outdoor <= b.outdoorC) {
      const a = curve[i - 1]!;
      return celsius(
        a.supplyC + ((outdoor - a.outdoorC) * (b.supplyC - a.supplyC)) / (b.outdoorC - a.outdoorC),
      );
    }
  }
  return celsius(last.supplyC);
}

export interface CurveDeviation {
  samples: number;
  /** Mean of actual − target supply, K (positive: overheating). */
  meanK: number;
  meanAbsK: number;
  maxAbsK: number;
  /** Share of samples within ± tolerance. */
  withinTolerance: number;
}

export function curveDeviation(
  curve: readonly CurvePoint[],
  samples: ReadonlyArray<{ outdoor: Celsius; supply: Celsius }>,
  toleranceK = 2,
): CurveDeviation {
  let n = 0;
  let sum = 0;
  let sumAbs = 0;
  let maxAbs = 0;
  let within = 0;
  for (const s of samples) {
    if (!Number.isFinite(s.outdoor) || !Number.isFinite(s.supply)) continue;
    const d = s.supply - targetSupply(curve, s.outdoor);
    n++;
    sum += d;
    sumAbs += Math.abs(d);
    maxAbs = Math.max(maxAbs, Math.abs(d));
    if (Math.abs(d) <= toleranceK) within++;
  }
  return {
    samples: n,
    meanK: n ? sum / n : Number.NaN,
    meanAbsK: n ? sumAbs / n : Number.NaN,
    maxAbsK: maxAbs,
    withinTolerance: n ? within / n : Number.NaN,
  };
}

/** Heat intensity W/m² of a station delivering `heat` to `areaM2` of heated floor. */
export function heatPerArea(heat: Kilowatts, areaM2: number): number {
  if (!(areaM2 > 0))
    throw invalid('area', {
      en: 'heated area must be a positive number of m²',
      'zh-CN': '供热面积必须是正数（m²）',
    });
  return (heat * 1000) / areaM2;
}

export interface StationLoad {
  id: string;
  wPerM2: number;
  returnC: number;
}

/**
 * Imbalance across stations of one network: the coefficient of variation of heat intensity and the
 * spread of return temperatures (a hydraulically unbalanced network over-supplies near stations,
 * which return hot, and starves far ones). Stations beyond ±`band` of the mean intensity are named.
 */
export function imbalance(stations: readonly StationLoad[], band = 0.15) {
  const v = stations.filter((s) => Number.isFinite(s.wPerM2));
  const mean = v.reduce((s, x) => s + x.wPerM2, 0) / (v.length || 1);
  const sd = Math.sqrt(v.reduce((s, x) => s + (x.wPerM2 - mean) ** 2, 0) / (v.length || 1));
  const returns = stations.map((s) => s.returnC).filter(Number.isFinite);
  return {
    stations: v.length,
    meanWPerM2: v.length ? mean : Number.NaN,
    cv: v.length && mean !== 0 ? sd / mean : Number.NaN,
    returnSpreadK: returns.length ? Math.max(...returns) - Math.min(...returns) : Number.NaN,
    outliers: v
      .map((s) => ({ id: s.id, wPerM2: s.wPerM2, relative: mean !== 0 ? s.wPerM2 / mean - 1 : 0 }))
      .filter((s) => Math.abs(s.relative) > band),
  };
}
