// The rule engine of the ingest pipeline: fed points one by one, it keeps each asset's latest
// channel values in a slot array, recomputes the derived channels a point affects (in
// topological order), steps the state machines of the rules that read them, and emits
// raise / clear events. Per point it allocates nothing; the per-slot work lists are a program
// (program.ts) built once per model's rules and shared by its assets, and the rule states are
// typed arrays per asset (rule-state.ts).
//
// Late and out-of-order data policy: time only moves forward per asset. A point older than the
// asset's last evaluated timestamp is counted in `stats.late` and ignored — it neither updates
// the current values nor steps any state machine — so a late or replayed point can never raise,
// clear or duplicate an alarm. Points with the same timestamp as the last are evaluated (a
// device sends several channels per instant); re-delivering an identical point is idempotent
// because the state machines only emit on transitions. A gateway that reorders within a known
// window should be put behind createReorderBuffer (reorder-buffer.ts).
//
// No-data rules are driven by the clock: tick(nowMs) raises once now ≥ lastSeen + timeout, with
// the event stamped at that deadline and `detectedAt` = now; the next point clears it.
//
// Derived output (opt-in with `onDerived`, for writing derived channels back as telemetry): the
// derived channels recomputed at one timestamp are reported once, with their final values, when
// the asset's next point has a later timestamp or at flushDerived() — so a device instant that
// updates three inputs yields one value per derived channel, not three. Without `onDerived` an
// asset without derived channels pays one comparison per point.
import type { ChannelLayout, DerivedChannel } from '../expressions/index.ts';
import type { CompiledRule } from './compile-rule.ts';
import { createRuleProgram, type RuleProgram } from './program.ts';
import {
  ACTIVE,
  CLEARING,
  NORMAL,
  PENDING,
  RuleStates,
  advance,
  phaseNames,
  stepCondition,
  stepRate,
  type Phase,
} from './rule-state.ts';
import type { Severity } from './types.ts';

export interface RuleEvent {
  kind: 'raise' | 'clear';
  asset: string;
  ruleId: string;
  severity: Severity;
  /** Event time: the point's timestamp (no-data raise: the deadline that passed). */
  ts: number;
  /** When the engine noticed, if later than `ts` (no-data detection by tick). */
  detectedAt?: number;
  /** The rule's watched value at the event (rate rules: |slope| per minute), NaN if none. */
  value: number;
}

/**
 * A rule entered or left a hold: `pending` (its `for` hold not yet elapsed) or `clearing` (its
 * `clearFor` hold). Cluster mode stores these (migration 045), so a partition's next owner
 * resumes the hold from its `since` instead of restarting it at its own first point.
 */
export interface HoldEvent {
  asset: string;
  ruleId: string;
  /** The hold now under way, or 'none': the rule left its hold (raised, cleared, abandoned). */
  phase: 'pending' | 'clearing' | 'none';
  /** Event time the hold began; with 'none', the time of the point that ended it. */
  since: number;
}

/** A hold to resume (resetAssets): the phase and the event time it began. */
export interface StoredHold {
  phase: 'pending' | 'clearing';
  since: number;
}

export interface EngineStats {
  points: number;
  late: number;
  events: number;
}

/** No derived values waiting to be reported. */
const none = -Infinity;

class AssetState {
  lastTs: number;
  /** Until the first point (lastTs still -Infinity): the time no-data deadlines run from, the
   * last point stored before a partition changed owner (resetAssets `seen`). */
  quietSince = -Infinity;
  /** Timestamp whose recomputed derived channels are not yet reported, or `none`. */
  pendingTs = none;
  /** Per derived channel (index in layout.derived): recomputed at pendingTs. */
  readonly touched: Uint8Array;
  /** Listed among the assets to visit at flushDerived(). */
  listed = false;
  readonly values: Float64Array;
  readonly states: RuleStates;
  /** Per slot: its band thresholds (program.ts) not in the normal phase. */
  readonly busy: Uint32Array;

  constructor(
    readonly key: string,
    readonly program: RuleProgram,
    startMs: number,
  ) {
    const layout = program.layout;
    this.lastTs = startMs;
    this.values = new Float64Array(layout.names.length).fill(NaN);
    this.touched = new Uint8Array(layout.derived.length);
    this.states = new RuleStates(program.rules.length, program.rates);
    this.busy = new Uint32Array(layout.names.length);
  }
}

/** Sorts [key, value, key, value, …] by key (a point fires few rules: insertion sort). */
function sortPairs(a: number[]): void {
  for (let i = 2; i < a.length; i += 2) {
    const k = a[i]!;
    const v = a[i + 1]!;
    let j = i - 2;
    for (; j >= 0 && a[j]! > k; j -= 2) {
      a[j + 2] = a[j]!;
      a[j + 3] = a[j + 1]!;
    }
    a[j + 2] = k;
    a[j + 3] = v;
  }
}

/**
 * One program per (layout, rules array): the runtime hands every asset that shares its compiled
 * rules the same array, so a fleet builds one program. Weak, so a reload's programs go with it.
 */
const programs = new WeakMap<readonly CompiledRule[], RuleProgram>();
function programOf(layout: ChannelLayout, rules: readonly CompiledRule[]): RuleProgram {
  const p = programs.get(rules);
  if (p && p.layout === layout) return p;
  const made = createRuleProgram(layout, rules);
  programs.set(rules, made);
  return made;
}

export interface RuleEngine {
  /** Registers an asset; returns its index for the fast ingest path. */
  addAsset(
    key: string,
    layout: ChannelLayout,
    rules: readonly CompiledRule[],
    opts?: { startMs?: number },
  ): number;
  indexOf(key: string): number | undefined;
  /** Slot of a raw channel of an asset (derived channels are computed, not fed). */
  rawSlot(asset: number, channel: string): number | undefined;
  /** Fast path: one point on a raw channel slot. Returns false if it was late and ignored. */
  ingest(asset: number, slot: number, ts: number, value: number): boolean;
  /** Convenience path by names; throws on an unknown asset or channel. */
  ingestNamed(asset: string, channel: string, ts: number, value: number): boolean;
  /** Clock tick: no-data detection. */
  tick(nowMs: number): void;
  /** Reports the derived values still pending (end of a batch); a no-op without `onDerived`. */
  flushDerived(): void;
  phase(asset: string, ruleId: string): Phase | undefined;
  /**
   * Starts the assets afresh, as if just added, except that the rules `active` names are in
   * the active phase (cluster mode: a partition's new owner resumes from the stored alarms,
   * so a clear is not missed; a node that lost the partition forgets it, so its clock raises
   * no no-data alarm for assets it no longer receives). `held` gives the holds under way: an
   * active rule's `clearing` and an inactive rule's `pending` resume with their `since`; a
   * hold the stored alarm contradicts (a `pending` of an active rule, a `clearing` of an
   * inactive one: its raise or clear committed after it) is ignored. `seen` gives the asset's
   * last point stored before the takeover: its no-data deadlines run from that until its first
   * point here (an asset silent since the failover is still reported), though the points
   * themselves are all evaluated (redelivered ones included).
   */
  resetAssets(
    keys: Iterable<string>,
    active: (asset: string, ruleId: string) => boolean,
    held?: (asset: string, ruleId: string) => StoredHold | undefined,
    seen?: (asset: string) => number | undefined,
  ): void;
  readonly stats: EngineStats;
}

export interface RuleEngineOptions {
  /** Final value of a derived channel recomputed at `ts` (may be NaN or ±Infinity). */
  onDerived?: (asset: string, ts: number, channel: DerivedChannel, value: number) => void;
  /** Each hold entered or left (cluster mode); without it the engine tracks none. */
  onHold?: (e: HoldEvent) => void;
}

export function createRuleEngine(
  onEvent: (e: RuleEvent) => void,
  options: RuleEngineOptions = {},
): RuleEngine {
  const assets: AssetState[] = [];
  const byKey = new Map<string, number>();
  const stats: EngineStats = { points: 0, late: 0, events: 0 };
  const onDerived = options.onDerived;
  const onHold = options.onHold;
  const dirty: AssetState[] = [];

  /** Reports the pending timestamp's recomputed derived channels (values still of that time). */
  const report = (a: AssetState) => {
    const derived = a.program.layout.derived;
    for (let k = 0; k < derived.length; k++) {
      if (a.touched[k] === 0) continue;
      a.touched[k] = 0;
      const d = derived[k]!;
      onDerived!(a.key, a.pendingTs, d, a.values[d.slot]!);
    }
    a.pendingTs = none;
  };

  /** Marks the derived channels of a plan as recomputed at `ts`. */
  const mark = (a: AssetState, derived: DerivedChannel[], ts: number) => {
    const rawCount = a.program.layout.rawCount;
    for (let i = 0; i < derived.length; i++) a.touched[derived[i]!.slot - rawCount] = 1;
    a.pendingTs = ts;
    if (!a.listed) {
      a.listed = true;
      dirty.push(a);
    }
  };

  const emit = (
    a: AssetState,
    k: number,
    kind: RuleEvent['kind'],
    ts: number,
    detectedAt?: number,
  ) => {
    stats.events++;
    const r = a.program.rules[k]!;
    const value = r.kind === 'rate' ? a.states.rate[k]! : r.value(a.values);
    const e: RuleEvent = { kind, asset: a.key, ruleId: r.id, severity: r.severity, ts, value };
    if (detectedAt !== undefined) e.detectedAt = detectedAt;
    onEvent(e);
  };

  /** Rule `k` moved from phase `before`: a hold entered or left is reported (onHold). */
  const holdMoved = (a: AssetState, k: number, before: number, ts: number) => {
    const after = a.states.phase[k]!;
    const ruleId = a.program.rules[k]!.id;
    if (after === PENDING || after === CLEARING)
      onHold!({
        asset: a.key,
        ruleId,
        phase: phaseNames[after] as 'pending',
        since: a.states.since[k]!,
      });
    else if (before === PENDING || before === CLEARING)
      onHold!({ asset: a.key, ruleId, phase: 'none', since: ts });
  };

  /** A band threshold, tested with its limits (the same comparisons as its raise and clear). */
  const stepBand = (a: AssetState, k: number, ts: number) => {
    const r = a.program.rules[k]!;
    const b = r.band!;
    const x = a.values[b.slot]!;
    const st = a.states;
    const before = st.phase[k]!;
    const t =
      before === NORMAL || before === PENDING
        ? advance(st, k, r, x < b.raiseLo || x > b.raiseHi, false, ts)
        : advance(st, k, r, false, x >= b.clearLo && x <= b.clearHi, ts);
    const after = st.phase[k]!;
    if ((before === NORMAL) !== (after === NORMAL)) a.busy[b.slot]! += after === NORMAL ? -1 : 1;
    if (onHold !== undefined && after !== before) holdMoved(a, k, before, ts);
    if (t !== 0) fired.push(k, t);
  };

  /**
   * Rule transitions of one point, as (rule index, ±1) pairs: emitted in rule order once the
   * point is evaluated, the order in which rule-by-rule evaluation would have emitted them,
   * though band groups are visited before the other rules.
   */
  const fired: number[] = [];
  const emitFired = (a: AssetState, ts: number) => {
    if (fired.length > 2) sortPairs(fired);
    for (let i = 0; i < fired.length; i += 2)
      emit(a, fired[i]!, fired[i + 1]! > 0 ? 'raise' : 'clear', ts);
    fired.length = 0;
  };

  /** Clears the asset's active no-data alarms: a point arrived. */
  const heard = (a: AssetState, ts: number, prevSeen: number) => {
    const noData = a.program.noData;
    const phase = a.states.phase;
    for (let i = 0; i < noData.length; i++) {
      const k = noData[i]!;
      if (phase[k] !== ACTIVE) continue;
      phase[k] = NORMAL;
      // Delayed delivery can bring a point stamped before the raise; never clear before it.
      emit(a, k, 'clear', Math.max(ts, prevSeen + a.program.rules[k]!.timeoutMs));
    }
  };

  const ingest = (index: number, slot: number, ts: number, value: number): boolean => {
    const a = assets[index]!;
    stats.points++;
    if (ts < a.lastTs) {
      stats.late++;
      return false;
    }
    // A later instant begins: the pending one's derived values are final (inputs not yet updated).
    if (a.pendingTs !== none && a.pendingTs !== ts) report(a);
    const prevSeen = a.lastTs;
    a.lastTs = ts;
    const v = a.values;
    v[slot] = value;
    const prog = a.program;
    if (prog.noData.length > 0) heard(a, ts, prevSeen);
    const p = prog.plans[slot];
    if (p === undefined) return true;
    const derived = p.derived;
    for (let i = 0; i < derived.length; i++) {
      const d = derived[i]!;
      v[d.slot] = d.fn(v);
    }
    if (onDerived !== undefined && derived.length > 0) mark(a, derived, ts);
    const bands = p.bands;
    for (let i = 0; i < bands.length; i++) {
      const g = bands[i]!;
      const x = v[g.slot]!;
      // Inside every raise limit with all of them normal: no rule of the group can move.
      if (x >= g.lo && x <= g.hi && a.busy[g.slot] === 0) continue;
      const ks = g.rules;
      for (let j = 0; j < ks.length; j++) stepBand(a, ks[j]!, ts);
    }
    const ks = p.rules;
    const rules = prog.rules;
    const phase = a.states.phase;
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i]!;
      const r = rules[k]!;
      // One process reports no holds: its loop reads no phase for them.
      const before = onHold === undefined ? 0 : phase[k]!;
      const t =
        r.kind === 'rate' ? stepRate(a.states, k, r, v, ts) : stepCondition(a.states, k, r, v, ts);
      if (t !== 0) fired.push(k, t);
      if (onHold !== undefined && phase[k] !== before) holdMoved(a, k, before, ts);
    }
    if (fired.length > 0) emitFired(a, ts);
    return true;
  };

  return {
    stats,
    addAsset(key, layout, rules, opts = {}) {
      if (byKey.has(key)) throw new Error(`asset '${key}' already added`);
      assets.push(new AssetState(key, programOf(layout, rules), opts.startMs ?? -Infinity));
      byKey.set(key, assets.length - 1);
      return assets.length - 1;
    },
    indexOf: (key) => byKey.get(key),
    rawSlot(asset, channel) {
      const layout = assets[asset]?.program.layout;
      const slot = layout?.slotOf(channel);
      return slot !== undefined && slot < layout!.rawCount ? slot : undefined;
    },
    ingest,
    ingestNamed(asset, channel, ts, value) {
      const i = byKey.get(asset);
      if (i === undefined) throw new Error(`unknown asset '${asset}'`);
      const layout = assets[i]!.program.layout;
      const slot = layout.slotOf(channel);
      if (slot === undefined || slot >= layout.rawCount) {
        throw new Error(`asset '${asset}' has no raw channel '${channel}'`);
      }
      return ingest(i, slot, ts, value);
    },
    tick(now) {
      for (const a of assets) {
        const last = a.lastTs === -Infinity ? a.quietSince : a.lastTs;
        // Without a first point, a start time or a stored last point there is no deadline yet.
        if (last === -Infinity) continue;
        const noData = a.program.noData;
        for (let i = 0; i < noData.length; i++) {
          const k = noData[i]!;
          const deadline = last + a.program.rules[k]!.timeoutMs;
          if (a.states.phase[k] === NORMAL && now >= deadline) {
            a.states.phase[k] = ACTIVE;
            emit(a, k, 'raise', deadline, now);
          }
        }
      }
    },
    flushDerived() {
      for (const a of dirty) {
        a.listed = false;
        if (a.pendingTs !== none) report(a);
      }
      dirty.length = 0;
    },
    resetAssets(keys, active, held, seen) {
      for (const key of keys) {
        const i = byKey.get(key);
        if (i === undefined) continue;
        const old = assets[i]!;
        old.pendingTs = none; // a derived value still pending is dropped with the old state
        const a = new AssetState(key, old.program, -Infinity);
        a.quietSince = seen?.(key) ?? -Infinity;
        const rules = a.program.rules;
        const st = a.states;
        for (let k = 0; k < rules.length; k++) {
          const r = rules[k]!;
          const on = active(key, r.id);
          const h = held?.(key, r.id);
          if (on && h?.phase === 'clearing') st.phase[k] = CLEARING;
          else if (on) st.phase[k] = ACTIVE;
          else if (h?.phase === 'pending') st.phase[k] = PENDING;
          else continue;
          if (st.phase[k] !== ACTIVE) st.since[k] = h!.since;
          if (r.band) a.busy[r.band.slot]! += 1;
        }
        assets[i] = a;
      }
    },
    phase(asset, ruleId) {
      const i = byKey.get(asset);
      const a = i === undefined ? undefined : assets[i]!;
      const k = a?.program.indexOf.get(ruleId);
      return k === undefined ? undefined : phaseNames[a!.states.phase[k]!];
    },
  };
}
