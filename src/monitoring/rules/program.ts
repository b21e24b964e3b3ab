// What the engine does with a point, worked out once per asset model instead of once per asset:
// for each raw channel, the derived channels it makes stale (in topological order) and the rules
// that read any of them. Assets of one model with the same rules and the properties those rules
// read share one program (runtime.ts caches them), so a fleet of a thousand chillers holds one
// set of compiled closures and one plan per channel, and the call sites that run them see the
// same few functions.
//
// Thresholds of one channel against constant limits (CompiledRule.band) are not called at all
// while nothing is raised: per channel the program keeps the quiet interval inside every such
// rule's raise limits, and a value inside it in the normal phase cannot raise any of them — the
// same outcome the rules' own tests give, without evaluating them. Rules in any other phase,
// values outside the interval and NaN take the rule-by-rule path.
import type { ChannelLayout, DerivedChannel } from '../expressions/index.ts';
import type { CompiledRule } from './compile-rule.ts';

/** Band thresholds on one slot, skipped together while the slot's value is inside [lo, hi]. */
export interface BandGroup {
  slot: number;
  /** Largest raiseLo and smallest raiseHi of the group: inside, none of them raises. */
  lo: number;
  hi: number;
  /** Rule indices. */
  rules: Int32Array;
}

export interface SlotPlan {
  derived: DerivedChannel[];
  bands: BandGroup[];
  /** Rule indices of the other rules (expressions, rate, deviation, thresholds over expressions). */
  rules: Int32Array;
}

export interface RuleProgram {
  layout: ChannelLayout;
  rules: readonly CompiledRule[];
  /** Per raw slot; undefined for derived slots (they are computed, never fed). */
  plans: (SlotPlan | undefined)[];
  /** Indices of the no-data rules. */
  noData: Int32Array;
  /** Any rate rule (their state needs three more arrays). */
  rates: boolean;
  indexOf: ReadonlyMap<string, number>;
}

/** Rule indices that read a touched slot, split into band groups and the rest. */
function ruleSplit(rules: readonly CompiledRule[], touched: ReadonlySet<number>) {
  const groups = new Map<number, number[]>();
  const rest: number[] = [];
  rules.forEach((r, k) => {
    if (!r.slots.some((s) => touched.has(s))) return;
    if (r.band) {
      const g = groups.get(r.band.slot) ?? [];
      g.push(k);
      groups.set(r.band.slot, g);
    } else rest.push(k);
  });
  const bands = [...groups].map(([slot, ks]): BandGroup => {
    let lo = -Infinity;
    let hi = Infinity;
    for (const k of ks) {
      lo = Math.max(lo, rules[k]!.band!.raiseLo);
      hi = Math.min(hi, rules[k]!.band!.raiseHi);
    }
    return { slot, lo, hi, rules: Int32Array.from(ks) };
  });
  return { bands, rules: Int32Array.from(rest) };
}

/** Derived channels reachable from `slot` (in topological order) and the rules reading any of them. */
function plan(layout: ChannelLayout, rules: readonly CompiledRule[], slot: number): SlotPlan {
  const touched = new Set([slot]);
  const derived: DerivedChannel[] = [];
  for (const d of layout.derived) {
    if (d.inputs.some((i) => touched.has(i))) {
      derived.push(d);
      touched.add(d.slot);
    }
  }
  return { derived, ...ruleSplit(rules, touched) };
}

export function createRuleProgram(
  layout: ChannelLayout,
  rules: readonly CompiledRule[],
): RuleProgram {
  const noData: number[] = [];
  rules.forEach((r, k) => r.kind === 'no-data' && noData.push(k));
  return {
    layout,
    rules,
    plans: layout.names.map((_, slot) =>
      slot < layout.rawCount ? plan(layout, rules, slot) : undefined,
    ),
    noData: Int32Array.from(noData),
    rates: rules.some((r) => r.kind === 'rate'),
    indexOf: new Map(rules.map((r, k) => [r.id, k])),
  };
}
