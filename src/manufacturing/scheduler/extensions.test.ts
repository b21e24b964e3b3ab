import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RongheError } from '../../kernel/index.ts';
import { generateInstance } from './generate.ts';
import { totalTardiness, type Instance, type Job } from './model.ts';
import { parseFjs } from './parse.ts';
import { reschedule } from './reschedule.ts';
import { solve } from './solve.ts';
import { validateSchedule } from './validate.ts';

const single = (duration: number, extra: Partial<Job> = {}): Job => ({
  operations: [{ options: [{ machine: 0, duration }] }],
  ...extra,
});
const mk01 = (): Instance =>
  parseFjs(readFileSync(new URL('../../../test/fixtures/fjsp/mk01.fjs', import.meta.url), 'utf8'));
const quick = { timeLimitMs: 60_000, maxIterations: 400, seed: 2 };

describe('release and due dates', () => {
  it('starts no operation of a job before its release', () => {
    const inst = mk01();
    inst.jobs[3] = { ...inst.jobs[3]!, release: 25 };
    const r = solve(inst, quick);
    expect(validateSchedule(inst, r.schedule)).toEqual([]);
    const job4 = r.schedule.operations.filter((o) => o.job === 3);
    expect(Math.min(...job4.map((o) => o.start))).toBeGreaterThanOrEqual(25);
  });

  it('breaks makespan ties by total tardiness', () => {
    // One machine, two jobs of 5: makespan 10 either way; only "urgent first" has no tardiness.
    const inst: Instance = {
      machineCount: 1,
      jobs: [single(5, { due: 100 }), single(5, { due: 5 })],
    };
    const r = solve(inst, quick);
    expect(r.makespan).toBe(10);
    expect(totalTardiness(inst, r.schedule)).toBe(0);
    expect(r.secondary).toBe(0);
  });
});

describe('sequence-dependent setups', () => {
  it('groups families to pay one changeover', () => {
    const families = [0, 1, 0, 1, 0, 1];
    const inst: Instance = {
      machineCount: 1,
      jobs: families.map((family) => single(3, { family })),
      setups: {
        times: [
          [0, 10],
          [10, 0],
        ],
      },
    };
    const r = solve(inst, { ...quick, maxIterations: 2000 });
    expect(validateSchedule(inst, r.schedule)).toEqual([]);
    expect(r.makespan).toBe(6 * 3 + 10);
  });
});

describe('machine calendars', () => {
  it('does not run an operation across a downtime window', () => {
    // Machine 1 is down on [3, 8): the 3-long job fits before it, the 4-long one after.
    const inst: Instance = {
      machineCount: 1,
      jobs: [single(4), single(3)],
      downtimes: [{ machine: 0, start: 3, end: 8 }],
    };
    const r = solve(inst, quick);
    expect(validateSchedule(inst, r.schedule)).toEqual([]);
    expect(r.makespan).toBe(12);
  });

  it('keeps a real instance feasible around several windows', () => {
    const inst = {
      ...mk01(),
      downtimes: [
        { machine: 0, start: 5, end: 15 },
        { machine: 3, start: 0, end: 20 },
      ],
    };
    const r = solve(inst, quick);
    expect(validateSchedule(inst, r.schedule)).toEqual([]);
  });

  it('rejects infeasible calendars and says why', () => {
    const closed: Instance = {
      machineCount: 2,
      jobs: [single(4)],
      downtimes: [{ machine: 0, start: 0, end: Infinity }],
    };
    expect(() => solve(closed, quick)).toThrow(
      /job 1, operation 1 cannot run: none of its eligible stations \(machine 1\) has a free gap/,
    );
    const empty: Instance = {
      machineCount: 1,
      jobs: [single(4)],
      downtimes: [{ machine: 0, start: 5, end: 5 }],
    };
    expect(() => solve(empty, quick)).toThrow(RongheError);
    const missing: Instance = {
      machineCount: 1,
      jobs: [single(4)],
      downtimes: [{ machine: 3, start: 0, end: 5 }],
    };
    expect(() => solve(missing, quick)).toThrow(/machine 4 does not exist/);
  });
});

describe('rescheduling', () => {
  const base = mk01();
  const before = solve(base, { ...quick, maxIterations: 2000 });
  const at = Math.floor(before.makespan / 2);

  function expectStartedKept(result: ReturnType<typeof reschedule>) {
    const now = new Map(result.schedule.operations.map((o) => [`${o.job}/${o.op}`, o]));
    for (const o of before.schedule.operations) {
      const n = now.get(`${o.job}/${o.op}`)!;
      if (o.start < at)
        expect([n.machine, n.start], `job ${o.job} op ${o.op}`).toEqual([o.machine, o.start]);
      else expect(n.start).toBeGreaterThanOrEqual(at);
    }
    expect(validateSchedule(result.instance, result.schedule)).toEqual([]);
  }

  it('keeps started operations fixed after a machine breakdown', () => {
    const busiest = before.schedule.operations.find((o) => o.start >= at)!.machine;
    const r = reschedule(
      base,
      before.schedule,
      { kind: 'breakdown', machine: busiest, at, repairedAt: at + 15 },
      quick,
    );
    expectStartedKept(r);
    const onBroken = r.schedule.operations.filter((o) => o.machine === busiest && o.start >= at);
    for (const o of onBroken) expect(o.start >= at + 15 || o.end <= at).toBe(true);
  });

  it('fits a rush order in without moving started operations', () => {
    const rush: Job = { operations: base.jobs[0]!.operations };
    const r = reschedule(base, before.schedule, { kind: 'rush-order', at, job: rush }, quick);
    expectStartedKept(r);
    expect(r.schedule.operations.filter((o) => o.job === base.jobs.length)).toHaveLength(
      rush.operations.length,
    );
  });

  it('repairs a 100-job shop to a feasible schedule', () => {
    const big = generateInstance({
      jobs: 100,
      machines: 20,
      ops: [8, 12],
      flexibility: [1, 4],
      times: [1, 30],
      seed: 7,
    });
    const first = solve(big, { maxIterations: 200, timeLimitMs: 3000, seed: 1 });
    const t = Math.floor(first.makespan / 3);
    const r = reschedule(
      big,
      first.schedule,
      { kind: 'breakdown', machine: 0, at: t, repairedAt: t + 50 },
      {
        maxIterations: 200,
        timeLimitMs: 3000,
      },
    );
    expect(validateSchedule(r.instance, r.schedule)).toEqual([]);
    expect(r.instance.frozen!.operations.length).toBeGreaterThan(0);
  });
});
