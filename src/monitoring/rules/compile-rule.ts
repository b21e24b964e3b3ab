// Turns a RuleSpec into closures over one asset's slot array. Each condition rule becomes a
// `raise` test and a `clear` test; with a deadband the two differ, which is what stops an alarm
// from chattering around its limit (ISA-18.2 §10.4.2 / EEMUA 191 deadband).
import { RongheError, type ItemResult, type Localized } from '../../kernel/index.ts';
import {
  compileBooleanExpression,
  compileNumberExpression,
  type BoolFn,
  type ChannelLayout,
  type Expr,
  type ExpressionEnv,
  type NumFn,
} from '../expressions/index.ts';
import type { Limit, RuleSpec, Severity } from './types.ts';

/** Where an expression of a rule sits, for its errors: `rule 'hi' field 'value'`. */
const ruleField =
  (id: string) =>
  (field: string): Localized => ({
    en: `rule '${id}' field '${field}'`,
    'zh-CN': `规则“${id}”的字段“${field}”`,
  });

export interface CompiledRule {
  id: string;
  severity: Severity;
  kind: 'condition' | 'rate' | 'no-data';
  /** Condition rules: raise test; rate rules: unused. */
  raise: BoolFn;
  clear: BoolFn;
  /** Rate rules: the value whose slope is watched, and the limits on |slope| per minute. */
  value: NumFn;
  raiseAbove: number;
  clearAtOrBelow: number;
  /** Slots whose change must re-evaluate the rule. */
  slots: number[];
  forMs: number;
  clearForMs: number;
  /** No-data rules: silence that makes the asset offline. */
  timeoutMs: number;
  /** Thresholds of one channel against constant limits, as numbers the engine tests inline. */
  band?: Band;
}

/**
 * A threshold read as limits instead of closures: the rule raises when the value of `slot` is
 * below `raiseLo` or above `raiseHi`, and (once active) clears when it is within
 * [`clearLo`, `clearHi`]. `above c` is (−∞, c) with a clear band up to c − hysteresis, `below`
 * the mirror, `outside` both. Exactly the comparisons `raise` and `clear` make, NaN included
 * (every comparison with NaN is false), so the engine may use either.
 */
export interface Band {
  slot: number;
  raiseLo: number;
  raiseHi: number;
  clearLo: number;
  clearHi: number;
}

const never: BoolFn = () => false;
const nan: NumFn = () => NaN;

/** Slot values for closures that read none (constant limits). */
const none = new Float64Array(0);

/** `{ band }` when the watched value is one channel and the limits are constants, else `{}`. */
function bandOf(
  value: Expr,
  env: ExpressionEnv,
  constantLimits: boolean,
  limits: () => Omit<Band, 'slot'>,
): { band?: Band } {
  if (value.kind !== 'channel' || !constantLimits) return {};
  return { band: { slot: env.slotOf(value.name)!, ...limits() } };
}

function limitOf(l: Limit, env: ExpressionEnv, ctx: Localized) {
  return typeof l === 'number'
    ? { fn: (() => l) as NumFn, slots: [] as number[] }
    : compileNumberExpression(l, env, ctx);
}

function nonNegative(n: number | undefined, what: string, id: string): number {
  const v = n ?? 0;
  if (!(v >= 0) || !Number.isFinite(v)) {
    throw new RongheError('RONGHE_VALIDATION', {
      en: `rule '${id}': ${what} must be a finite number ≥ 0`,
      'zh-CN': `规则“${id}”：${what} 必须是 ≥ 0 的有限数`,
    });
  }
  return v;
}

type Parts = Pick<CompiledRule, 'kind' | 'raise' | 'clear' | 'value' | 'slots'> &
  Partial<Pick<CompiledRule, 'raiseAbove' | 'clearAtOrBelow' | 'timeoutMs' | 'band'>>;

function thresholdParts(spec: RuleSpec & { kind: 'threshold' }, env: ExpressionEnv): Parts {
  const ctx = ruleField(spec.id);
  const x = compileNumberExpression(spec.value, env, ctx('value'));
  const h = nonNegative(spec.hysteresis, 'hysteresis', spec.id);
  const f = x.fn;
  if (spec.op === 'outside') {
    const lo = limitOf(spec.low, env, ctx('low'));
    const hi = limitOf(spec.high, env, ctx('high'));
    const l = lo.fn;
    const u = hi.fn;
    const band = bandOf(x.ast, env, lo.slots.length + hi.slots.length === 0, () => {
      const [a, b] = [l(none), u(none)];
      return { raiseLo: a, raiseHi: b, clearLo: a + h, clearHi: b - h };
    });
    return {
      ...band,
      kind: 'condition',
      raise: (v) => {
        const y = f(v);
        return y < l(v) || y > u(v);
      },
      clear: (v) => {
        const y = f(v);
        return y >= l(v) + h && y <= u(v) - h;
      },
      value: f,
      slots: [...x.slots, ...lo.slots, ...hi.slots],
    };
  }
  const lim = limitOf(spec.limit, env, ctx('limit'));
  const l = lim.fn;
  const above = spec.op === 'above';
  if (x.ast.kind === 'channel' && lim.slots.length === 0) {
    // The common case — one channel against a constant limit — reads the slot directly, so
    // no number-returning closure is called per point (see arithLeaves in compile.ts).
    const s = env.slotOf(x.ast.name)!;
    const c = l(none);
    const back = above ? c - h : c + h;
    return {
      kind: 'condition',
      raise: above ? (v) => v[s]! > c : (v) => v[s]! < c,
      clear: above ? (v) => v[s]! <= back : (v) => v[s]! >= back,
      value: f,
      slots: x.slots,
      band: above
        ? { slot: s, raiseLo: -Infinity, raiseHi: c, clearLo: -Infinity, clearHi: back }
        : { slot: s, raiseLo: c, raiseHi: Infinity, clearLo: back, clearHi: Infinity },
    };
  }
  return {
    kind: 'condition',
    raise: above ? (v) => f(v) > l(v) : (v) => f(v) < l(v),
    clear: above ? (v) => f(v) <= l(v) - h : (v) => f(v) >= l(v) + h,
    value: f,
    slots: [...x.slots, ...lim.slots],
  };
}

function constantLimit(l: Limit, env: ExpressionEnv, ctx: Localized, id: string): number {
  const c = limitOf(l, env, ctx);
  if (c.slots.length > 0) {
    throw new RongheError('RONGHE_VALIDATION', {
      en: `${ctx.en}: must not read channels (rule '${id}')`,
      'zh-CN': `${ctx['zh-CN']}：不得读取通道`,
    });
  }
  return c.fn(none);
}

function parts(spec: RuleSpec, env: ExpressionEnv): Parts {
  const ctx = ruleField(spec.id);
  switch (spec.kind) {
    case 'threshold':
      return thresholdParts(spec, env);
    case 'deviation': {
      const x = compileNumberExpression(spec.value, env, ctx('value'));
      const r = compileNumberExpression(spec.reference, env, ctx('reference'));
      const m = limitOf(spec.maxDeviation, env, ctx('maxDeviation'));
      const h = nonNegative(spec.hysteresis, 'hysteresis', spec.id);
      const [f, g, l] = [x.fn, r.fn, m.fn];
      return {
        kind: 'condition',
        raise: (v) => Math.abs(f(v) - g(v)) > l(v),
        clear: (v) => Math.abs(f(v) - g(v)) <= l(v) - h,
        value: f,
        slots: [...x.slots, ...r.slots, ...m.slots],
      };
    }
    case 'expression': {
      const w = compileBooleanExpression(spec.when, env, ctx('when'));
      const c = spec.clearWhen
        ? compileBooleanExpression(spec.clearWhen, env, ctx('clearWhen'))
        : undefined;
      const wf = w.fn;
      return {
        kind: 'condition',
        raise: wf,
        clear: c ? c.fn : (v) => !wf(v),
        value: nan,
        slots: [...w.slots, ...(c?.slots ?? [])],
      };
    }
    case 'rate': {
      const x = compileNumberExpression(spec.value, env, ctx('value'));
      const max = constantLimit(spec.maxPerMinute, env, ctx('maxPerMinute'), spec.id);
      const h = nonNegative(spec.hysteresis, 'hysteresis', spec.id);
      return {
        kind: 'rate',
        raise: never,
        clear: never,
        value: x.fn,
        slots: x.slots,
        raiseAbove: max,
        clearAtOrBelow: max - h,
      };
    }
    case 'no-data': {
      const interval = nonNegative(spec.expectedIntervalMs, 'expectedIntervalMs', spec.id);
      const factor = nonNegative(spec.factor ?? 3, 'factor', spec.id);
      if (interval * factor <= 0) {
        throw new RongheError('RONGHE_VALIDATION', {
          en: `rule '${spec.id}': expectedIntervalMs × factor must be > 0`,
          'zh-CN': `规则“${spec.id}”：expectedIntervalMs × factor 必须 > 0`,
        });
      }
      return {
        kind: 'no-data',
        raise: never,
        clear: never,
        value: nan,
        slots: [],
        timeoutMs: interval * factor,
      };
    }
  }
}

/** Compiles one rule for one asset (its layout and properties); throws positioned errors. */
export function compileRule(
  spec: RuleSpec,
  layout: ChannelLayout,
  properties: Readonly<Record<string, number>> = {},
): CompiledRule {
  const env: ExpressionEnv = { slotOf: (n) => layout.slotOf(n), property: (p) => properties[p] };
  const p = parts(spec, env);
  return {
    id: spec.id,
    severity: spec.severity,
    raiseAbove: Infinity,
    clearAtOrBelow: -Infinity,
    timeoutMs: Infinity,
    ...p,
    slots: [...new Set(p.slots)],
    forMs: nonNegative(spec.forMs, 'forMs', spec.id),
    clearForMs: nonNegative(spec.clearForMs, 'clearForMs', spec.id),
  };
}

/**
 * Compiles all rules of an asset, reporting each rule's outcome instead of stopping at the first
 * bad one (house style 4): `value` holds the compiled rule, `reason` the positioned message.
 */
export function compileRules(
  specs: readonly RuleSpec[],
  layout: ChannelLayout,
  properties: Readonly<Record<string, number>> = {},
): ItemResult<CompiledRule>[] {
  return specs.map((spec, index) => {
    try {
      return { index, status: 'ok', value: compileRule(spec, layout, properties) };
    } catch (e) {
      if (!(e instanceof RongheError)) throw e;
      return { index, status: 'failed', reason: e.message };
    }
  });
}
