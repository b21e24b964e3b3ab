// The `ronghe` command as a user runs it: a child process through bin/ronghe.js, on committed
// fixtures, checking what it prints and its exit code.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseFjs, validateSchedule } from '../manufacturing/index.ts';
import { readFileSync } from 'node:fs';

const run = promisify(execFile);
const ronghe = (args: string[]) =>
  run(process.execPath, ['bin/ronghe.js', ...args], { maxBuffer: 32 * 1024 * 1024 });
const fails = async (args: string[]) => {
  try {
    await ronghe(args);
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
  throw new Error(`ronghe ${args.join(' ')} succeeded`);
};

describe('ronghe CLI', () => {
  it('lists its commands', async () => {
    const { stdout } = await ronghe(['--help']);
    for (const c of [
      'start',
      'migrate',
      'tenant',
      'user',
      'apikey',
      'assets',
      'simulate',
      'phm',
      'energy',
      'schedule',
    ])
      expect(stdout).toContain(`  ${c}`);
  });

  it('schedule solve prints a feasible schedule in the documented JSON, numbered from 1', async () => {
    const file = 'test/fixtures/fjsp/mk01.fjs';
    const { stdout } = await ronghe([
      'schedule',
      'solve',
      file,
      '--time-limit',
      '2',
      '--seed',
      '7',
      '--json',
    ]);
    const out = JSON.parse(stdout) as {
      makespan: number;
      operations: Array<{ job: number; op: number; machine: number; start: number; end: number }>;
    };
    expect(Object.keys(out)).toEqual(['makespan', 'operations']);
    expect(Math.min(...out.operations.map((o) => o.job))).toBe(1);
    const instance = parseFjs(readFileSync(file, 'utf8'), file);
    const zeroBased = {
      makespan: out.makespan,
      operations: out.operations.map((o) => ({
        ...o,
        job: o.job - 1,
        op: o.op - 1,
        machine: o.machine - 1,
      })),
    };
    expect(validateSchedule(instance, zeroBased)).toEqual([]);
    expect(out.makespan).toBeGreaterThanOrEqual(40); // mk01's optimum
  });

  it('schedule solve names the line of a malformed instance', async () => {
    const r = await fails([
      'schedule',
      'solve',
      'test/fixtures/fjsp/bad-machine.fjs',
      '--time-limit',
      '1',
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line \d+/);
  });

  it('energy caltrack fits the daily baseline and reports the selected model as JSON', async () => {
    const { stdout } = await ronghe([
      'energy',
      'caltrack',
      '--meter',
      'test/fixtures/eemeter/il-electricity-cdd-hdd-daily-baseline.csv',
      '--temperature',
      'test/fixtures/eemeter/il-tempF-baseline.csv.gz',
      '--baseline-end',
      '2016-12-26',
      '--reporting-start',
      '2016-12-26',
      '--method',
      'daily',
      '--json',
    ]);
    const out = JSON.parse(stdout) as {
      status: string;
      model: { type: string; heatingBalancePoint: number; coolingBalancePoint: number };
    };
    expect(out.status).toBe('ok');
    expect(out.model).toMatchObject({
      type: 'cdd_hdd',
      heatingBalancePoint: 53,
      coolingBalancePoint: 67,
    });
  });

  it('answers a wrong option with the usage and exit code 2', async () => {
    const r = await fails(['energy', 'caltrack', '--meter']);
    expect(r.code).toBe(2);
    const u = await fails(['frobnicate']);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/unknown command 'frobnicate'/);
  });
});
