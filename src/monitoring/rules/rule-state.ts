// The state machine of one (asset, rule):
//
//   normal ──raise test true──▶ pending ──held forMs──▶ active ──clear test true──▶ clearing
//     ▲         (forMs = 0 skips pending)                 ▲                            │
//     └──────────────────── held clearForMs (0 skips clearing) ◀──────────────────────┘
//
// A raise is emitted on entering `active`, a clear on leaving it, so one episode yields exactly
// one raise and one clear whatever the point rate. Mutable and preallocated: evaluating a point
// allocates nothing unless an event is emitted.
import type { Slots } from '../expressions/index.ts';
import type { CompiledRule } from './compile-rule.ts';

export type Phase = 'normal' | 'pending' | 'active' | 'clearing';

export class RuleState {
  phase: Phase = 'normal';
  /** When the current pending / clearing phase began. */
  since = 0;
  /** Rate rules: previous value and its timestamp. */
  prevTs = NaN;
  prevValue = NaN;
  /** Last computed rate (units per minute), for the event payload. */
  rate = NaN;

  constructor(readonly rule: CompiledRule) {}

  /**
   * Feeds the state at time `ts` with the asset's current values; returns +1 on raise, -1 on
   * clear, 0 otherwise.
   */
  step(v: Slots, ts: number): number {
    const r = this.rule;
    let raise: boolean;
    let clear: boolean;
    if (r.kind === 'rate') {
      const x = r.value(v);
      const dt = ts - this.prevTs;
      if (!(dt > 0)) {
        if (Number.isNaN(this.prevTs)) {
          this.prevTs = ts;
          this.prevValue = x;
        }
        return 0;
      }
      this.rate = Math.abs(((x - this.prevValue) / dt) * 60_000);
      this.prevTs = ts;
      this.prevValue = x;
      if (Number.isNaN(this.rate)) return 0;
      raise = this.rate > r.raiseAbove;
      clear = this.rate <= r.clearAtOrBelow;
    } else {
      const active = this.phase === 'active' || this.phase === 'clearing';
      raise = active ? false : r.raise(v);
      clear = active ? r.clear(v) : false;
    }
    return this.advance(raise, clear, ts);
  }

  private advance(raise: boolean, clear: boolean, ts: number): number {
    const r = this.rule;
    switch (this.phase) {
      case 'normal':
        if (!raise) return 0;
        this.since = ts;
        this.phase = 'pending';
        return this.advance(raise, clear, ts);
      case 'pending':
        if (!raise) {
          this.phase = 'normal';
          return 0;
        }
        if (ts - this.since < r.forMs) return 0;
        this.phase = 'active';
        return 1;
      case 'active':
        if (!clear) return 0;
        this.since = ts;
        this.phase = 'clearing';
        return this.advance(raise, clear, ts);
      case 'clearing':
        if (!clear) {
          this.phase = 'active';
          return 0;
        }
        if (ts - this.since < r.clearForMs) return 0;
        this.phase = 'normal';
        return -1;
    }
  }
}
