// Flat, index-based view of an Instance for the solver's inner loops: operations are numbered
// 0..n-1 job by job, and per-operation data live in typed arrays.
import { buildCalendar, type Calendar } from './calendar.ts';
import type { Instance } from './model.ts';

/**
 * 'makespan': makespan, then the second objective (weighted tardiness plus deviation);
 * 'tardiness': weighted tardiness (plus deviation) first, then makespan.
 */
export type Objective = 'makespan' | 'tardiness';

export class Problem {
  readonly n: number;
  readonly m: number;
  readonly jobCount: number;
  readonly jobOf: Int32Array;
  readonly opOf: Int32Array;
  readonly jobPred: Int32Array;
  readonly jobSucc: Int32Array;
  /** firstOp[j] is the index of job j's first operation; firstOp[jobCount] = n. */
  readonly firstOp: Int32Array;
  /** dur[o * m + k]: time of operation o on machine k, −1 when k is not eligible. */
  readonly dur: Float64Array;
  readonly eligible: Int32Array[];
  /** Earliest start of each operation: job release, and the freeze time when rescheduling. */
  readonly release: Float64Array;
  /** due[g]: due date of tardiness group g (Infinity: none). */
  readonly due: Float64Array;
  /** Tardiness group of each job (a job, or the sub-lots of one order) and its weight. */
  readonly groupOf: Int32Array;
  readonly groupWeight: Float64Array;
  readonly family: Int32Array;
  readonly setup: number[][] | undefined;
  readonly calendar: Calendar | undefined;
  /** Pinned operations (rescheduling): start ≥ 0 and machine, else −1. */
  readonly fixedStart: Float64Array;
  readonly fixedMachine: Int32Array;
  /** Start in the schedule being repaired (NaN when none): the deviation objective. */
  readonly previousStart: Float64Array;
  readonly previousMachine: Int32Array;
  /** Sum of the shortest processing time of each remaining operation of the job, from o on. */
  readonly workLeft: Float64Array;
  /** Due dates or a previous schedule: the second objective is not identically 0. */
  readonly hasSecondary: boolean;
  /** Operations resume after a calendar window instead of waiting for a gap (preemptive-resume). */
  readonly resumable: boolean;
  readonly tardinessFirst: boolean;

  constructor(
    readonly instance: Instance,
    objective: Objective = 'makespan',
  ) {
    const jobs = instance.jobs;
    this.m = instance.machineCount;
    this.jobCount = jobs.length;
    this.firstOp = new Int32Array(jobs.length + 1);
    let n = 0;
    jobs.forEach((job, j) => {
      this.firstOp[j] = n;
      n += job.operations.length;
    });
    this.firstOp[jobs.length] = n;
    this.n = n;
    this.jobOf = new Int32Array(n);
    this.opOf = new Int32Array(n);
    this.jobPred = new Int32Array(n).fill(-1);
    this.jobSucc = new Int32Array(n).fill(-1);
    this.dur = new Float64Array(n * this.m).fill(-1);
    this.eligible = [];
    this.release = new Float64Array(n);
    this.due = new Float64Array(jobs.length).fill(Infinity);
    this.groupOf = new Int32Array(jobs.length);
    this.groupWeight = new Float64Array(jobs.length);
    this.resumable = instance.resumable === true;
    this.tardinessFirst = objective === 'tardiness';
    this.family = new Int32Array(n);
    this.fixedStart = new Float64Array(n).fill(-1);
    this.fixedMachine = new Int32Array(n).fill(-1);
    this.previousStart = new Float64Array(n).fill(NaN);
    this.previousMachine = new Int32Array(n).fill(-1);
    this.workLeft = new Float64Array(n);
    this.setup = instance.setups?.times;
    this.calendar = instance.downtimes?.length ? buildCalendar(instance) : undefined;
    const from = instance.frozen?.from ?? 0;
    let o = 0;
    const groups = new Map<number, number>();
    jobs.forEach((job, j) => {
      // Groups are renumbered densely; the first member sets the due date and weight.
      const key = job.group ?? -1 - j;
      const g = groups.get(key) ?? groups.size;
      if (!groups.has(key)) {
        groups.set(key, g);
        if (job.due !== undefined) this.due[g] = job.due;
        this.groupWeight[g] = job.weight ?? 1;
      }
      this.groupOf[j] = g;
      job.operations.forEach((op, k) => {
        this.jobOf[o] = j;
        this.opOf[o] = k;
        if (k > 0) this.jobPred[o] = o - 1;
        if (k < job.operations.length - 1) this.jobSucc[o] = o + 1;
        for (const opt of op.options) this.dur[o * this.m + opt.machine] = opt.duration;
        this.eligible.push(Int32Array.from(op.options.map((x) => x.machine)));
        this.release[o] = Math.max(job.release ?? 0, from);
        this.family[o] = job.family ?? 0;
        o++;
      });
    });
    for (let i = n - 1; i >= 0; i--) {
      const min = Math.min(...Array.from(this.eligible[i]!, (k) => this.dur[i * this.m + k]!));
      this.workLeft[i] = min + (this.jobSucc[i]! >= 0 ? this.workLeft[i + 1]! : 0);
    }
    for (const f of instance.frozen?.operations ?? []) {
      const idx = this.firstOp[f.job]! + f.op;
      this.fixedStart[idx] = f.start;
      this.fixedMachine[idx] = f.machine;
      this.release[idx] = f.start;
    }
    for (const p of instance.frozen?.previous ?? []) {
      this.previousStart[this.firstOp[p.job]! + p.op] = p.start;
      this.previousMachine[this.firstOp[p.job]! + p.op] = p.machine;
    }
    this.hasSecondary =
      this.due.some((d) => d < Infinity) || this.previousStart.some((x) => !Number.isNaN(x));
  }

  index(job: number, op: number): number {
    return this.firstOp[job]! + op;
  }

  setupTime(from: number, to: number): number {
    return this.setup ? (this.setup[this.family[from]!]?.[this.family[to]!] ?? 0) : 0;
  }
}
