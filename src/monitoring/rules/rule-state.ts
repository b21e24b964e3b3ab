// The state machine of one (asset, rule):
//
//   normal ──raise test true──▶ pending ──held forMs──▶ active ──clear test true──▶ clearing
//     ▲         (forMs = 0 skips pending)                 ▲                            │
//     └──────────────────── held clearForMs (0 skips clearing) ◀──────────────────────┘
//
// A raise is emitted on entering `active`, a clear on leaving it, so one episode yields exactly
// one raise and one clear whatever the point rate. The states of all rules of one asset live in
// typed arrays indexed by the rule's position in its program (program.ts): a million series of
// rules are a few flat arrays, not millions of objects, and a step allocates nothing.
import type { Slots } from '../expressions/index.ts';
import type { CompiledRule } from './compile-rule.ts';

export type Phase = 'normal' | 'pending' | 'active' | 'clearing';

export const NORMAL = 0;
export const PENDING = 1;
export const ACTIVE = 2;
export const CLEARING = 3;
export const phaseNames: readonly Phase[] = ['normal', 'pending', 'active', 'clearing'];

/** The rule states of one asset, one entry per rule of its program. */
export class RuleStates {
  readonly phase: Uint8Array;
  /** When the current pending / clearing phase began. */
  readonly since: Float64Array;
  /** Rate rules: previous value and its timestamp, and the last rate (units per minute). */
  readonly prevTs: Float64Array;
  readonly prevValue: Float64Array;
  readonly rate: Float64Array;

  constructor(n: number, rates: boolean) {
    this.phase = new Uint8Array(n);
    this.since = new Float64Array(n);
    // Assets without rate rules share nothing but allocate nothing either.
    const m = rates ? n : 0;
    this.prevTs = new Float64Array(m).fill(NaN);
    this.prevValue = new Float64Array(m).fill(NaN);
    this.rate = new Float64Array(m).fill(NaN);
  }
}

/**
 * Moves rule `k` along the diagram with the tests' outcomes at `ts`; returns +1 on raise, -1 on
 * clear, 0 otherwise.
 */
export function advance(
  st: RuleStates,
  k: number,
  r: CompiledRule,
  raise: boolean,
  clear: boolean,
  ts: number,
): number {
  const phase = st.phase;
  let p = phase[k]!;
  if (p === NORMAL) {
    if (!raise) return 0;
    st.since[k] = ts;
    p = PENDING;
  }
  if (p === PENDING) {
    if (!raise) {
      phase[k] = NORMAL;
      return 0;
    }
    if (ts - st.since[k]! < r.forMs) {
      phase[k] = PENDING;
      return 0;
    }
    phase[k] = ACTIVE;
    return 1;
  }
  if (p === ACTIVE) {
    if (!clear) return 0;
    st.since[k] = ts;
  }
  // clearing
  if (!clear) {
    phase[k] = ACTIVE;
    return 0;
  }
  if (ts - st.since[k]! < r.clearForMs) {
    phase[k] = CLEARING;
    return 0;
  }
  phase[k] = NORMAL;
  return -1;
}

/** A condition rule fed the asset's current values at `ts`. */
export function stepCondition(
  st: RuleStates,
  k: number,
  r: CompiledRule,
  v: Slots,
  ts: number,
): number {
  const p = st.phase[k]!;
  // Only the test that can change the phase is evaluated.
  if (p === NORMAL || p === PENDING) return advance(st, k, r, r.raise(v), false, ts);
  return advance(st, k, r, false, r.clear(v), ts);
}

/** A rate rule: |Δvalue / Δt| per minute between consecutive evaluations at later times. */
export function stepRate(st: RuleStates, k: number, r: CompiledRule, v: Slots, ts: number): number {
  const x = r.value(v);
  const dt = ts - st.prevTs[k]!;
  if (!(dt > 0)) {
    if (Number.isNaN(st.prevTs[k]!)) {
      st.prevTs[k] = ts;
      st.prevValue[k] = x;
    }
    return 0;
  }
  const rate = Math.abs(((x - st.prevValue[k]!) / dt) * 60_000);
  st.rate[k] = rate;
  st.prevTs[k] = ts;
  st.prevValue[k] = x;
  if (Number.isNaN(rate)) return 0;
  return advance(st, k, r, rate > r.raiseAbove, rate <= r.clearAtOrBelow, ts);
}
