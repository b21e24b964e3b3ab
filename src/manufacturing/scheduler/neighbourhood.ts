// The neighbourhood of Mastrolilli & Gambardella (2000), "Effective neighbourhood functions for
// the flexible job shop problem", J. Scheduling 3(1): take an operation v on a critical path,
// remove it, and reinsert it on any eligible machine k at any position between the
// operations x (before) and y (after). The move is evaluated approximately by the longest path
// through v after insertion, r'(v) + p_k(v) + q'(v), from the current heads r and tails q.
// A position is kept only when it provably creates no cycle: no path from v's job successor
// b to x (guaranteed when start(x) < end(b), x ≠ b) and none from y to v's job predecessor a
// (guaranteed when end(y) > start(a), y ≠ a); with machine orders sorted by start, the
// admissible positions form one interval per machine.
import type { Rng } from './rng.ts';
import type { State } from './state.ts';

export interface Move {
  op: number;
  machine: number;
  /** Insert position in the machine order with v removed. */
  index: number;
  estimate: number;
}

/** Admissible insert positions [lo, hi] of v on machine k (in the order without v). */
export function insertRange(st: State, v: number, k: number): [number, number] {
  const p = st.p;
  const a = p.jobPred[v]!;
  const b = p.jobSucc[v]!;
  const startA = a >= 0 ? st.start[a]! : -Infinity;
  const endB = b >= 0 ? st.end(b) : Infinity;
  const s = st.seq[k]!;
  const pos = st.assign[v] === k ? s.indexOf(v) : -1;
  const n = pos >= 0 ? s.length - 1 : s.length;
  let lo = 0;
  while (lo < n) {
    const y = s[pos >= 0 && lo >= pos ? lo + 1 : lo]!;
    if (p.fixedStart[y]! >= 0 || y === a || st.end(y) <= startA) lo++;
    else break;
  }
  let hi = lo;
  while (hi < n) {
    const x = s[pos >= 0 && hi >= pos ? hi + 1 : hi]!;
    if (x === b || st.start[x]! >= endB) break;
    hi++;
  }
  return [lo, hi];
}

export function isCritical(st: State, o: number): boolean {
  return st.start[o]! + st.span[o]! + st.tail[o]! === st.cmax;
}

/** Tabu attribute: v placed on machine k right after x (x = −1: first). */
export function tabuKey(st: State, v: number, k: number, x: number): number {
  return (v * st.p.m + k) * (st.p.n + 1) + x + 1;
}

/**
 * The `count` non-tabu moves with the lowest estimates (ties broken at random); a tabu move is
 * allowed when its estimate beats the best makespan found (aspiration). Sorted best first.
 * Tabu: `tabu` maps position attributes (tabuKey) and `tabuOp` operations to the iteration
 * until which they are tabu.
 */
export function candidateMoves(
  st: State,
  tabu: Map<number, number>,
  tabuOp: Int32Array,
  iter: number,
  bestCmax: number,
  rng: Rng,
  count: number,
): Move[] {
  const p = st.p;
  const out: Move[] = [];
  const keys: number[] = [];
  const positional = tabu.size > 0;
  for (let v = 0; v < p.n; v++) {
    if (p.fixedStart[v]! >= 0 || !isCritical(st, v)) continue;
    const opTabu = (tabuOp[v] ?? -1) > iter;
    const a = p.jobPred[v]!;
    const b = p.jobSucc[v]!;
    const rJ = Math.max(p.release[v]!, a >= 0 ? st.end(a) : 0);
    const qJ = b >= 0 ? st.tail[b]! + st.span[b]! : 0;
    for (const k of p.eligible[v]!) {
      const d = p.dur[v * p.m + k]!;
      const s = st.seq[k]!;
      const pos = st.assign[v] === k ? s.indexOf(v) : -1;
      const n = pos >= 0 ? s.length - 1 : s.length;
      const [lo, hi] = insertRange(st, v, k);
      for (let i = lo; i <= hi; i++) {
        if (i === pos) continue;
        const x = i > 0 ? s[pos >= 0 && i - 1 >= pos ? i : i - 1]! : -1;
        const y = i < n ? s[pos >= 0 && i >= pos ? i + 1 : i]! : -1;
        const r = x >= 0 ? Math.max(rJ, st.end(x) + p.setupTime(x, v)) : rJ;
        const q = y >= 0 ? Math.max(qJ, st.tail[y]! + st.span[y]! + p.setupTime(v, y)) : qJ;
        const est = r + d + q;
        // Cheap rejection first: the estimate cannot enter the current top list.
        if (out.length === count && est > keys[count - 1]!) continue;
        const isTabu = opTabu || (positional && (tabu.get(tabuKey(st, v, k, x)) ?? -1) > iter);
        if (isTabu && est >= bestCmax) continue;
        // Random jitter below one time unit: a random order among equal estimates.
        const key = est + rng.next() * 1e-3;
        if (out.length === count && key >= keys[count - 1]!) continue;
        let at = out.length === count ? count - 1 : out.length;
        while (at > 0 && keys[at - 1]! > key) {
          keys[at] = keys[at - 1]!;
          out[at] = out[at - 1]!;
          at--;
        }
        keys[at] = key;
        out[at] = { op: v, machine: k, index: i, estimate: est };
      }
    }
  }
  return out;
}

/** Position of an operation now, so that a trial move can be undone. */
export function undoOf(st: State, v: number): Move {
  return { op: v, machine: st.assign[v]!, index: st.seq[st.assign[v]!]!.indexOf(v), estimate: NaN };
}

/** Changes the orders for a move without re-evaluating; returns the attribute to make tabu. */
export function moveOperation(st: State, mv: Move): number {
  const v = mv.op;
  const from = st.assign[v]!;
  const s = st.seq[from]!;
  const pos = s.indexOf(v);
  const key = tabuKey(st, v, from, pos > 0 ? s[pos - 1]! : -1);
  s.splice(pos, 1);
  st.seq[mv.machine]!.splice(mv.index, 0, v);
  st.setMachine(v, mv.machine);
  st.mPred[v] = -1;
  st.mSucc[v] = -1;
  st.relink(from);
  if (mv.machine !== from) st.relink(mv.machine);
  return key;
}

/** Applies a move and re-evaluates; returns the attribute that must now be tabu. */
export function applyMove(st: State, mv: Move): number {
  const key = moveOperation(st, mv);
  if (!st.evaluate()) throw new Error('internal: a move created a cycle');
  return key;
}

/** A random admissible move of a random movable operation (perturbation). */
export function randomMove(st: State, rng: Rng, criticalOnly: boolean): Move | undefined {
  const p = st.p;
  for (let attempt = 0; attempt < 50; attempt++) {
    const v = rng.int(p.n);
    if (p.fixedStart[v]! >= 0 || (criticalOnly && !isCritical(st, v))) continue;
    const el = p.eligible[v]!;
    const k = el[rng.int(el.length)]!;
    const [lo, hi] = insertRange(st, v, k);
    const i = lo + rng.int(hi - lo + 1);
    if (st.assign[v] === k && st.seq[k]![i] === v) continue;
    return { op: v, machine: k, index: i, estimate: NaN };
  }
  return undefined;
}
