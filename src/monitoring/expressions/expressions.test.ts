import { describe, expect, it } from 'vitest';
import { RongheError } from '../../kernel/index.ts';
import {
  compileBooleanExpression,
  compileNumberExpression,
  createChannelLayout,
  parseExpression,
  type ExpressionEnv,
} from './index.ts';

const channels = ['supply_temp', 'return_temp', 'flow', 'power', 'cooling_load', 'pump1.flow'];
const props: Record<string, number> = { rated_current: 12.5, design_flow: 40 };
const env: ExpressionEnv = {
  slotOf: (n) => (channels.includes(n) ? channels.indexOf(n) : undefined),
  property: (p) => props[p],
};
const slots = (v: Partial<Record<string, number>>) =>
  Float64Array.from(channels, (c) => v[c] ?? NaN);

const num = (src: string, v: Partial<Record<string, number>> = {}) =>
  compileNumberExpression(src, env).fn(slots(v));
const bool = (src: string, v: Partial<Record<string, number>> = {}) =>
  compileBooleanExpression(src, env).fn(slots(v));

function errorOf(f: () => unknown): RongheError {
  try {
    f();
  } catch (e) {
    if (e instanceof RongheError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('expression evaluation', () => {
  it('follows arithmetic precedence and left associativity', () => {
    expect(num('1 + 2 * 3')).toBe(7);
    expect(num('(1 + 2) * 3')).toBe(9);
    expect(num('10 - 4 - 3')).toBe(3);
    expect(num('100 / 10 / 5')).toBe(2);
    expect(num('7 % 4 + -2')).toBe(1);
    expect(num('- - 3')).toBe(3);
    expect(num('1.5e2 + .5')).toBe(150.5);
  });

  it('reads channels from slots and properties as constants', () => {
    const v = { supply_temp: 7, return_temp: 12, flow: 20, 'pump1.flow': 3 };
    expect(num('return_temp - supply_temp', v)).toBe(5);
    expect(num('flow * (return_temp - supply_temp) * 4.186', v)).toBeCloseTo(418.6, 10);
    expect(num('pump1.flow + prop.design_flow', v)).toBe(43);
    expect(num('abs(supply_temp - return_temp) + sqrt(16) + min(3, 1, 2) + max(1, 9)', v)).toBe(
      5 + 4 + 1 + 9,
    );
  });

  it('evaluates the issue example with && and comparisons', () => {
    const src = 'return_temp - supply_temp < 2 && flow > 10';
    expect(bool(src, { supply_temp: 7, return_temp: 8, flow: 20 })).toBe(true);
    expect(bool(src, { supply_temp: 7, return_temp: 12, flow: 20 })).toBe(false);
    expect(bool(src, { supply_temp: 7, return_temp: 8, flow: 5 })).toBe(false);
  });

  it('handles boolean operators, equality and constant folding', () => {
    expect(bool('!(flow > 1) || power >= 3', { flow: 5, power: 3 })).toBe(true);
    expect(bool('(flow > 1) == (power > 1)', { flow: 5, power: 0 })).toBe(false);
    expect(bool('(flow > 1) != (power > 1)', { flow: 5, power: 0 })).toBe(true);
    expect(bool('false && flow > 1', { flow: 5 })).toBe(false);
    expect(bool('true && flow > 1', { flow: 5 })).toBe(true);
    expect(bool('flow > 1 || true', { flow: 0 })).toBe(true);
    expect(bool('flow > 1 || false', { flow: 0 })).toBe(false);
    expect(bool('power > prop.rated_current * 1.1', { power: 13.8 })).toBe(true);
    expect(bool('power > prop.rated_current * 1.1', { power: 13.7 })).toBe(false);
    expect(bool('flow == 3', { flow: 3 })).toBe(true);
    expect(bool('2 < 3')).toBe(true);
  });

  it('computes every arithmetic operator on channel/channel, channel/constant and constant/channel', () => {
    const v = { flow: 7.5, power: 2 };
    const js: Record<string, (a: number, b: number) => number> = {
      '+': (a, b) => a + b,
      '-': (a, b) => a - b,
      '*': (a, b) => a * b,
      '/': (a, b) => a / b,
      '%': (a, b) => a % b,
    };
    for (const [op, f] of Object.entries(js)) {
      expect(num(`flow ${op} power`, v)).toBe(f(7.5, 2));
      expect(num(`flow ${op} 3`, v)).toBe(f(7.5, 3));
      expect(num(`3 ${op} flow`, v)).toBe(f(3, 7.5));
      expect(num(`(flow + 1) ${op} (power * 2)`, v)).toBe(f(8.5, 4));
    }
  });

  it('compares like JavaScript with the constant on either side, NaN and infinities included', () => {
    const js: Record<string, (a: number, b: number) => boolean> = {
      '<': (a, b) => a < b,
      '<=': (a, b) => a <= b,
      '>': (a, b) => a > b,
      '>=': (a, b) => a >= b,
      '==': (a, b) => a === b,
      '!=': (a, b) => a !== b,
    };
    const values = [-Infinity, -2, 0, 2, 3, Infinity, NaN];
    for (const [op, f] of Object.entries(js))
      for (const x of values)
        for (const y of [2, 3]) {
          const v = { flow: x, power: 1 };
          expect(bool(`flow ${op} ${y}`, v)).toBe(f(x, y));
          expect(bool(`${y} ${op} flow`, v)).toBe(f(y, x));
          expect(bool(`flow - power ${op} ${y}`, v)).toBe(f(x - 1, y));
          expect(bool(`${y} ${op} flow - power`, v)).toBe(f(y, x - 1));
          expect(bool(`flow ${op} power + ${y - 1}`, v)).toBe(f(x, y));
        }
  });

  it('treats a channel without a value as NaN, so comparisons on it are false', () => {
    expect(bool('flow > 10')).toBe(false);
    expect(bool('flow < 10')).toBe(false);
  });

  it('lists the slots an expression reads', () => {
    const c = compileBooleanExpression('flow > 1 && flow < power + supply_temp', env);
    expect(c.slots).toEqual([2, 3, 0]);
  });
});

describe('bad expressions are rejected with a position', () => {
  const cases: [string, string, number, number][] = [
    // source, message fragment, line, column
    ['flow > ', 'expected a number, channel', 1, 8],
    ['flow > 10 &&', 'expected a number, channel', 1, 13],
    ['(flow > 10', "expected ')'", 1, 11],
    ['flow >> 10', "operator '>' needs a value", 1, 7],
    ['flow = 10', "unexpected character '=' (use '==' to compare)", 1, 6],
    ['flow > 10 & power > 1', "use '&&'", 1, 11],
    ['flow 10', "unexpected '10' after a complete expression", 1, 6],
    ['flw > 10', "unknown channel 'flw'", 1, 1],
    ['flow > prop.rated_voltage', "unknown asset property 'rated_voltage'", 1, 8],
    ['flow > 10 && 3', "'&&' needs a boolean but this is a number", 1, 14],
    ['(flow > 1) + 2', "'+' needs a number but this is a boolean", 1, 7],
    ['!flow', "'!' needs a boolean", 1, 2],
    // A binary node is positioned at its operator.
    ['flow == (power > 1)', 'needs a number but this is a boolean', 1, 16],
    ['foo(flow)', "unknown function 'foo'", 1, 1],
    ['abs(flow, power)', "function 'abs' takes 1 argument(s), got 2", 1, 1],
    ['flow > 1 &&\n  pwr < 3', "unknown channel 'pwr'", 2, 3],
    ['', 'empty expression', 1, 1],
    ['flow + 1', 'expected a boolean expression but this is a number', 1, 6],
  ];
  it.each(cases)('%j → %s at %i:%i', (src, fragment, line, column) => {
    const e = errorOf(() => compileBooleanExpression(src, env, "rule 'r1' field 'when'"));
    expect(e.code).toBe('RONGHE_VALIDATION');
    expect(e.message).toContain(fragment);
    expect(e.message).toContain(`line ${line}, column ${column}`);
    expect(e.message.startsWith("rule 'r1' field 'when': ")).toBe(true);
    expect(e.details).toMatchObject({ line, column });
  });

  it('rejects a number expression that is boolean', () => {
    expect(errorOf(() => compileNumberExpression('flow > 1', env)).message).toContain(
      'expected a number expression',
    );
  });

  it('never evaluates input as JavaScript', () => {
    const e = errorOf(() => compileBooleanExpression('process.exit(1)', env));
    expect(e.message).toContain("line 1, column 1 (offset 0): unknown function 'process.exit'");
    expect(errorOf(() => num('constructor.constructor("x")()')).code).toBe('RONGHE_VALIDATION');
  });

  it('rejects deep nesting instead of overflowing the stack', () => {
    const deep = '('.repeat(1500) + '1' + ')'.repeat(1500);
    expect(errorOf(() => parseExpression(deep)).message).toContain('nested deeper');
  });
});

describe('derived channels', () => {
  it('orders derived channels topologically and computes them from slots', () => {
    const layout = createChannelLayout(
      ['supply_temp', 'return_temp', 'flow', 'power'],
      [
        { name: 'cop', expression: 'heat / power' },
        { name: 'heat', expression: 'flow * delta_t * prop.c' },
        { name: 'delta_t', expression: 'return_temp - supply_temp' },
      ],
      { c: 4.186 },
    );
    expect(layout.derived.map((d) => d.name)).toEqual(['delta_t', 'heat', 'cop']);
    const v = new Float64Array(layout.names.length);
    v.set([7, 12, 2, 10]);
    for (const d of layout.derived) v[d.slot] = d.fn(v);
    expect(v[layout.slotOf('cop')!]).toBeCloseTo((2 * 5 * 4.186) / 10, 12);
  });

  it('rejects a cycle and names it', () => {
    const e = errorOf(() =>
      createChannelLayout(
        ['x'],
        [
          { name: 'a', expression: 'b + 1' },
          { name: 'b', expression: 'c * 2' },
          { name: 'c', expression: 'a - x' },
        ],
      ),
    );
    expect(e.message).toContain('cycle in derived channels: a → b → c → a');
  });

  it('rejects a self-reference, an unknown channel and a bad type with position', () => {
    expect(
      errorOf(() => createChannelLayout(['x'], [{ name: 'a', expression: 'a + x' }])).message,
    ).toContain('a → a');
    const unknown = errorOf(() => createChannelLayout(['x'], [{ name: 'a', expression: 'x + y' }]));
    expect(unknown.message).toBe(
      "derived channel 'a': line 1, column 5 (offset 4): unknown channel 'y'",
    );
    const typed = errorOf(() => createChannelLayout(['x'], [{ name: 'a', expression: 'x > 1' }]));
    expect(typed.message).toContain("derived channel 'a': line 1, column 3");
    expect(typed.message).toContain('expected a number expression');
  });
});

describe('expression size limits (issue 15 #12)', () => {
  it('refuses a chain of 3,000 terms with a 400 naming where, instead of overflowing the stack', () => {
    for (const src of [
      Array(3000).fill('flow > 1').join(' || '),
      `${Array(3000).fill('flow').join(' + ')} > 1`,
      `${'-'.repeat(3000)}flow > 1`,
    ]) {
      const e = errorOf(() => compileBooleanExpression(src, env, "rule 'big' when"));
      expect(e.code).toBe('RONGHE_VALIDATION');
      expect(e.message).toMatch(/^rule 'big' when: line 1, column \d+ .*(deeper than 200|longer)/);
    }
    // Within the length limit, a flat chain of 300 terms is a tree 300 deep.
    for (const src of [Array(300).fill('a>1').join('||'), `${Array(300).fill('a').join('+')}>1`]) {
      const e = errorOf(() => parseExpression(src));
      expect(e.message).toMatch(/line 1, column \d+ .*nested deeper than 200/);
    }
  });

  it('refuses a source longer than 4,000 characters', () => {
    const src = `flow > ${'1'.repeat(5000)}`;
    const e = errorOf(() => compileBooleanExpression(src, env));
    expect(e.message).toMatch(/longer than 4000 characters/);
  });

  it('still takes a long flat rule within the limits', () => {
    const src = Array(150).fill('flow > 1').join(' || ');
    expect(bool(src, { flow: 2 })).toBe(true);
  });
});
