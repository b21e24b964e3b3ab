// Compiles a checked tree to closures over a slot array (Float64Array of the asset's latest
// channel values). No eval, no per-call allocation: each node becomes one small closure, with
// constants folded (asset properties are constants per asset) and the common `channel <op>
// constant` shape specialised, so a typical rule costs a few closure calls per point.
// A channel without a value yet is NaN; every comparison with NaN is false, so a rule over a
// channel that has not reported does not fire.
import type { BinaryOp, Expr } from './ast.ts';
import type { ExpressionEnv } from './check.ts';

export type Slots = Float64Array;
export type NumFn = (v: Slots) => number;
export type BoolFn = (v: Slots) => boolean;

/** A compiled number node; `s` is set when it is a bare channel read (slot index). */
type Num = { k: number | undefined; f: NumFn; s?: number };
type Bool = { k: boolean | undefined; f: BoolFn };

const numConst = (k: number): Num => ({ k, f: () => k });
const boolConst = (k: boolean): Bool => ({ k, f: () => k });

function arith(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    default:
      return a % b;
  }
}

function arithFn(op: BinaryOp, l: NumFn, r: NumFn): NumFn {
  switch (op) {
    case '+':
      return (v) => l(v) + r(v);
    case '-':
      return (v) => l(v) - r(v);
    case '*':
      return (v) => l(v) * r(v);
    case '/':
      return (v) => l(v) / r(v);
    default:
      return (v) => l(v) % r(v);
  }
}

/**
 * `slot op slot`, `slot op constant` and `constant op slot` read the array directly. Besides
 * saving calls, this matters for allocation: a call that returns a non-integer number and is
 * not inlined boxes it on the heap, so fewer nested number closures mean less garbage per point.
 */
function arithLeaves(op: BinaryOp, l: Num, r: Num): NumFn | undefined {
  const a = l.s;
  const b = r.s;
  const x = l.k;
  const y = r.k;
  if (a !== undefined && b !== undefined) {
    if (op === '+') return (v) => v[a]! + v[b]!;
    if (op === '-') return (v) => v[a]! - v[b]!;
    if (op === '*') return (v) => v[a]! * v[b]!;
    if (op === '/') return (v) => v[a]! / v[b]!;
    return (v) => v[a]! % v[b]!;
  }
  if (a !== undefined && y !== undefined) {
    if (op === '+') return (v) => v[a]! + y;
    if (op === '-') return (v) => v[a]! - y;
    if (op === '*') return (v) => v[a]! * y;
    if (op === '/') return (v) => v[a]! / y;
    return (v) => v[a]! % y;
  }
  if (x !== undefined && b !== undefined) {
    if (op === '+') return (v) => x + v[b]!;
    if (op === '-') return (v) => x - v[b]!;
    if (op === '*') return (v) => x * v[b]!;
    if (op === '/') return (v) => x / v[b]!;
    return (v) => x % v[b]!;
  }
  return undefined;
}

function compare(op: BinaryOp, a: number, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    default:
      return a !== b;
  }
}

/** `slot <op> constant`, the shape of most thresholds, reads the array directly. */
function compareSlotConst(op: BinaryOp, s: number, c: number): BoolFn {
  switch (op) {
    case '<':
      return (v) => v[s]! < c;
    case '<=':
      return (v) => v[s]! <= c;
    case '>':
      return (v) => v[s]! > c;
    case '>=':
      return (v) => v[s]! >= c;
    case '==':
      return (v) => v[s]! === c;
    default:
      return (v) => v[s]! !== c;
  }
}

/** `expression <op> constant`: one call fewer than comparing with a constant's closure. */
function compareConst(op: BinaryOp, l: NumFn, c: number): BoolFn {
  switch (op) {
    case '<':
      return (v) => l(v) < c;
    case '<=':
      return (v) => l(v) <= c;
    case '>':
      return (v) => l(v) > c;
    case '>=':
      return (v) => l(v) >= c;
    case '==':
      return (v) => l(v) === c;
    default:
      return (v) => l(v) !== c;
  }
}

/** The mirror of an order comparison: `k < x` is `x > k`. */
const mirrored: Partial<Record<BinaryOp, BinaryOp>> = {
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
  '==': '==',
  '!=': '!=',
};

function compareFn(op: BinaryOp, l: NumFn, r: NumFn): BoolFn {
  switch (op) {
    case '<':
      return (v) => l(v) < r(v);
    case '<=':
      return (v) => l(v) <= r(v);
    case '>':
      return (v) => l(v) > r(v);
    case '>=':
      return (v) => l(v) >= r(v);
    case '==':
      return (v) => l(v) === r(v);
    default:
      return (v) => l(v) !== r(v);
  }
}

function call(fn: string, args: Num[]): Num {
  const ks = args.map((a) => a.k);
  const fs = args.map((a) => a.f);
  const f0 = fs[0]!;
  const f1 = fs[1] ?? f0;
  let f: NumFn;
  if (fn === 'abs') f = (v) => Math.abs(f0(v));
  else if (fn === 'sqrt') f = (v) => Math.sqrt(f0(v));
  else if (fs.length === 2)
    f = fn === 'min' ? (v) => Math.min(f0(v), f1(v)) : (v) => Math.max(f0(v), f1(v));
  else {
    const pick = fn === 'min' ? Math.min : Math.max;
    f = (v) => {
      let m = f0(v);
      for (let i = 1; i < fs.length; i++) m = pick(m, fs[i]!(v));
      return m;
    };
  }
  if (ks.every((k) => k !== undefined)) return numConst(f(new Float64Array(0)));
  return { k: undefined, f };
}

function num(e: Expr, env: ExpressionEnv): Num {
  switch (e.kind) {
    case 'number':
      return numConst(e.value);
    case 'property':
      return numConst(env.property(e.name)!);
    case 'channel': {
      const s = env.slotOf(e.name)!;
      return { k: undefined, f: (v) => v[s]!, s };
    }
    case 'unary': {
      const o = num(e.operand, env);
      if (o.k !== undefined) return numConst(-o.k);
      const f = o.f;
      return { k: undefined, f: (v) => -f(v) };
    }
    case 'binary': {
      const l = num(e.left, env);
      const r = num(e.right, env);
      if (l.k !== undefined && r.k !== undefined) return numConst(arith(e.op, l.k, r.k));
      return { k: undefined, f: arithLeaves(e.op, l, r) ?? arithFn(e.op, l.f, r.f) };
    }
    case 'call':
      return call(
        e.fn,
        e.args.map((a) => num(a, env)),
      );
    default:
      throw new Error(`not a number expression: ${e.kind}`);
  }
}

function isNumeric(e: Expr): boolean {
  return (
    e.kind === 'number' ||
    e.kind === 'channel' ||
    e.kind === 'property' ||
    e.kind === 'call' ||
    (e.kind === 'unary' && e.op === '-') ||
    (e.kind === 'binary' && ['+', '-', '*', '/', '%'].includes(e.op))
  );
}

function comparison(e: Expr & { kind: 'binary' }, env: ExpressionEnv): Bool {
  if (!isNumeric(e.left)) {
    // == or != between two booleans.
    const l = bool(e.left, env);
    const r = bool(e.right, env);
    if (l.k !== undefined && r.k !== undefined) return boolConst((l.k === r.k) === (e.op === '=='));
    const lf = l.f;
    const rf = r.f;
    return { k: undefined, f: e.op === '==' ? (v) => lf(v) === rf(v) : (v) => lf(v) !== rf(v) };
  }
  const l = num(e.left, env);
  const r = num(e.right, env);
  if (l.k !== undefined && r.k !== undefined) return boolConst(compare(e.op, l.k, r.k));
  if (e.left.kind === 'channel' && r.k !== undefined) {
    return { k: undefined, f: compareSlotConst(e.op, env.slotOf(e.left.name)!, r.k) };
  }
  if (r.k !== undefined) return { k: undefined, f: compareConst(e.op, l.f, r.k) };
  // `k op x` is `x op' k`: both sides are plain numbers (no side effects), so the operands
  // may be read in either order.
  const m = mirrored[e.op];
  if (l.k !== undefined && m) {
    if (e.right.kind === 'channel')
      return { k: undefined, f: compareSlotConst(m, env.slotOf(e.right.name)!, l.k) };
    return { k: undefined, f: compareConst(m, r.f, l.k) };
  }
  return { k: undefined, f: compareFn(e.op, l.f, r.f) };
}

function bool(e: Expr, env: ExpressionEnv): Bool {
  switch (e.kind) {
    case 'bool':
      return boolConst(e.value);
    case 'unary': {
      const o = bool(e.operand, env);
      if (o.k !== undefined) return boolConst(!o.k);
      const f = o.f;
      return { k: undefined, f: (v) => !f(v) };
    }
    case 'binary': {
      if (e.op !== '&&' && e.op !== '||') return comparison(e, env);
      const l = bool(e.left, env);
      const r = bool(e.right, env);
      const and = e.op === '&&';
      // Constant folding keeps short-circuit meaning: `false && x` is false whatever x is.
      if (l.k !== undefined) return l.k === and ? r : boolConst(l.k);
      if (r.k !== undefined) return r.k === and ? l : boolConst(r.k);
      const lf = l.f;
      const rf = r.f;
      return { k: undefined, f: and ? (v) => lf(v) && rf(v) : (v) => lf(v) || rf(v) };
    }
    default:
      throw new Error(`not a boolean expression: ${e.kind}`);
  }
}

/** Compiles a number-typed, already checked expression. */
export function compileNumber(e: Expr, env: ExpressionEnv): NumFn {
  return num(e, env).f;
}

/** Compiles a boolean-typed, already checked expression. */
export function compileBoolean(e: Expr, env: ExpressionEnv): BoolFn {
  return bool(e, env).f;
}
