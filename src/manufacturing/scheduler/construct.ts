// Constructive start: a randomised list scheduler in the spirit of Giffler & Thompson (1960)
// with flexible machine choice. At each step every job offers its next operation; for each
// operation/machine pair the earliest completion is computed (release, job, machine, setup and
// calendar). Rules: 'ect' takes the earliest completion; 'mwr' takes, among operations that can
// start before that completion, the one with most work remaining (Brandimarte 1993 uses such
// dispatching rules for the initial assignment); 'previous' follows the schedule being
// repaired (rescheduling); 'atc' takes the apparent tardiness cost index of Vepsalainen &
// Morton (1987), w/p·exp(−max(0, d − p − t)/(k·p̄)), for due dates. Pinned operations are placed
// first, as they were.
import { earliestFit, openFrom, resumeEnd } from './calendar.ts';
import type { Problem } from './problem.ts';
import type { Rng } from './rng.ts';
import { State } from './state.ts';

export type ConstructionRule = 'ect' | 'mwr' | 'previous' | 'atc';

interface Candidate {
  op: number;
  machine: number;
  start: number;
  end: number;
}

export function construct(p: Problem, rng: Rng, rule: ConstructionRule, noise = 0): State {
  const st = new State(p);
  const next = Int32Array.from({ length: p.jobCount }, (_, j) => p.firstOp[j]!);
  const jobReady = new Float64Array(p.jobCount);
  const machFree = new Float64Array(p.m);
  const last = new Int32Array(p.m).fill(-1);
  const place = (c: Candidate): void => {
    st.setMachine(c.op, c.machine);
    st.seq[c.machine]!.push(c.op);
    jobReady[p.jobOf[c.op]!] = c.end;
    machFree[c.machine] = Math.max(machFree[c.machine]!, c.end);
    last[c.machine] = c.op;
    next[p.jobOf[c.op]!]!++;
  };
  const fixed = [];
  for (let o = 0; o < p.n; o++) if (p.fixedStart[o]! >= 0) fixed.push(o);
  fixed.sort((a, b) => p.fixedStart[a]! - p.fixedStart[b]!);
  const resumable = p.resumable && p.calendar !== undefined;
  for (const o of fixed) {
    const k = p.fixedMachine[o]!;
    const s = p.fixedStart[o]!;
    const d = p.dur[o * p.m + k]!;
    place({
      op: o,
      machine: k,
      start: s,
      end: resumable ? resumeEnd(p.calendar![k]!, s, d) : s + d,
    });
  }
  const option = (o: number, k: number): Candidate => {
    const d = p.dur[o * p.m + k]!;
    let ready = Math.max(p.release[o]!, jobReady[p.jobOf[o]!]!, machFree[k]!);
    if (last[k]! >= 0) ready = Math.max(ready, machFree[k]! + p.setupTime(last[k]!, o));
    if (resumable) {
      const s = openFrom(p.calendar![k]!, ready);
      return { op: o, machine: k, start: s, end: resumeEnd(p.calendar![k]!, s, d) };
    }
    const s = p.calendar ? earliestFit(p.calendar[k]!, ready, d) : ready;
    return { op: o, machine: k, start: s, end: s + d };
  };
  const meanWork = p.workLeft.reduce((a, x, o) => (p.jobPred[o]! < 0 ? a + x : a), 0) / p.n;
  // An operation no station can finish before closing for good ends at Infinity; it is still
  // placed (the first option), so the caller can name it (planning.ts: beyond the horizon).
  const bestMachine = (o: number): Candidate => {
    let best: Candidate | undefined;
    let bestScore = Infinity;
    for (const k of p.eligible[o]!) {
      const c = option(o, k);
      const score = c.end * (1 + noise * rng.next());
      if (best === undefined || score < bestScore) [best, bestScore] = [c, score];
    }
    return best!;
  };
  // ATC priority with look-ahead k = 2: urgent and heavy jobs first, slack decays exponentially.
  const atc = (c: Candidate): number => {
    const g = p.groupOf[p.jobOf[c.op]!]!;
    const due = p.due[g]!;
    const left = p.workLeft[c.op]!;
    const w = p.groupWeight[g]! / Math.max(1, left);
    if (due === Infinity) return w * 1e-9;
    return w * Math.exp(-Math.max(0, due - left - c.start) / (2 * Math.max(1, meanWork)));
  };
  for (let placed = fixed.length; placed < p.n; placed++) {
    const cands: Candidate[] = [];
    for (let j = 0; j < p.jobCount; j++)
      if (next[j]! < p.firstOp[j + 1]!) cands.push(bestMachine(next[j]!));
    let chosen = cands[0]!;
    if (rule === 'previous') {
      const key = (c: Candidate): number => {
        const prev = p.previousStart[c.op]!;
        return Number.isNaN(prev) ? c.start : prev;
      };
      for (const c of cands) if (key(c) < key(chosen)) chosen = c;
      const pm = p.previousMachine[chosen.op]!;
      if (pm >= 0 && p.dur[chosen.op * p.m + pm]! >= 0) chosen = option(chosen.op, pm);
    } else {
      let minEnd = Infinity;
      for (const c of cands) minEnd = Math.min(minEnd, c.end);
      const conflict = cands.filter((c) => c.start < minEnd || c.end === minEnd);
      const score = (c: Candidate): number =>
        (rule === 'mwr' ? -p.workLeft[c.op]! : rule === 'atc' ? -atc(c) : c.end) *
        (1 + noise * rng.next());
      chosen = conflict[0]!;
      for (const c of conflict) if (score(c) < score(chosen)) chosen = c;
    }
    place(chosen);
  }
  st.relinkAll();
  st.evaluate();
  return st;
}
