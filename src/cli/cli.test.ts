// The `ronghe` command as a user runs it: a child process through bin/ronghe.js, on committed
// fixtures, checking what it prints and its exit code.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseFjs, validateSchedule } from '../manufacturing/index.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataDir } from '../../test/shared-data.ts';

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
      'repack',
    ])
      expect(stdout).toContain(`  ${c}`);
  });

  it('repack migrates a fresh data directory, then says what it did; a missing file is named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ronghe-cli-repack-'));
    try {
      await ronghe(['migrate', '--data', dir]);
      const { stdout } = await ronghe(['repack', '--data', dir]);
      expect(stdout).toMatch(/ronghe\.db: 8192 → 8192 byte pages, [\d.]+ MB → [\d.]+ MB/);
      const r = await fails(['repack', '--database-url', join(dir, 'none.db')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/RONGHE_NOT_FOUND: No database file at .*none\.db/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

describe('ronghe phm', () => {
  const cmapss = sharedDataDir('cmapss');

  it('refuses too few training units with a message naming the data, not a stack trace', async () => {
    const r = await fails([
      'phm',
      'rul',
      'train',
      '--data',
      'test/fixtures/phm/train_FD001_units1-2.txt',
      '--out',
      join(tmpdir(), 'never.json'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/need at least 5 run-to-failure units/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.skipIf(!cmapss)(
    'trains on C-MAPSS units, predicts one CSV line per test unit in unit order',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ronghe-phm-cli-'));
      const keep = (file: string, units: number) =>
        readFileSync(join(cmapss!, file), 'utf8')
          .split('\n')
          .filter((l) => l.trim() && Number(l.trim().split(/\s+/)[0]) <= units)
          .join('\n') + '\n';
      writeFileSync(join(dir, 'train.txt'), keep('train_FD001.txt', 12));
      writeFileSync(join(dir, 'test.txt'), keep('test_FD001.txt', 4));
      await ronghe([
        'phm',
        'rul',
        'train',
        '--data',
        join(dir, 'train.txt'),
        '--out',
        join(dir, 'model.json'),
        '--seed',
        '3',
      ]);
      const { stdout } = await ronghe([
        'phm',
        'rul',
        'predict',
        '--model',
        join(dir, 'model.json'),
        '--data',
        join(dir, 'test.txt'),
      ]);
      const lines = stdout.trim().split('\n');
      expect(lines[0]).toBe('unit,rul,lower,upper,lower80,upper80');
      expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([1, 2, 3, 4]);
      for (const l of lines.slice(1)) {
        const [, rul, lower, upper, lower80, upper80] = l.split(',').map(Number);
        expect(lower!).toBeLessThanOrEqual(rul!);
        expect(upper!).toBeGreaterThanOrEqual(rul!);
        // The 80 % interval is given (not empty) and lies inside the 90 % one.
        expect(l.split(',').slice(4)).not.toContain('');
        expect(lower80!).toBeGreaterThanOrEqual(lower!);
        expect(lower80!).toBeLessThanOrEqual(rul!);
        expect(upper80!).toBeLessThanOrEqual(upper!);
        expect(rul!).toBeGreaterThanOrEqual(0);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  );
});
