import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Instance, Schedule, ScheduledOperation } from './model.ts';
import { parseFjs } from './parse.ts';
import { validateSchedule } from './validate.ts';

// Two jobs on two machines, written out by hand so the valid schedule is known exactly.
const inst: Instance = {
  machineCount: 2,
  jobs: [
    {
      operations: [
        { options: [{ machine: 0, duration: 3 }] },
        { options: [{ machine: 1, duration: 2 }] },
      ],
    },
    {
      operations: [
        {
          options: [
            { machine: 1, duration: 4 },
            { machine: 0, duration: 5 },
          ],
        },
        { options: [{ machine: 0, duration: 1 }] },
      ],
    },
  ],
};
const ok: Schedule = {
  makespan: 6,
  operations: [
    { job: 0, op: 0, machine: 0, start: 0, end: 3 },
    { job: 0, op: 1, machine: 1, start: 4, end: 6 },
    { job: 1, op: 0, machine: 1, start: 0, end: 4 },
    { job: 1, op: 1, machine: 0, start: 4, end: 5 },
  ],
};

function broken(change: (ops: ScheduledOperation[]) => void, makespan = ok.makespan): Schedule {
  const operations = ok.operations.map((o) => ({ ...o }));
  change(operations);
  return { makespan, operations };
}

describe('validateSchedule', () => {
  it('accepts a feasible schedule', () => {
    expect(validateSchedule(inst, ok)).toEqual([]);
  });

  it('rejects a precedence violation within a job', () => {
    const s = broken((ops) => Object.assign(ops[1]!, { start: 2, end: 4 }));
    expect(validateSchedule(inst, s).join('\n')).toMatch(
      /job 1 op 2 starts at 2 before its predecessor/,
    );
  });

  it('rejects an ineligible machine', () => {
    const s = broken((ops) => Object.assign(ops[0]!, { machine: 1 }));
    expect(validateSchedule(inst, s).join('\n')).toMatch(/machine 2, which is not eligible/);
  });

  it("rejects a duration that differs from the chosen machine's time", () => {
    const s = broken((ops) => Object.assign(ops[2]!, { machine: 0, start: 3, end: 7 }));
    expect(validateSchedule(inst, s).join('\n')).toMatch(/lasts 4, machine 1 needs 5/);
  });

  it('rejects overlap on a machine', () => {
    const s = broken((ops) => Object.assign(ops[3]!, { start: 2, end: 3 }));
    expect(validateSchedule(inst, s).join('\n')).toMatch(/machine 1: .* overlap/);
  });

  it('rejects a wrong makespan, and missing or duplicated operations', () => {
    expect(
      validateSchedule(
        inst,
        broken(() => undefined, 7),
      ),
    ).toContain('makespan 7 differs from the latest end 6');
    expect(
      validateSchedule(
        inst,
        broken((ops) => ops.pop()),
      ).join('\n'),
    ).toMatch(/job 2 op 2 is missing/);
    expect(
      validateSchedule(
        inst,
        broken((ops) => ops.push({ ...ops[0]! })),
      ).join('\n'),
    ).toMatch(/twice/);
  });

  it('checks downtimes, release dates and setups when the instance has them', () => {
    expect(
      validateSchedule({ ...inst, downtimes: [{ machine: 0, start: 2, end: 3 }] }, ok).join('\n'),
    ).toMatch(/during downtime/);
    const released = { ...inst, jobs: [inst.jobs[0]!, { ...inst.jobs[1]!, release: 1 }] };
    expect(validateSchedule(released, ok).join('\n')).toMatch(/before the job's release/);
    const setups = {
      ...inst,
      jobs: [inst.jobs[0]!, { ...inst.jobs[1]!, family: 1 }],
      setups: {
        times: [
          [0, 2],
          [2, 0],
        ],
      },
    };
    expect(validateSchedule(setups, ok).join('\n')).toMatch(/overlap \(setup 2\)/);
  });

  it('validates a real instance file layout (Kacem 1) against a trivially serial schedule', () => {
    const k1 = parseFjs(
      readFileSync(new URL('../../../test/fixtures/fjsp/kacem1.fjs', import.meta.url), 'utf8'),
    );
    let t = 0;
    const operations: ScheduledOperation[] = [];
    k1.jobs.forEach((job, j) =>
      job.operations.forEach((op, k) => {
        const o = op.options[0]!;
        operations.push({ job: j, op: k, machine: o.machine, start: t, end: t + o.duration });
        t += o.duration;
      }),
    );
    expect(validateSchedule(k1, { makespan: t, operations })).toEqual([]);
  });
});
