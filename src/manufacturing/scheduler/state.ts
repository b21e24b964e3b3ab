// A solution as a disjunctive graph (Roy & Sussmann 1964): a machine for every operation and an
// order of the operations on every machine. `evaluate` computes heads (semi-active starts) and
// tails by one topological pass each, as in Mastrolilli & Gambardella (2000), extended with
// release dates, sequence-dependent setups, machine calendars and pinned operations.
import { earliestFit } from './calendar.ts';
import type { Schedule } from './model.ts';
import type { Problem } from './problem.ts';

export class State {
  readonly assign: Int32Array;
  /** Processing time of each operation on its assigned machine (kept in step with assign). */
  readonly pdur: Float64Array;
  seq: number[][];
  readonly mPred: Int32Array;
  readonly mSucc: Int32Array;
  readonly start: Float64Array;
  /** Longest path from the end of the operation to the end of the schedule. */
  readonly tail: Float64Array;
  readonly order: Int32Array;
  private readonly indeg: Int32Array;
  cmax = Infinity;
  /** Total tardiness plus deviation from the previous schedule: the second objective. */
  secondary = Infinity;

  constructor(readonly p: Problem) {
    this.assign = new Int32Array(p.n);
    this.pdur = new Float64Array(p.n);
    this.seq = Array.from({ length: p.m }, () => []);
    this.mPred = new Int32Array(p.n).fill(-1);
    this.mSucc = new Int32Array(p.n).fill(-1);
    this.start = new Float64Array(p.n);
    this.tail = new Float64Array(p.n);
    this.order = new Int32Array(p.n);
    this.indeg = new Int32Array(p.n);
  }

  duration(o: number): number {
    return this.pdur[o]!;
  }

  end(o: number): number {
    return this.start[o]! + this.pdur[o]!;
  }

  setMachine(o: number, k: number): void {
    this.assign[o] = k;
    this.pdur[o] = this.p.dur[o * this.p.m + k]!;
  }

  relink(k: number): void {
    const s = this.seq[k]!;
    for (let i = 0; i < s.length; i++) {
      const o = s[i]!;
      this.mPred[o] = i > 0 ? s[i - 1]! : -1;
      this.mSucc[o] = i < s.length - 1 ? s[i + 1]! : -1;
    }
  }

  relinkAll(): void {
    for (let k = 0; k < this.p.m; k++) this.relink(k);
  }

  /**
   * Heads, tails, makespan and second objective; false when the orders contain a cycle. With
   * `headsOnly` just the starts and the makespan (a trial evaluation: tails stay stale).
   */
  evaluate(headsOnly = false): boolean {
    const { p, start, tail, order, indeg, mPred, mSucc, pdur } = this;
    const { jobPred, jobSucc, release, fixedStart, calendar } = p;
    const setups = p.setup !== undefined;
    let head = 0;
    let size = 0;
    for (let o = 0; o < p.n; o++) {
      const d = (jobPred[o]! >= 0 ? 1 : 0) + (mPred[o]! >= 0 ? 1 : 0);
      indeg[o] = d;
      if (d === 0) order[size++] = o;
    }
    let cmax = 0;
    while (head < size) {
      const o = order[head++]!;
      const jp = jobPred[o]!;
      const mp = mPred[o]!;
      let ready = release[o]!;
      if (jp >= 0) {
        const e = start[jp]! + pdur[jp]!;
        if (e > ready) ready = e;
      }
      if (mp >= 0) {
        const e = start[mp]! + pdur[mp]! + (setups ? p.setupTime(mp, o) : 0);
        if (e > ready) ready = e;
      }
      const d = pdur[o]!;
      let s = ready;
      if (fixedStart[o]! >= 0) s = fixedStart[o]!;
      else if (calendar) s = earliestFit(calendar[this.assign[o]!]!, ready, d);
      start[o] = s;
      if (s + d > cmax) cmax = s + d;
      const js = jobSucc[o]!;
      const ms = mSucc[o]!;
      if (js >= 0 && --indeg[js]! === 0) order[size++] = js;
      if (ms >= 0 && --indeg[ms]! === 0) order[size++] = ms;
    }
    if (size < p.n) {
      this.cmax = Infinity;
      return false;
    }
    this.cmax = cmax;
    if (headsOnly) return true;
    for (let i = p.n - 1; i >= 0; i--) {
      const o = order[i]!;
      const js = jobSucc[o]!;
      const ms = mSucc[o]!;
      let t = 0;
      if (js >= 0) t = tail[js]! + pdur[js]!;
      if (ms >= 0) {
        const u = tail[ms]! + pdur[ms]! + (setups ? p.setupTime(o, ms) : 0);
        if (u > t) t = u;
      }
      tail[o] = t;
    }
    this.secondary = p.hasSecondary ? this.secondaryObjective() : 0;
    return true;
  }

  private secondaryObjective(): number {
    const p = this.p;
    let sum = 0;
    for (let j = 0; j < p.jobCount; j++) {
      if (p.due[j]! < Infinity) sum += Math.max(0, this.end(p.firstOp[j + 1]! - 1) - p.due[j]!);
    }
    for (let o = 0; o < p.n; o++) {
      const prev = p.previousStart[o]!;
      if (!Number.isNaN(prev)) sum += Math.abs(this.start[o]! - prev);
    }
    return sum;
  }

  /** Lexicographic: makespan first, then the second objective. */
  betterThan(other: { cmax: number; secondary: number }): boolean {
    return this.cmax < other.cmax || (this.cmax === other.cmax && this.secondary < other.secondary);
  }

  copyFrom(other: State): void {
    this.assign.set(other.assign);
    this.pdur.set(other.pdur);
    this.seq = other.seq.map((s) => s.slice());
    this.mPred.set(other.mPred);
    this.mSucc.set(other.mSucc);
    this.start.set(other.start);
    this.tail.set(other.tail);
    this.order.set(other.order);
    this.cmax = other.cmax;
    this.secondary = other.secondary;
  }

  clone(): State {
    const s = new State(this.p);
    s.copyFrom(this);
    return s;
  }

  toSchedule(): Schedule {
    const p = this.p;
    const operations = [];
    for (let o = 0; o < p.n; o++) {
      const s = this.start[o]!;
      operations.push({
        job: p.jobOf[o]!,
        op: p.opOf[o]!,
        machine: this.assign[o]!,
        start: s,
        end: s + this.duration(o),
      });
    }
    return { makespan: this.cmax, operations };
  }
}
