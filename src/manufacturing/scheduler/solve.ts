// Anytime solver: best of several randomised constructions, then tabu search over the critical
// neighbourhood of Mastrolilli & Gambardella (2000), restarted from the best solution with a
// random perturbation when it stagnates (an iterated tabu search). With a fixed seed the search
// trajectory is deterministic; with `maxIterations` and no time limit so is the result.
import { checkCalendar } from './calendar.ts';
import { construct, type ConstructionRule } from './construct.ts';
import type { Instance, Schedule } from './model.ts';
import {
  applyMove,
  candidateMoves,
  moveOperation,
  randomMove,
  undoOf,
  type Move,
} from './neighbourhood.ts';
import { Problem, type Objective } from './problem.ts';
import { Rng } from './rng.ts';
import type { State } from './state.ts';

export interface SolveOptions {
  /** Wall-clock budget in milliseconds (default 10 000). */
  timeLimitMs?: number;
  maxIterations?: number;
  seed?: number;
  /** Stop as soon as the makespan reaches this value (a known lower bound or target). */
  target?: number;
  /**
   * 'makespan' (default): makespan, then weighted tardiness; 'tardiness': weighted tardiness
   * first, then makespan (the planner's default for orders with due dates).
   */
  objective?: Objective;
  /** Called whenever the best solution improves. */
  onImprove?: (makespan: number, secondary: number, elapsedMs: number) => void;
  /** Search parameters (defaults tuned on Brandimarte instances). */
  tuning?: Partial<Tuning>;
  /** Clock in milliseconds; injectable for tests. */
  now?: () => number;
}

export interface Tuning {
  /** Moves with the best estimates that are then evaluated exactly; 1 trusts the estimate. */
  exactTopK: number;
  /** Tabu tenure: base + random(0..span·n) iterations. */
  tenureBase: number;
  tenureSpan: number;
  /** Iterations without improvement before restarting from the best with a perturbation. */
  stagnation: number;
  /** 'position': v may not return after its old predecessor; 'operation': v may not move. */
  tabuMode: 'position' | 'operation';
}

// Defaults from 6 CPU-second runs on mk02, mk05, mk06, mk07 and mk10 (two seeds on mk10): the
// seed-to-seed spread is about as large as the differences between settings; 'operation' tabu,
// a short tenure, rare restarts and six exactly re-ranked moves did best on average.
const defaultTuning: Tuning = {
  exactTopK: 6,
  tenureBase: 3,
  tenureSpan: 0.1,
  stagnation: 6000,
  tabuMode: 'operation',
};

export interface SolveResult {
  schedule: Schedule;
  makespan: number;
  /** Total tardiness plus deviation from the previous schedule (0 for plain instances). */
  secondary: number;
  iterations: number;
  timeToBestMs: number;
  elapsedMs: number;
}

/** Simple lower bound: the longest job (release + shortest times) and the average machine load. */
export function lowerBound(p: Problem): number {
  let lb = 0;
  let load = 0;
  for (let j = 0; j < p.jobCount; j++) {
    const first = p.firstOp[j]!;
    lb = Math.max(lb, p.release[first]! + p.workLeft[first]!);
  }
  for (let o = 0; o < p.n; o++)
    load += p.workLeft[o]! - (p.jobSucc[o]! >= 0 ? p.workLeft[o + 1]! : 0);
  return Math.max(lb, Math.ceil(load / p.m));
}

/**
 * Best of several constructions: one per rule first, then noisy ones while they take under a
 * tenth of the budget (a 1000-operation shop builds in tens of milliseconds per construction).
 */
function initial(
  p: Problem,
  rng: Rng,
  budgetMs: number,
  now: () => number,
  report: (st: State) => void,
): State {
  const t0 = now();
  const rules: ConstructionRule[] = p.previousStart.some((x) => !Number.isNaN(x))
    ? ['previous', 'ect', 'mwr']
    : p.tardinessFirst
      ? ['atc', 'ect', 'mwr']
      : ['ect', 'mwr'];
  let best: State | undefined;
  for (let i = 0; i < 12 && (i < rules.length || now() - t0 < budgetMs / 10); i++) {
    const st = construct(p, rng, rules[i % rules.length]!, i < rules.length ? 0 : 0.3);
    if (!best || st.betterThan(best)) {
      best = st;
      report(st);
    }
  }
  return best!;
}

/**
 * Among candidate moves, the one with the best exact objective (ties: lowest estimate): the
 * makespan, or (tardiness first) the second objective then the makespan. Each trial
 * recomputes heads only; starts and spans are restored afterwards, tails were never touched.
 */
function pickExact(st: State, moves: Move[], saved: Float64Array[]): Move | undefined {
  if (moves.length <= 1) return moves[0];
  let best: Move | undefined;
  let bestCmax = Infinity;
  let bestSecondary = Infinity;
  const { cmax, secondary } = st;
  const byTardiness = st.p.tardinessFirst;
  const spans = st.p.calendar !== undefined;
  saved[0]!.set(st.start);
  if (spans) saved[1]!.set(st.span);
  for (const mv of moves) {
    const undo = undoOf(st, mv.op);
    moveOperation(st, mv);
    st.evaluate(true);
    const better = byTardiness
      ? st.secondary < bestSecondary || (st.secondary === bestSecondary && st.cmax < bestCmax)
      : st.cmax < bestCmax;
    if (better) [best, bestCmax, bestSecondary] = [mv, st.cmax, st.secondary];
    moveOperation(st, undo);
  }
  st.start.set(saved[0]!);
  if (spans) st.span.set(saved[1]!);
  st.cmax = cmax;
  st.secondary = secondary;
  return best;
}

export function solve(instance: Instance, options: SolveOptions = {}): SolveResult {
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const limit = options.timeLimitMs ?? 10_000;
  const maxIter = options.maxIterations ?? Infinity;
  checkCalendar(instance);
  const p = new Problem(instance, options.objective);
  const rng = new Rng(options.seed ?? 1);
  const target = Math.max(
    options.target ?? -Infinity,
    p.calendar || p.fixedStart.some((s) => s >= 0) || p.tardinessFirst ? -Infinity : lowerBound(p),
  );
  const hasSecondary = p.hasSecondary;
  let timeToBest = 0;
  const best = initial(p, rng, limit, now, (st) => {
    timeToBest = now() - t0;
    options.onImprove?.(st.cmax, st.secondary, timeToBest);
  });
  const cur = best.clone();
  const tabu = new Map<number, number>();
  const tabuOp = new Int32Array(p.n);
  const saved = [new Float64Array(p.n), new Float64Array(p.n)];
  const tune = { ...defaultTuning, ...options.tuning };
  const stagnation = Math.max(tune.stagnation, 10 * p.n);
  let iter = 0;
  let lastImprove = 0;
  const done = (): boolean =>
    (best.cmax <= target && !hasSecondary) ||
    iter >= maxIter ||
    (iter % 32 === 0 && now() - t0 >= limit);
  while (!done()) {
    iter++;
    const moves = candidateMoves(cur, tabu, tabuOp, iter, best.cmax, rng, tune.exactTopK);
    const mv = pickExact(cur, moves, saved) ?? randomMove(cur, rng, false);
    if (!mv) break;
    const tenure = tune.tenureBase + rng.int(Math.max(3, Math.floor(p.n * tune.tenureSpan)));
    const key = applyMove(cur, mv);
    if (tune.tabuMode === 'operation') tabuOp[mv.op] = iter + tenure;
    else tabu.set(key, iter + tenure);
    if (cur.betterThan(best)) {
      best.copyFrom(cur);
      lastImprove = iter;
      timeToBest = now() - t0;
      options.onImprove?.(best.cmax, best.secondary, timeToBest);
    } else if (iter - lastImprove > stagnation) {
      cur.copyFrom(best);
      tabu.clear();
      tabuOp.fill(0);
      const kicks = 2 + rng.int(Math.max(2, Math.floor(p.n / 30)));
      for (let i = 0; i < kicks; i++) {
        const kick = randomMove(cur, rng, i % 2 === 0);
        if (kick) applyMove(cur, kick);
      }
      lastImprove = iter;
    }
    if (tabu.size > 50_000) for (const [k, until] of tabu) if (until <= iter) tabu.delete(k);
  }
  return {
    schedule: best.toSchedule(),
    makespan: best.cmax,
    secondary: best.secondary,
    iterations: iter,
    timeToBestMs: timeToBest,
    elapsedMs: now() - t0,
  };
}
