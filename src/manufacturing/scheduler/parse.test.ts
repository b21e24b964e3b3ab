import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RongheError } from '../../kernel/index.ts';
import { parseFjs } from './parse.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../test/fixtures/fjsp/${name}`, import.meta.url), 'utf8');

/** The RongheError thrown by parsing `text`, for checking code, line and message. */
function parseError(text: string, file = 'x.fjs'): RongheError {
  try {
    parseFjs(text, file);
  } catch (e) {
    if (e instanceof RongheError) return e;
    throw e;
  }
  throw new Error('expected a parse error');
}

const lineOf = (e: RongheError): number | undefined => (e.details as { line?: number }).line;

describe('parseFjs', () => {
  it('reads Kacem 1: 4 jobs, 5 machines, 0-based machines with their times', () => {
    const inst = parseFjs(fixture('kacem1.fjs'));
    expect(inst.machineCount).toBe(5);
    expect(inst.jobs.map((j) => j.operations.length)).toEqual([3, 3, 4, 2]);
    // Job 2, operation 3: "5 1 4 2 5 3 4 4 54 5 5" — machine 4 takes 54.
    expect(inst.jobs[1]!.operations[2]!.options).toContainEqual({ machine: 3, duration: 54 });
  });

  it('reads mk01 with tab-separated header and 55 operations', () => {
    const inst = parseFjs(fixture('mk01.fjs'));
    expect(inst.jobs.length).toBe(10);
    expect(inst.jobs.reduce((n, j) => n + j.operations.length, 0)).toBe(55);
  });

  it('reads job records wrapped over several lines', () => {
    const inst = parseFjs(fixture('wrapped.fjs'));
    expect(inst.jobs.map((j) => j.operations.map((o) => o.options.length))).toEqual([
      [2, 1],
      [1, 2, 1],
    ]);
    expect(inst.jobs[1]!.operations[2]!.options).toEqual([{ machine: 2, duration: 5 }]);
  });

  it('rejects a machine index out of range, naming the line', () => {
    const e = parseError(fixture('bad-machine.fjs'), 'bad-machine.fjs');
    expect(e.code).toBe('RONGHE_INVALID_DATA');
    expect(lineOf(e)).toBe(3);
    expect(e.message).toMatch(/bad-machine\.fjs, line 3.*machine 4 is out of range 1\.\.3/);
  });

  it('rejects a truncated file at the line where the unfinished job record starts', () => {
    const e = parseError(fixture('bad-truncated.fjs'));
    expect(lineOf(e)).toBe(4);
    expect(e.message).toMatch(/truncated/);
  });

  it('rejects negative and non-integer processing times on their line', () => {
    expect(lineOf(parseError('1 2 1\n\n1  2 1 3 2 -4\n'))).toBe(3);
    const e = parseError('1 2 1\n1  1\n 1 2.5\n');
    expect(lineOf(e)).toBe(3);
    expect(e.message).toMatch(/'2\.5' is not an integer/);
  });

  it('rejects wrong counts: extra records, too many eligible machines, bad header', () => {
    const extra = parseError('1 2 1\n1 1 1 3\n1 1 2 3\n');
    expect(lineOf(extra)).toBe(3);
    expect(extra.message).toMatch(/declares 1 jobs/);
    expect(lineOf(parseError('1 2 1\n1\n3 1 1 2 1 1 1\n'))).toBe(3);
    expect(lineOf(parseError('\n\n2\n1 1 1 3\n'))).toBe(3);
    expect(lineOf(parseError('2 0 1\n1 1 1 3\n'))).toBe(1);
    expect(lineOf(parseError('2 2 1\n1 1 1 3\n1 0\n'))).toBe(3);
  });

  it('rejects a machine listed twice for one operation', () => {
    expect(parseError('1 2 1\n1 2 1 3 1 4\n').message).toMatch(/listed twice/);
  });
});
