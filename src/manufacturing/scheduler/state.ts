// A solution as a disjunctive graph (Roy & Sussmann 1964): a machine for every operation and an
// order of the operations on every machine. `evaluate` computes heads (semi-active starts) and
// tails by one topological pass each, as in Mastrolilli & Gambardella (2000), extended with
// release dates, sequence-dependent setups, machine calendars and pinned operations.
import { earliestFit, openFrom, resumeEnd, segmentsOf } from './calendar.ts';
import type { Schedule, ScheduledOperation } from './model.ts';
import type { Problem } from './problem.ts';

export class State {
  readonly assign: Int32Array;
  /** Processing time of each operation on its assigned machine (kept in step with assign). */
  readonly pdur: Float64Array;
  /**
   * Elapsed time from start to end: pdur, plus the closed time an operation of a resumable
   * instance waits out between its pieces. Set by evaluate.
   */
  readonly span: Float64Array;
  seq: number[][];
  readonly mPred: Int32Array;
  readonly mSucc: Int32Array;
  readonly start: Float64Array;
  /** Longest path from the end of the operation to the end of the schedule. */
  readonly tail: Float64Array;
  readonly order: Int32Array;
  private readonly indeg: Int32Array;
  private readonly groupCompletion: Float64Array;
  cmax = Infinity;
  /** Total tardiness plus deviation from the previous schedule: the second objective. */
  secondary = Infinity;

  constructor(readonly p: Problem) {
    this.assign = new Int32Array(p.n);
    this.pdur = new Float64Array(p.n);
    this.span = new Float64Array(p.n);
    this.seq = Array.from({ length: p.m }, () => []);
    this.mPred = new Int32Array(p.n).fill(-1);
    this.mSucc = new Int32Array(p.n).fill(-1);
    this.start = new Float64Array(p.n);
    this.tail = new Float64Array(p.n);
    this.order = new Int32Array(p.n);
    this.indeg = new Int32Array(p.n);
    this.groupCompletion = new Float64Array(p.jobCount);
  }

  duration(o: number): number {
    return this.pdur[o]!;
  }

  end(o: number): number {
    return this.start[o]! + this.span[o]!;
  }

  setMachine(o: number, k: number): void {
    this.assign[o] = k;
    this.pdur[o] = this.p.dur[o * this.p.m + k]!;
    if (!this.p.calendar) this.span[o] = this.pdur[o]!;
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
    const { p, start, tail, order, indeg, mPred, mSucc, pdur, span } = this;
    const { jobPred, jobSucc, release, fixedStart, calendar, resumable } = p;
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
        const e = start[jp]! + span[jp]!;
        if (e > ready) ready = e;
      }
      if (mp >= 0) {
        const e = start[mp]! + span[mp]! + (setups ? p.setupTime(mp, o) : 0);
        if (e > ready) ready = e;
      }
      const d = pdur[o]!;
      let s = fixedStart[o]! >= 0 ? fixedStart[o]! : ready;
      let e = s + d;
      if (calendar) {
        // Without a calendar span stays equal to pdur (setMachine): no write in the hot loop.
        const ws = calendar[this.assign[o]!]!;
        if (resumable) {
          if (fixedStart[o]! < 0) s = openFrom(ws, ready);
          e = resumeEnd(ws, s, d);
        } else {
          if (fixedStart[o]! < 0) s = earliestFit(ws, ready, d);
          e = s + d;
        }
        span[o] = e === Infinity ? Infinity : e - s;
      }
      start[o] = s;
      if (e > cmax) cmax = e;
      const js = jobSucc[o]!;
      const ms = mSucc[o]!;
      if (js >= 0 && --indeg[js]! === 0) order[size++] = js;
      if (ms >= 0 && --indeg[ms]! === 0) order[size++] = ms;
    }
    if (size < p.n) {
      this.cmax = Infinity;
      this.secondary = Infinity;
      return false;
    }
    this.cmax = cmax;
    if (headsOnly) {
      // A trial ranked by tardiness first needs the second objective too (O(jobs)).
      if (p.tardinessFirst) this.secondary = p.hasSecondary ? this.secondaryObjective() : 0;
      return true;
    }
    for (let i = p.n - 1; i >= 0; i--) {
      const o = order[i]!;
      const js = jobSucc[o]!;
      const ms = mSucc[o]!;
      let t = 0;
      if (js >= 0) t = tail[js]! + span[js]!;
      if (ms >= 0) {
        const u = tail[ms]! + span[ms]! + (setups ? p.setupTime(o, ms) : 0);
        if (u > t) t = u;
      }
      tail[o] = t;
    }
    this.secondary = p.hasSecondary ? this.secondaryObjective() : 0;
    return true;
  }

  private secondaryObjective(): number {
    const p = this.p;
    const completion = this.groupCompletion;
    completion.fill(0);
    for (let j = 0; j < p.jobCount; j++) {
      const g = p.groupOf[j]!;
      completion[g] = Math.max(completion[g]!, this.end(p.firstOp[j + 1]! - 1));
    }
    let sum = 0;
    for (let g = 0; g < p.jobCount; g++) {
      if (p.due[g]! < Infinity) sum += p.groupWeight[g]! * Math.max(0, completion[g]! - p.due[g]!);
    }
    for (let o = 0; o < p.n; o++) {
      const prev = p.previousStart[o]!;
      if (!Number.isNaN(prev)) sum += Math.abs(this.start[o]! - prev);
    }
    return sum;
  }

  /** Lexicographic: makespan first, then the second objective (or the reverse: tardinessFirst). */
  betterThan(other: { cmax: number; secondary: number }): boolean {
    if (this.p.tardinessFirst) {
      return (
        this.secondary < other.secondary ||
        (this.secondary === other.secondary && this.cmax < other.cmax)
      );
    }
    return this.cmax < other.cmax || (this.cmax === other.cmax && this.secondary < other.secondary);
  }

  copyFrom(other: State): void {
    this.assign.set(other.assign);
    this.pdur.set(other.pdur);
    this.span.set(other.span);
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
    const operations: ScheduledOperation[] = [];
    for (let o = 0; o < p.n; o++) {
      const s = this.start[o]!;
      const e = this.end(o);
      const k = this.assign[o]!;
      const op: ScheduledOperation = {
        job: p.jobOf[o]!,
        op: p.opOf[o]!,
        machine: k,
        start: s,
        end: e,
      };
      if (e - s > this.pdur[o]! && p.calendar) op.segments = segmentsOf(p.calendar[k]!, s, e);
      operations.push(op);
    }
    return { makespan: this.cmax, operations };
  }
}
