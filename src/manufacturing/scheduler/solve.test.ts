import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../../test/shared-data.ts';
import type { Instance } from './model.ts';
import { solveParallel } from './parallel.ts';
import { parseFjs } from './parse.ts';
import { solve } from './solve.ts';
import { validateSchedule } from './validate.ts';

const fixture = (name: string): Instance =>
  parseFjs(readFileSync(new URL(`../../../test/fixtures/fjsp/${name}`, import.meta.url), 'utf8'));
const dir = sharedDataDir('fjsp');
const shared = (family: string, name: string): Instance =>
  parseFjs(readFileSync(join(dir!, family, `${name}.fjs`), 'utf8'));

/** Solves with the known optimum as stopping target; the limit only bounds a failing run. */
function solveTo(inst: Instance, optimum: number, seconds: number) {
  const r = solve(inst, { timeLimitMs: seconds * 1000, seed: 3, target: optimum });
  expect(validateSchedule(inst, r.schedule)).toEqual([]);
  return r;
}

describe('solve (Mastrolilli & Gambardella tabu search)', () => {
  it('reaches the optimum 11 on Kacem 1', () => {
    expect(solveTo(fixture('kacem1.fjs'), 11, 3).makespan).toBe(11);
  });

  it('reaches the optimum 40 on Brandimarte mk01', () => {
    expect(solveTo(fixture('mk01.fjs'), 40, 5).makespan).toBe(40);
  });

  it.skipIf(!dir)('reaches the optima of Kacem 2–4 (11, 7, 11)', () => {
    for (const [name, opt] of [
      ['kacem2', 11],
      ['kacem3', 7],
      ['kacem4', 11],
    ] as const) {
      expect(solveTo(shared('kacem', name), opt, 3).makespan, name).toBe(opt);
    }
  });

  it.skipIf(!dir)('reaches the optima of mk04 (60) and mk08 (523)', () => {
    expect(solveTo(shared('brandimarte', 'mk04'), 60, 8).makespan).toBe(60);
    expect(solveTo(shared('brandimarte', 'mk08'), 523, 5).makespan).toBe(523);
  });

  it('is deterministic for a seed with an iteration limit', () => {
    const inst = fixture('mk01.fjs');
    const a = solve(inst, { maxIterations: 3000, timeLimitMs: 1e9, seed: 42 });
    const b = solve(inst, { maxIterations: 3000, timeLimitMs: 1e9, seed: 42 });
    expect(b.schedule).toEqual(a.schedule);
    expect(validateSchedule(inst, a.schedule)).toEqual([]);
  });

  it('improves on its constructive start', () => {
    const inst = fixture('mk01.fjs');
    const start = solve(inst, { maxIterations: 0, seed: 5 });
    const searched = solve(inst, { maxIterations: 5000, timeLimitMs: 1e9, seed: 5 });
    expect(searched.makespan).toBeLessThan(start.makespan);
  });

  it('runs two searches on worker threads (tsx loaded in each worker)', async () => {
    const inst = fixture('mk01.fjs');
    const seen: number[] = [];
    const r = await solveParallel(inst, {
      workers: 2,
      timeLimitMs: 1500,
      seed: 9,
      onImprove: (m) => seen.push(m),
    });
    expect(validateSchedule(inst, r.schedule)).toEqual([]);
    expect(seen.length).toBeGreaterThan(0);
    expect(r.makespan).toBe(Math.min(...seen));
  });
});
