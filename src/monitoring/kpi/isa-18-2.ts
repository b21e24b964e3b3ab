// Alarm-management KPIs after ANSI/ISA-18.2-2016 §16.5 (alarm system performance metrics) and
// EEMUA 191 (3rd ed.), from a log of alarm activations (one entry per annunciation: a raise or
// a repeat). Definitions, all documented so the numbers can be recomputed by hand:
// - alarm rate: activations in [from, to) per 10 minutes per operator position;
// - flood: a 10-minute interval (aligned to `from`; the last may be shorter) with more than 10
//   activations per operator; % time in flood = flooded interval time / (to − from);
// - stale: an activation that stayed active more than 24 h ((clearedAt ?? to) − raisedAt);
// - chattering: an (asset, rule) with ≥ 3 activations whose raise times span ≤ 60 s;
// - top-10 share: % of all activations that come from the 10 most frequent (asset, rule).
import type { Severity } from '../rules/index.ts';

export interface AlarmActivation {
  asset: string;
  ruleId: string;
  severity: Severity;
  raisedAt: number;
  clearedAt?: number;
  acknowledgedAt?: number;
  customer?: string;
  model?: string;
}

export interface KpiOptions {
  from: number;
  to: number;
  /** Operator positions sharing the load (ISA-18.2 rates are per operator); default 1. */
  operators?: number;
  topN?: number;
}

export interface CountedItem {
  key: string;
  count: number;
}

export interface AlarmKpis {
  activations: number;
  alarmsPer10MinPerOperator: number;
  peakPer10Min: number;
  floodIntervals: number;
  percentTimeInFlood: number;
  staleAlarms: number;
  chatteringAlarms: string[];
  topAlarms: CountedItem[];
  topTenSharePercent: number;
  badActors: CountedItem[];
}

export const tenMinutes = 600_000;
export const floodThreshold = 10;
export const staleAfterMs = 24 * 3_600_000;
export const chatterWindowMs = 60_000;
export const chatterCount = 3;

function countBy(items: AlarmActivation[], key: (a: AlarmActivation) => string): CountedItem[] {
  const m = new Map<string, number>();
  for (const a of items) m.set(key(a), (m.get(key(a)) ?? 0) + 1);
  return [...m]
    .map(([k, count]) => ({ key: k, count }))
    .sort((x, y) => y.count - x.count || x.key.localeCompare(y.key));
}

const alarmOf = (a: AlarmActivation) => `${a.asset}|${a.ruleId}`;

function chattering(items: AlarmActivation[]): string[] {
  const times = new Map<string, number[]>();
  for (const a of items) times.set(alarmOf(a), [...(times.get(alarmOf(a)) ?? []), a.raisedAt]);
  const out: string[] = [];
  for (const [k, ts] of times) {
    ts.sort((x, y) => x - y);
    for (let i = 0; i + chatterCount - 1 < ts.length; i++) {
      if (ts[i + chatterCount - 1]! - ts[i]! <= chatterWindowMs) {
        out.push(k);
        break;
      }
    }
  }
  return out.sort();
}

function floods(
  items: AlarmActivation[],
  o: Required<Pick<KpiOptions, 'from' | 'to' | 'operators'>>,
) {
  const n = Math.ceil((o.to - o.from) / tenMinutes);
  const counts = new Array<number>(n).fill(0);
  for (const a of items) counts[Math.floor((a.raisedAt - o.from) / tenMinutes)]!++;
  let floodIntervals = 0;
  let floodMs = 0;
  counts.forEach((c, i) => {
    if (c / o.operators > floodThreshold) {
      floodIntervals++;
      floodMs += Math.min(o.to, o.from + (i + 1) * tenMinutes) - (o.from + i * tenMinutes);
    }
  });
  return { floodIntervals, floodMs, peak: Math.max(0, ...counts) };
}

/** KPIs over activations raised in [from, to); stale counts every activation overlapping it. */
export function alarmKpis(log: readonly AlarmActivation[], opts: KpiOptions): AlarmKpis {
  const { from, to } = opts;
  if (!(to > from)) throw new RangeError('alarmKpis: `to` must be after `from`');
  const operators = opts.operators ?? 1;
  const topN = opts.topN ?? 10;
  const inPeriod = log.filter((a) => a.raisedAt >= from && a.raisedAt < to);
  const f = floods(inPeriod, { from, to, operators });
  const top = countBy(inPeriod, alarmOf);
  const topTen = top.slice(0, 10).reduce((s, x) => s + x.count, 0);
  const stale = log.filter(
    (a) =>
      a.raisedAt < to &&
      (a.clearedAt ?? Infinity) > from &&
      Math.min(a.clearedAt ?? to, to) - a.raisedAt > staleAfterMs,
  );
  return {
    activations: inPeriod.length,
    alarmsPer10MinPerOperator: inPeriod.length / ((to - from) / tenMinutes) / operators,
    peakPer10Min: f.peak,
    floodIntervals: f.floodIntervals,
    percentTimeInFlood: (100 * f.floodMs) / (to - from),
    staleAlarms: stale.length,
    chatteringAlarms: chattering(inPeriod),
    topAlarms: top.slice(0, topN),
    topTenSharePercent: inPeriod.length === 0 ? 0 : (100 * topTen) / inPeriod.length,
    badActors: countBy(inPeriod, (a) => a.asset).slice(0, topN),
  };
}

/** The same KPIs per group (customer, model), each group with its own operator count. */
export function alarmKpisBy(
  log: readonly AlarmActivation[],
  group: (a: AlarmActivation) => string | undefined,
  opts: KpiOptions & { operatorsOf?: (group: string) => number },
): Map<string, AlarmKpis> {
  const groups = new Map<string, AlarmActivation[]>();
  for (const a of log) {
    const g = group(a);
    if (g !== undefined) groups.set(g, [...(groups.get(g) ?? []), a]);
  }
  const out = new Map<string, AlarmKpis>();
  for (const [g, items] of [...groups].sort(([x], [y]) => x.localeCompare(y))) {
    out.set(
      g,
      alarmKpis(items, { ...opts, operators: opts.operatorsOf?.(g) ?? opts.operators ?? 1 }),
    );
  }
  return out;
}
