// The rule engine of the ingest pipeline: fed points one by one, it keeps each asset's latest
// channel values in a slot array, recomputes the derived channels a point affects (in
// topological order), steps the state machines of the rules that read them, and emits
// raise / clear events. Per point it allocates nothing; the per-slot work lists are built once
// when an asset is added.
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
import { RuleState } from './rule-state.ts';
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

export interface EngineStats {
  points: number;
  late: number;
  events: number;
}

interface SlotPlan {
  derived: DerivedChannel[];
  rules: RuleState[];
}

/** No derived values waiting to be reported. */
const none = -Infinity;

class AssetState {
  lastTs: number;
  /** Timestamp whose recomputed derived channels are not yet reported, or `none`. */
  pendingTs = none;
  /** Per derived channel (index in layout.derived): recomputed at pendingTs. */
  readonly touched: Uint8Array;
  /** Listed among the assets to visit at flushDerived(). */
  listed = false;
  readonly values: Float64Array;
  readonly plans: (SlotPlan | undefined)[];
  readonly noData: RuleState[];
  readonly states: Map<string, RuleState>;

  constructor(
    readonly key: string,
    readonly layout: ChannelLayout,
    rules: CompiledRule[],
    startMs: number,
  ) {
    this.lastTs = startMs;
    this.values = new Float64Array(layout.names.length).fill(NaN);
    this.touched = new Uint8Array(layout.derived.length);
    const states = rules.map((r) => new RuleState(r));
    this.states = new Map(states.map((s) => [s.rule.id, s]));
    this.noData = states.filter((s) => s.rule.kind === 'no-data');
    this.plans = layout.names.map((_, slot) =>
      slot < layout.rawCount ? plan(layout, states, slot) : undefined,
    );
  }
}

/** Derived channels reachable from `slot` (in topological order) and the rules reading any of them. */
function plan(layout: ChannelLayout, states: RuleState[], slot: number): SlotPlan {
  const touched = new Set([slot]);
  const derived: DerivedChannel[] = [];
  for (const d of layout.derived) {
    if (d.inputs.some((i) => touched.has(i))) {
      derived.push(d);
      touched.add(d.slot);
    }
  }
  const rules = states.filter((s) => s.rule.slots.some((i) => touched.has(i)));
  return { derived, rules };
}

export interface RuleEngine {
  /** Registers an asset; returns its index for the fast ingest path. */
  addAsset(
    key: string,
    layout: ChannelLayout,
    rules: CompiledRule[],
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
  phase(asset: string, ruleId: string): RuleState['phase'] | undefined;
  readonly stats: EngineStats;
}

export interface RuleEngineOptions {
  /** Final value of a derived channel recomputed at `ts` (may be NaN or ±Infinity). */
  onDerived?: (asset: string, ts: number, channel: DerivedChannel, value: number) => void;
}

export function createRuleEngine(
  onEvent: (e: RuleEvent) => void,
  options: RuleEngineOptions = {},
): RuleEngine {
  const assets: AssetState[] = [];
  const byKey = new Map<string, number>();
  const stats: EngineStats = { points: 0, late: 0, events: 0 };
  const onDerived = options.onDerived;
  const dirty: AssetState[] = [];

  /** Reports the pending timestamp's recomputed derived channels (values still of that time). */
  const report = (a: AssetState) => {
    const derived = a.layout.derived;
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
    const rawCount = a.layout.rawCount;
    for (let i = 0; i < derived.length; i++) a.touched[derived[i]!.slot - rawCount] = 1;
    a.pendingTs = ts;
    if (!a.listed) {
      a.listed = true;
      dirty.push(a);
    }
  };

  const emit = (
    a: AssetState,
    s: RuleState,
    kind: RuleEvent['kind'],
    ts: number,
    detectedAt?: number,
  ) => {
    stats.events++;
    const r = s.rule;
    const value = r.kind === 'rate' ? s.rate : r.value(a.values);
    const e: RuleEvent = { kind, asset: a.key, ruleId: r.id, severity: r.severity, ts, value };
    if (detectedAt !== undefined) e.detectedAt = detectedAt;
    onEvent(e);
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
    for (let i = 0; i < a.noData.length; i++) {
      const s = a.noData[i]!;
      if (s.phase === 'active') {
        s.phase = 'normal';
        // Delayed delivery can bring a point stamped before the raise; never clear before it.
        emit(a, s, 'clear', Math.max(ts, prevSeen + s.rule.timeoutMs));
      }
    }
    const p = a.plans[slot];
    if (p === undefined) return true;
    const derived = p.derived;
    for (let i = 0; i < derived.length; i++) {
      const d = derived[i]!;
      v[d.slot] = d.fn(v);
    }
    if (onDerived !== undefined && derived.length > 0) mark(a, derived, ts);
    const rules = p.rules;
    for (let i = 0; i < rules.length; i++) {
      const s = rules[i]!;
      const t = s.step(v, ts);
      if (t !== 0) emit(a, s, t > 0 ? 'raise' : 'clear', ts);
    }
    return true;
  };

  return {
    stats,
    addAsset(key, layout, rules, opts = {}) {
      if (byKey.has(key)) throw new Error(`asset '${key}' already added`);
      assets.push(new AssetState(key, layout, rules, opts.startMs ?? -Infinity));
      byKey.set(key, assets.length - 1);
      return assets.length - 1;
    },
    indexOf: (key) => byKey.get(key),
    rawSlot(asset, channel) {
      const layout = assets[asset]?.layout;
      const slot = layout?.slotOf(channel);
      return slot !== undefined && slot < layout!.rawCount ? slot : undefined;
    },
    ingest,
    ingestNamed(asset, channel, ts, value) {
      const i = byKey.get(asset);
      if (i === undefined) throw new Error(`unknown asset '${asset}'`);
      const slot = assets[i]!.layout.slotOf(channel);
      if (slot === undefined || slot >= assets[i]!.layout.rawCount) {
        throw new Error(`asset '${asset}' has no raw channel '${channel}'`);
      }
      return ingest(i, slot, ts, value);
    },
    tick(now) {
      for (const a of assets) {
        // Without a first point or a start time there is no deadline yet.
        if (a.lastTs === -Infinity) continue;
        for (const s of a.noData) {
          const deadline = a.lastTs + s.rule.timeoutMs;
          if (s.phase === 'normal' && now >= deadline) {
            s.phase = 'active';
            emit(a, s, 'raise', deadline, now);
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
    phase(asset, ruleId) {
      const i = byKey.get(asset);
      return i === undefined ? undefined : assets[i]!.states.get(ruleId)?.phase;
    },
  };
}
