// Shop-floor extensions of the core (issue 19): operations that resume after a closed window,
// sub-lots of one order counted once for tardiness, weighted tardiness as the first objective,
// and errors that name the order, operation and station instead of solver indices.
import { describe, expect, it } from 'vitest';
import { RongheError } from '../../kernel/index.ts';
import { resumeEnd, segmentsOf } from './calendar.ts';
import { weightedTardiness, type Downtime, type Instance, type Job } from './model.ts';
import { solve } from './solve.ts';
import { validateSchedule } from './validate.ts';

const quick = { timeLimitMs: 60_000, maxIterations: 300, seed: 4 };
const on = (machine: number, duration: number): Job['operations'][number] => ({
  options: [{ machine, duration }],
});

/** Day shifts 08:00–17:30 with lunch 12:00–12:30 (540 open minutes) for `days` days. */
function shifts(machine: number, days: number): Downtime[] {
  const out: Downtime[] = [];
  let cursor = 0;
  for (let d = 0; d < days; d++) {
    const day = d * 1440;
    out.push({ machine, start: cursor, end: day + 480 });
    out.push({ machine, start: day + 720, end: day + 750 });
    cursor = day + 1050;
  }
  out.push({ machine, start: cursor, end: Infinity });
  return out;
}

describe('preemptive-resume across closed windows', () => {
  it('computes the end and the running pieces of an interrupted operation', () => {
    expect(resumeEnd([5, 10], 0, 8)).toBe(13);
    expect(resumeEnd([5, 10, 12, 20], 0, 8)).toBe(21);
    expect(resumeEnd([5, Infinity], 0, 8)).toBe(Infinity);
    expect(segmentsOf([5, 10, 12, 20], 0, 21)).toEqual([
      [0, 5],
      [10, 12],
      [20, 21],
    ]);
  });

  it('runs a 1,255-minute operation across breaks and nights instead of waiting for a gap', () => {
    const base: Instance = {
      machineCount: 1,
      machineNames: ['SEW1'],
      jobs: [{ operations: [{ ...on(0, 1255), name: "operation 1 'sewing'" }], name: 'order A' }],
      downtimes: shifts(0, 5),
    };
    expect(() => solve(base, quick)).toThrow(
      /order A, operation 1 'sewing' cannot run: none of its eligible stations \(station SEW1\)/,
    );
    const inst: Instance = { ...base, resumable: true };
    const r = solve(inst, quick);
    expect(validateSchedule(inst, r.schedule)).toEqual([]);
    const op = r.schedule.operations[0]!;
    // 540 open minutes a day: day 1 and day 2 full (1,080), 175 minutes on day 3 from 08:00.
    expect(op.start).toBe(480);
    expect(op.end).toBe(2 * 1440 + 480 + 175);
    expect(op.segments).toHaveLength(5);
    expect(op.segments![1]).toEqual([750, 1050]);
  });

  it('rejects a resumable schedule that starts inside a closed window', () => {
    const inst: Instance = {
      machineCount: 1,
      jobs: [{ operations: [on(0, 4)] }],
      downtimes: [{ machine: 0, start: 2, end: 6 }],
      resumable: true,
    };
    const bad = { makespan: 7, operations: [{ job: 0, op: 0, machine: 0, start: 3, end: 7 }] };
    expect(validateSchedule(inst, bad).join('\n')).toMatch(/during downtime \[2, 6\)/);
  });

  it('says which order and station lack open time when even resuming cannot finish', () => {
    const inst: Instance = {
      machineCount: 2,
      machineNames: ['CUT1', 'CUT2'],
      resumable: true,
      jobs: [
        {
          operations: [
            {
              options: [
                { machine: 0, duration: 600 },
                { machine: 1, duration: 700 },
              ],
              name: "operation 1 'cutting'",
            },
          ],
          name: 'customer order CO-9 / production order po_1',
        },
      ],
      downtimes: [...shifts(0, 1), ...shifts(1, 1)],
    };
    try {
      solve(inst, quick);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RongheError);
      expect((e as Error).message).toMatch(
        /customer order CO-9 \/ production order po_1, operation 1 'cutting' cannot run: none of its eligible stations \(station CUT1, station CUT2\) has as much open time/,
      );
    }
  });
});

describe('weighted tardiness and sub-lot groups', () => {
  it('counts the sub-lots of one order once, by the last sub-lot, with the weight', () => {
    const inst: Instance = {
      machineCount: 2,
      jobs: [
        { operations: [on(0, 10)], due: 5, weight: 3, group: 7 },
        { operations: [on(1, 20)], due: 5, weight: 3, group: 7 },
        { operations: [on(0, 2)], due: 30 },
      ],
    };
    const r = solve(inst, quick);
    const late = weightedTardiness(inst, r.schedule);
    const lastSubLot = Math.max(
      ...r.schedule.operations.filter((o) => o.job < 2).map((o) => o.end),
    );
    expect(late).toBe(3 * (lastSubLot - 5));
    expect(r.secondary).toBe(late);
  });

  it('puts weighted tardiness before makespan when asked (lexicographic)', () => {
    // X (not urgent) could start at 0; Y arrives at 1 with a due date of 3 and weight 5.
    const inst: Instance = {
      machineCount: 1,
      jobs: [
        { operations: [on(0, 10)], due: 100 },
        { operations: [on(0, 2)], release: 1, due: 3, weight: 5 },
      ],
    };
    const byMakespan = solve(inst, quick);
    expect([byMakespan.makespan, byMakespan.secondary]).toEqual([12, 45]);
    const byTardiness = solve(inst, { ...quick, objective: 'tardiness' });
    expect([byTardiness.makespan, byTardiness.secondary]).toEqual([13, 0]);
    expect(validateSchedule(inst, byTardiness.schedule)).toEqual([]);
  });
});

describe('work that runs past the calendar', () => {
  it('places an operation each station could run alone but not after its predecessor', () => {
    // Each 300-minute operation fits the one day SEW1 is open (480–1050, lunch 720–750), but not both: the
    // second cannot finish before the station closes for good. Seen from the planning service
    // as a 500 (TypeError in the constructive start); it must end at Infinity, which the
    // service reports as work beyond its horizon, naming the operation.
    const inst: Instance = {
      machineCount: 1,
      machineNames: ['SEW1'],
      jobs: [{ operations: [on(0, 300), on(0, 300)], name: 'order A' }],
      downtimes: shifts(0, 1),
    };
    for (const resumable of [false, true]) {
      const r = solve({ ...inst, resumable }, quick);
      const ends = r.schedule.operations.map((o) => o.end);
      // After lunch whole (750–1050), or resumed across it (480–720, 750–810).
      expect(ends[0]).toBe(resumable ? 810 : 1050);
      expect(ends[1]).toBe(Infinity);
    }
  });
});
