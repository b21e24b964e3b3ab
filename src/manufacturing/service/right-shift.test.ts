// Right-shift repair: the placed operation starts where the planner put it, the others keep
// station order and move only as far as routing, station, changeover and shifts require.
import { describe, expect, it } from 'vitest';
import type { Window } from '../capacity/calendar.ts';
import { rightShift, type ShiftOp } from './right-shift.ts';

const M = 60_000;
const op = (
  orderId: string,
  k: number,
  station: string,
  start: number,
  minutes: number,
): ShiftOp => ({
  orderId,
  op: k,
  operation: `op${k}`,
  station,
  start: start * M,
  end: (start + minutes) * M,
});
const always = new Map<string, Window[]>([
  ['A', [[0, 10_000 * M]]],
  ['B', [[0, 10_000 * M]]],
]);
const at = (ops: { orderId: string; op: number; start: number }[], id: string, k: number) =>
  ops.find((o) => o.orderId === id && o.op === k)!.start / M;

describe('rightShift', () => {
  const plan = [op('x', 0, 'A', 0, 30), op('x', 1, 'B', 30, 30), op('y', 0, 'B', 60, 20)];

  it('pushes the station’s later operation and the moved operation’s successors', () => {
    const out = rightShift(plan, { ...op('x', 0, 'B', 50, 30) }, always, new Map());
    expect(at(out, 'x', 0)).toBe(50);
    // x/1 waits for its predecessor x/0 (ends 80) and keeps its place before y/0 on B.
    expect(at(out, 'x', 1)).toBe(80);
    expect(at(out, 'y', 0)).toBe(110);
  });

  it('names the predecessor and the busy station that hold the move back', () => {
    expect(() => rightShift(plan, op('x', 1, 'B', 10, 30), always, new Map())).toThrow(
      /x operation 1 \(op1\) cannot start before its predecessor ends at/,
    );
    expect(() => rightShift(plan, op('y', 0, 'B', 40, 20), always, new Map())).toThrow(
      /B is busy until .* with x operation 1/,
    );
  });

  it('adds the changeover between families and respects shifts', () => {
    const fam = (o: ShiftOp, family: string): ShiftOp => ({
      ...o,
      family: { family, minutes: 15 },
    });
    const shifts = new Map<string, Window[]>([
      ['A', [[0, 10_000 * M]]],
      [
        'B',
        [
          [0, 90 * M],
          [200 * M, 400 * M],
        ],
      ],
    ]);
    const out = rightShift(
      [fam(plan[0]!, 'red'), fam(plan[1]!, 'red'), fam(plan[2]!, 'black')],
      fam(op('x', 1, 'B', 50, 30), 'red'),
      shifts,
      new Map(),
    );
    // y/0 would start at 80 + 15 changeover = 95, past the window ending at 90: next shift.
    expect(at(out, 'y', 0)).toBe(200);
  });

  it('an operation pushed against a shift end stops there and resumes in the next shift', () => {
    const shifts = new Map<string, Window[]>([
      ['A', [[0, 10_000 * M]]],
      [
        'B',
        [
          [0, 90 * M],
          [200 * M, 400 * M],
        ],
      ],
    ]);
    // x/0 moved to A at 20 ends at 50; x/1 (30 min) then runs 50–80 on B and y/0 (20 min)
    // runs 80–90, stops at the shift end, and finishes 200–210.
    const out = rightShift(plan, op('x', 0, 'A', 20, 30), shifts, new Map());
    const y = out.find((o) => o.orderId === 'y')!;
    expect([y.start / M, y.end / M]).toEqual([80, 210]);
    expect(y.segments?.map(([a, b]) => [a / M, b / M])).toEqual([
      [80, 90],
      [200, 210],
    ]);
  });
});
