// Balance-point grid search for the usage-per-day model (CalTRACK §3.2, §3.4). Fast path: degree
// days for every balance point are computed once, the weighted sums Σw·x, Σw·x², Σw·x·y and the
// cross sums Σw·H·C are accumulated once, and each candidate is then a closed-form 1- or
// 2-variable weighted least-squares solve on centred sums: O(1) per candidate after O(n·61) setup.
import type { Candidate, DegreeDayRules } from './candidates.ts';
import { BALANCE_POINTS_F } from './candidates.ts';

/** One baseline observation of the usage-per-day regression. */
export interface UpdRow {
  /** Average use per day in the period (§3.3.1.1). */
  y: number;
  /** Regression weight: 1 for daily (OLS), days with data for billing (WLS, §3.4.2). */
  w: number;
  /** Multiplier turning the per-day degree days into the period's total degree days. */
  days: number;
  /** Daily mean temperatures (°F) of the period's days that have enough hours. */
  dailyMeans: Float64Array;
}

/** Average heating / cooling degree days per day of a period at balance point bp (§3.3.2.5–6). */
export function degreeDays(dailyMeans: Float64Array, bp: number): { hdd: number; cdd: number } {
  let h = 0;
  let c = 0;
  for (const t of dailyMeans) {
    if (t < bp) h += bp - t;
    else c += t - bp;
  }
  const n = dailyMeans.length;
  return { hdd: h / n, cdd: c / n };
}

interface TermSums {
  bp: number;
  x: Float64Array;
  sx: number;
  vxx: number;
  vxy: number;
  nonZero: number;
  total: number;
}

/** Per-period average HDD and CDD at one balance point, in one pass without allocation per row. */
function degreeDayColumns(rows: readonly UpdRow[], bp: number): [Float64Array, Float64Array] {
  const h = new Float64Array(rows.length);
  const c = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const means = rows[i]!.dailyMeans;
    let sh = 0;
    let sc = 0;
    for (let k = 0; k < means.length; k++) {
      const t = means[k]!;
      if (t < bp) sh += bp - t;
      else sc += t - bp;
    }
    h[i] = sh / means.length;
    c[i] = sc / means.length;
  }
  return [h, c];
}

function termSums(rows: readonly UpdRow[], bp: number, x: Float64Array, base: Base): TermSums {
  let sx = 0;
  let sxx = 0;
  let sxy = 0;
  let nonZero = 0;
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const v = x[i]!;
    sx += r.w * v;
    sxx += r.w * v * v;
    sxy += r.w * v * r.y;
    if (v > 0) nonZero++;
    total += v * r.days;
  }
  return {
    bp,
    x,
    sx,
    vxx: sxx - (sx * sx) / base.sw,
    vxy: sxy - (sx * base.sy) / base.sw,
    nonZero,
    total,
  };
}

interface Base {
  n: number;
  sw: number;
  sy: number;
  vyy: number;
}

const adjR2 = (ssRes: number, b: Base, slopes: number): number =>
  1 - ssRes / (b.n - slopes - 1) / (b.vyy / (b.n - 1));

function ddReasons(t: TermSums, kind: string, rules: DegreeDayRules): string[] {
  const out: string[] = [];
  if (t.total < rules.minTotalDegreeDays)
    out.push(`3.2.2.2.2 total ${kind} ${t.total.toFixed(1)} < ${rules.minTotalDegreeDays}`);
  if (t.nonZero < rules.minNonZeroPeriods)
    out.push(`3.2.2.2.1 non-zero ${kind} periods ${t.nonZero} < ${rules.minNonZeroPeriods}`);
  return out;
}

function negativeReasons(params: Record<string, number>): string[] {
  // §3.4.3.2: every coefficient (eemeter includes the intercept) must be ≥ 0.
  return Object.entries(params)
    .filter(([, v]) => v < 0)
    .map(([k]) => `3.4.3.2 ${k} negative`);
}

function single(b: Base, t: TermSums, kind: 'hdd' | 'cdd', rules: DegreeDayRules): Candidate {
  const type = kind === 'hdd' ? 'hdd_only' : 'cdd_only';
  const bpKey = kind === 'hdd' ? 'heatingBalancePoint' : 'coolingBalancePoint';
  const reasons = ddReasons(t, kind.toUpperCase(), rules);
  if (reasons.length > 0 || !(t.vxx > 0))
    return {
      type,
      status: 'NOT ATTEMPTED',
      params: { intercept: Number.NaN, betaHdd: 0, betaCdd: 0, [bpKey]: t.bp },
      rSquaredAdj: Number.NaN,
      reasons: reasons.length > 0 ? reasons : ['degree days constant'],
    };
  const beta = t.vxy / t.vxx;
  const intercept = (b.sy - beta * t.sx) / b.sw;
  const bad = negativeReasons({ intercept, [kind === 'hdd' ? 'betaHdd' : 'betaCdd']: beta });
  return {
    type,
    status: bad.length > 0 ? 'DISQUALIFIED' : 'QUALIFIED',
    params: {
      intercept,
      betaHdd: kind === 'hdd' ? beta : 0,
      betaCdd: kind === 'cdd' ? beta : 0,
      [bpKey]: t.bp,
    },
    rSquaredAdj: adjR2(b.vyy - beta * t.vxy, b, 1),
    reasons: bad,
  };
}

function pair(
  rows: readonly UpdRow[],
  b: Base,
  h: TermSums,
  c: TermSums,
  rules: DegreeDayRules,
): Candidate {
  const reasons = [...ddReasons(c, 'CDD', rules), ...ddReasons(h, 'HDD', rules)];
  const base = { heatingBalancePoint: h.bp, coolingBalancePoint: c.bp };
  if (reasons.length > 0)
    return {
      type: 'cdd_hdd',
      status: 'NOT ATTEMPTED',
      params: { intercept: Number.NaN, betaHdd: 0, betaCdd: 0, ...base },
      rSquaredAdj: Number.NaN,
      reasons,
    };
  let shc = 0;
  rows.forEach((r, i) => {
    const xh = h.x[i]!;
    if (xh !== 0) shc += r.w * xh * c.x[i]!;
  });
  const vhc = shc - (h.sx * c.sx) / b.sw;
  const det = h.vxx * c.vxx - vhc * vhc;
  const betaHdd = (c.vxx * h.vxy - vhc * c.vxy) / det;
  const betaCdd = (h.vxx * c.vxy - vhc * h.vxy) / det;
  const intercept = (b.sy - betaHdd * h.sx - betaCdd * c.sx) / b.sw;
  const bad = negativeReasons({ intercept, betaCdd, betaHdd });
  return {
    type: 'cdd_hdd',
    status: bad.length > 0 || !(det > 0) ? 'DISQUALIFIED' : 'QUALIFIED',
    params: { intercept, betaHdd, betaCdd, ...base },
    rSquaredAdj: adjR2(b.vyy - betaHdd * h.vxy - betaCdd * c.vxy, b, 2),
    reasons: det > 0 ? bad : ['degree days collinear'],
  };
}

export interface GridResult {
  candidates: Candidate[];
  best: Candidate | undefined;
}

/**
 * Fit every candidate (§3.4.3.1) in eemeter's order — intercept-only, HDD-only, CDD-only, then
 * CDD+HDD with the cooling point outermost — and pick the qualified one with the highest adjusted
 * R² (§3.4.3.3); ties keep the earlier candidate, as eemeter's strict '>' does.
 */
export function gridSearch(
  rows: readonly UpdRow[],
  opts: { fitCdd: boolean; rules: DegreeDayRules; balancePoints?: readonly number[] },
): GridResult {
  const bps = opts.balancePoints ?? BALANCE_POINTS_F;
  let sw = 0;
  let sy = 0;
  let syy = 0;
  for (const r of rows) {
    sw += r.w;
    sy += r.w * r.y;
    syy += r.w * r.y * r.y;
  }
  const b: Base = { n: rows.length, sw, sy, vyy: syy - (sy * sy) / sw };
  const mean = sy / sw;
  const candidates: Candidate[] = [
    {
      type: 'intercept_only',
      status: mean >= 0 ? 'QUALIFIED' : 'DISQUALIFIED',
      params: { intercept: mean, betaHdd: 0, betaCdd: 0 },
      rSquaredAdj: 0, // §3.4.3.3: 0 by definition
      reasons: mean >= 0 ? [] : ['3.4.3.2 intercept negative'],
    },
  ];
  const columns = bps.map((bp) => degreeDayColumns(rows, bp));
  const hs = bps.map((bp, i) => termSums(rows, bp, columns[i]![0], b));
  for (const h of hs) candidates.push(single(b, h, 'hdd', opts.rules));
  if (opts.fitCdd) {
    const cs = bps.map((bp, i) => termSums(rows, bp, columns[i]![1], b));
    for (const c of cs) candidates.push(single(b, c, 'cdd', opts.rules));
    for (const c of cs)
      for (const h of hs) if (h.bp <= c.bp) candidates.push(pair(rows, b, h, c, opts.rules));
  }
  let best: Candidate | undefined;
  for (const c of candidates)
    if (c.status === 'QUALIFIED' && (!best || c.rSquaredAdj > best.rSquaredAdj)) best = c;
  return { candidates, best };
}
