// Operating-condition normalisation for C-MAPSS FD002/FD004. The simulator flies six discrete
// regimes (altitude, Mach, throttle resolver angle; Saxena et al. 2008, Table 2), so the settings
// fall in tight clusters. Sensor levels depend mostly on the regime, so each sensor is z-scored
// with the mean and spread of its regime (the standard protocol; e.g. Li, Ding & Sun, RESS 2018,
// §4.1). FD001/FD003 have a single regime and reduce to a global z-score.
import { invalidData } from '../../kernel/index.ts';
import { INFORMATIVE_SENSORS, SENSORS, SETTINGS, type EngineUnit } from './engine-unit.ts';

export interface ConditionNormaliser {
  /** Regime centroids in settings space, after dividing by `scale`. */
  centroids: number[][];
  scale: number[];
  /**
   * Per regime, per informative sensor: the value subtracted and the divisor. A z-score uses the
   * mean and standard deviation of all training rows; a degradation scale (`fitDegradationScale`)
   * the healthy mean and the signed shift from healthy to failing, so the divisor may be negative.
   */
  mean: number[][];
  sd: number[][];
}

/** Regime key: settings rounded to the resolution at which the regimes are distinct. */
function regimeKey(s: ArrayLike<number>, o: number): string {
  const a = Math.round(s[o] as number);
  const b = Math.round((s[o + 1] as number) * 100);
  const c = Math.round(s[o + 2] as number);
  return `${a + 0}|${b + 0}|${c + 0}`;
}

export function regimeOf(n: ConditionNormaliser, s: ArrayLike<number>, o: number): number {
  return nearestRegime(n, s, o).regime;
}

/** Nearest regime and its scaled distance (altitude kft, Mach/100, TRA deg). */
export function nearestRegime(
  n: ConditionNormaliser,
  s: ArrayLike<number>,
  o: number,
): { regime: number; distance: number } {
  let best = 0;
  let bestD = Infinity;
  for (let k = 0; k < n.centroids.length; k++) {
    const c = n.centroids[k] as number[];
    let d = 0;
    for (let j = 0; j < SETTINGS; j++)
      d += (((s[o + j] as number) - (c[j] as number)) / (n.scale[j] as number)) ** 2;
    if (d < bestD) [best, bestD] = [k, d];
  }
  return { regime: best, distance: Math.sqrt(bestD) };
}

/**
 * Refuses a unit flown in an operating condition the model never saw (e.g. an FD002 file given
 * to an FD001 model): its sensors cannot be normalised, so a prediction would be meaningless.
 * Tolerance 2 scaled units, far above the settings' jitter inside a regime (< 0.1).
 */
export function checkRegimes(n: ConditionNormaliser, u: EngineUnit): void {
  for (let i = 0; i < u.length; i++) {
    const { distance } = nearestRegime(n, u.settings, i * SETTINGS);
    if (distance > 2) {
      const set = Array.from(u.settings.subarray(i * SETTINGS, (i + 1) * SETTINGS)).join(', ');
      throw invalidData(
        { field: `unit ${u.unit}, cycle ${i + 1}` },
        {
          en: `operational settings (${set}) match none of the ${n.centroids.length} operating condition(s) the model was trained on`,
          'zh-CN': `工况设置（${set}）与模型训练时的 ${n.centroids.length} 个工况都不匹配`,
        },
      );
    }
  }
}

function centroidsOf(units: readonly EngineUnit[]): number[][] {
  const groups = new Map<string, { sum: number[]; n: number }>();
  let total = 0;
  for (const u of units) {
    for (let i = 0; i < u.length; i++) {
      const key = regimeKey(u.settings, i * SETTINGS);
      const g = groups.get(key) ?? { sum: [0, 0, 0], n: 0 };
      for (let j = 0; j < SETTINGS; j++)
        g.sum[j] = (g.sum[j] as number) + (u.settings[i * SETTINGS + j] as number);
      g.n++;
      total++;
      groups.set(key, g);
    }
  }
  // Keys holding under 1 % of rows are rounding strays of a real regime; they join the nearest.
  return [...groups.entries()]
    .filter(([, g]) => g.n >= 0.01 * total)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, g]) => g.sum.map((v) => v / g.n));
}

export function fitConditionNormaliser(units: readonly EngineUnit[]): ConditionNormaliser {
  const centroids = centroidsOf(units);
  const scale = [1, 0.01, 1];
  const k = centroids.length;
  const m = INFORMATIVE_SENSORS.length;
  const n: ConditionNormaliser = { centroids, scale, mean: [], sd: [] };
  const sum = Array.from({ length: k }, () => new Float64Array(m));
  const sq = Array.from({ length: k }, () => new Float64Array(m));
  const cnt = new Float64Array(k);
  for (const u of units) {
    for (let i = 0; i < u.length; i++) {
      const r = regimeOf(n, u.settings, i * SETTINGS);
      cnt[r] = (cnt[r] as number) + 1;
      INFORMATIVE_SENSORS.forEach((s, j) => {
        const v = u.sensors[i * SENSORS + s - 1] as number;
        (sum[r] as Float64Array)[j] = ((sum[r] as Float64Array)[j] as number) + v;
        (sq[r] as Float64Array)[j] = ((sq[r] as Float64Array)[j] as number) + v * v;
      });
    }
  }
  for (let r = 0; r < k; r++) {
    const c = Math.max(1, cnt[r] as number);
    const mu = Array.from(sum[r] as Float64Array, (v) => v / c);
    n.mean.push(mu);
    n.sd.push(
      Array.from(sq[r] as Float64Array, (v, j) =>
        Math.sqrt(Math.max(0, v / c - (mu[j] as number) ** 2)),
      ),
    );
  }
  return n;
}

/** Normalised informative sensors of one unit, row-major `length × 14`. */
export function normaliseUnit(n: ConditionNormaliser, u: EngineUnit): Float64Array {
  const m = INFORMATIVE_SENSORS.length;
  const out = new Float64Array(u.length * m);
  for (let i = 0; i < u.length; i++) {
    const r = regimeOf(n, u.settings, i * SETTINGS);
    const mu = n.mean[r] as number[];
    const sd = n.sd[r] as number[];
    INFORMATIVE_SENSORS.forEach((s, j) => {
      const d = sd[j] as number;
      out[i * m + j] =
        Math.abs(d) > 1e-9
          ? ((u.sensors[i * SENSORS + s - 1] as number) - (mu[j] as number)) / d
          : 0;
    });
  }
  return out;
}

/** Life left from which a cycle counts as healthy, and under which as failing (cycles). */
const HEALTHY_FROM = 125;
const FAILING_BELOW = 15;

/**
 * Condition-aware degradation scale: per regime and sensor, the mean of healthy cycles (life
 * left ≥ 125) maps to 0 and the mean of failing cycles (life left < 15) to 1, so every sensor
 * reads as "fraction of the way to failure" whatever the regime. A z-score per regime leaves the
 * degradation shift regime-dependent (in FD002 sensor 7 moves 3.8 healthy standard deviations
 * before failure at sea level and 1.1 at 42 kft), and a window that mixes regimes then sees that
 * as noise. Run-to-failure units only. A regime without healthy or failing rows, or a sensor
 * that does not move in it, keeps its z-score. With one regime this is an affine map per sensor
 * of the z-score, which trees on linear window features ignore.
 */
export function fitDegradationScale(units: readonly EngineUnit[]): ConditionNormaliser {
  const z = fitConditionNormaliser(units);
  const k = z.centroids.length;
  const m = INFORMATIVE_SENSORS.length;
  const acc = (f: number) => ({
    sum: Array.from({ length: k }, () => new Float64Array(m)),
    n: new Float64Array(k),
    f,
  });
  const healthy = acc(0);
  const failing = acc(1);
  for (const u of units) {
    for (let i = 0; i < u.length; i++) {
      const left = u.length - 1 - i;
      const a = left >= HEALTHY_FROM ? healthy : left < FAILING_BELOW ? failing : undefined;
      if (!a) continue;
      const r = regimeOf(z, u.settings, i * SETTINGS);
      a.n[r] = (a.n[r] as number) + 1;
      const s = a.sum[r] as Float64Array;
      INFORMATIVE_SENSORS.forEach((sensor, j) => {
        s[j] = (s[j] as number) + (u.sensors[i * SENSORS + sensor - 1] as number);
      });
    }
  }
  for (let r = 0; r < k; r++) {
    const nh = healthy.n[r] as number;
    const nf = failing.n[r] as number;
    if (nh < 10 || nf < 10) continue;
    for (let j = 0; j < m; j++) {
      const h = ((healthy.sum[r] as Float64Array)[j] as number) / nh;
      const span = ((failing.sum[r] as Float64Array)[j] as number) / nf - h;
      // A shift under a tenth of the regime's spread is noise: dividing by it would amplify it.
      if (Math.abs(span) < 0.1 * ((z.sd[r] as number[])[j] as number)) continue;
      (z.mean[r] as number[])[j] = h;
      (z.sd[r] as number[])[j] = span;
    }
  }
  return z;
}
