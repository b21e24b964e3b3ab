// The methods against values worked by hand on a 3 × 3 panel (three cities in one year, three
// indicators: x1 positive and x2 negative in the manufacturing subsystem, x3 positive in services).
//
//        x1  x2  x3      x1'  x2'  x3'
//   a     1  10   5       0    1    1
//   b     2  30   3      1/3   0   1/2
//   c     4  20   1       1   1/2   0
//
// x1: p = 0, 1/4, 3/4 → e1 = −(¼ln¼ + ¾ln¾)/ln3 = 0.511860, d1 = 0.488140
// x2: p = 2/3, 0, 1/3 → e2 = −(⅔ln⅔ + ⅓ln⅓)/ln3 = 0.579380, d2 = 0.420620
// w1 = d1/(d1+d2) = 0.537150, w2 = 0.462850; w3 = 1 (alone in its subsystem).
// a: U1 = w2 = 0.462850, U2 = 1; C = 2√(U1U2)/(U1+U2) = 0.930144, T = 0.731425, D = 0.824822
//    → good coordination (0.8–0.9); U2/U1 = 2.16 > 1.1 → manufacturing lags.
// b: U1 = w1/3 = 0.179050, U2 = 0.5; C = 0.881253, T = 0.339525, D = 0.546998 → barely coordinated
// c: U1 = w1 + w2/2 = 0.768575, U2 = 0; C = 0, D = 0 → extreme imbalance; services lag.
import { describe, expect, it } from 'vitest';
import type { IndicatorSystem } from './index.ts';
import {
  ahp,
  ahpWeights,
  coordinationClass,
  entropy,
  evaluate,
  lagging,
  parsePanelCsv,
  rankAndChange,
  trends,
} from './index.ts';

const system: IndicatorSystem = {
  alpha: 0.5,
  beta: 0.5,
  subsystems: [
    {
      key: 'manufacturing',
      indicators: [
        { key: 'x1', direction: 'positive' },
        { key: 'x2', direction: 'negative' },
      ],
      ahp: [
        [1, 3],
        [1 / 3, 1],
      ],
    },
    { key: 'services', indicators: [{ key: 'x3', direction: 'positive' }], ahp: [[1]] },
  ],
};
const csv = 'unit,name,year,x1,x2,x3\na,甲,2020,1,10,5\nb,乙,2020,2,30,3\nc,丙,2020,4,20,1\n';

describe('evaluate on the 3 × 3 panel worked by hand', () => {
  const panel = parsePanelCsv(csv, system);
  const r = evaluate(system, panel, { method: 'entropy' });

  it('normalises min–max over the panel, reversed for a negative indicator', () => {
    expect([...r.normalised.get('x1')!]).toEqual([0, 1 / 3, 1]);
    expect([...r.normalised.get('x2')!]).toEqual([1, 0, 0.5]);
    expect([...r.normalised.get('x3')!]).toEqual([1, 0.5, 0]);
  });

  it('gives entropy weights that sum to 1 within each subsystem', () => {
    expect(entropy(r.normalised.get('x1')!)).toBeCloseTo(0.51186, 5);
    expect(r.weights.x1).toBeCloseTo(0.53715, 5);
    expect(r.weights.x2).toBeCloseTo(0.46285, 5);
    expect(r.weights.x3).toBe(1);
  });

  it('scores the subsystems and couples them', () => {
    const [a, b, c] = r.rows;
    expect(a).toMatchObject({ unit: 'a', year: 2020, carry: { name: '甲' }, U2: 1 });
    expect(a!.U1).toBeCloseTo(0.46285, 5);
    expect(a!.C).toBeCloseTo(0.930144, 5);
    expect(a!.T).toBeCloseTo(0.731425, 5);
    expect(a!.D).toBeCloseTo(0.824822, 5);
    expect(a).toMatchObject({ class: 'good-coordination', lagging: 'manufacturing' });
    expect(b!.U1).toBeCloseTo(0.17905, 5);
    expect(b!.D).toBeCloseTo(0.546998, 5);
    expect(b).toMatchObject({ class: 'barely-coordinated', lagging: 'manufacturing' });
    expect(c).toMatchObject({ C: 0, D: 0, class: 'extreme-imbalance', lagging: 'services' });
    expect(c!.U1).toBeCloseTo(0.768575, 5);
  });

  it('uses AHP weights, and a linear combination with a given share', () => {
    const a = evaluate(system, panel, { method: 'ahp' });
    expect(a.weights.x1).toBeCloseTo(0.75, 9);
    expect(a.weights.x2).toBeCloseTo(0.25, 9);
    const c = evaluate(system, panel, { method: 'combined', ahpShare: 0.4 });
    expect(c.weights.x1).toBeCloseTo(0.4 * 0.75 + 0.6 * 0.53715, 5);
  });
});

describe('AHP', () => {
  it('gives exact weights and CR = 0 on a consistent matrix', () => {
    const r = ahp([
      [1, 2, 4],
      [1 / 2, 1, 2],
      [1 / 4, 1 / 2, 1],
    ]);
    expect(r.weights[0]).toBeCloseTo(4 / 7, 10);
    expect(r.weights[1]).toBeCloseTo(2 / 7, 10);
    expect(r.lambdaMax).toBeCloseTo(3, 10);
    expect(r.CR).toBeCloseTo(0, 10);
  });

  it("reproduces the textbook CR of Saaty's 1–3–5 matrix (λmax 3.0385, CR 0.0332)", () => {
    const r = ahpWeights([
      [1, 3, 5],
      [1 / 3, 1, 3],
      [1 / 5, 1 / 3, 1],
    ]);
    expect(r.weights.map((w) => +w.toFixed(4))).toEqual([0.637, 0.2583, 0.1047]);
    expect(r.lambdaMax).toBeCloseTo(3.03851, 4);
    expect(r.CR).toBeCloseTo(0.0332, 4);
  });

  it('refuses an inconsistent matrix with its CR as the reason', () => {
    const m = [
      [1, 1 / 3, 5],
      [3, 1, 1 / 5],
      [1 / 5, 5, 1],
    ];
    expect(ahp(m).CR).toBeCloseTo(2.1158, 3);
    expect(() => ahpWeights(m, 'subsystems[0].ahp')).toThrow(/subsystems\[0\]\.ahp.*CR = 2\.11/);
  });

  it('refuses a matrix that is not reciprocal', () => {
    expect(() =>
      ahp([
        [1, 3],
        [3, 1],
      ]),
    ).toThrow(/not reciprocal/);
  });
});

describe('classes and lagging', () => {
  it('maps D to the ten classes at the 0.1 boundaries', () => {
    expect(coordinationClass(0).key).toBe('extreme-imbalance');
    expect(coordinationClass(0.7).en).toBe('intermediate coordination');
    expect(coordinationClass(0.6999).key).toBe('primary-coordination');
    expect(coordinationClass(1)['zh-CN']).toBe('优质协调');
  });
  it('names the lagging subsystem by U₂/U₁', () => {
    const keys = ['m', 's'] as const;
    expect(lagging(1, 0.89, keys)).toBe('s');
    expect(lagging(1, 0.9, keys)).toBe('none');
    expect(lagging(1, 1.1, keys)).toBe('none');
    expect(lagging(1, 1.11, keys)).toBe('m');
  });
});

describe('bad input names the row and the column', () => {
  it('refuses a constant indicator', () => {
    const text = 'unit,year,x1,x2,x3\na,2020,1,7,5\nb,2020,2,7,3\n';
    expect(() => evaluate(system, parsePanelCsv(text, system), { method: 'entropy' })).toThrow(
      /x2: the indicator is constant/,
    );
  });
  it('refuses a missing value, text in a number and an unknown indicator', () => {
    expect(() => parsePanelCsv('unit,year,x1,x2,x3\na,2020,1,,5\n', system, 'p.csv')).toThrow(
      /p\.csv, line 2, x2: the value is missing/,
    );
    expect(() =>
      parsePanelCsv('unit,year,x1,x2,x3\na,2020,1,2,5\nb,2021,1,abc,5\n', system),
    ).toThrow(/line 3, x2: 'abc' is not a number/);
    expect(() => parsePanelCsv('unit,year,x1,x3\na,2020,1,5\n', system)).toThrow(
      /line 1, x2: .*no column/,
    );
  });
});

describe('rankings, year-on-year change and trends', () => {
  const rows = [
    { unit: 'a', year: 2020, D: 0.5 },
    { unit: 'b', year: 2020, D: 0.7 },
    { unit: 'c', year: 2020, D: 0.5 },
    { unit: 'a', year: 2021, D: 0.6 },
    { unit: 'b', year: 2021, D: 0.65 },
  ];
  it('ranks within a year (ties share the better rank) and differences year on year', () => {
    const r = rankAndChange(rows);
    expect(r.map((x) => x.rank)).toEqual([2, 1, 2, 2, 1]);
    expect(r[0]!.change).toBeNull();
    expect(r[3]!.change).toBeCloseTo(0.1, 12);
    expect(r[4]!.change).toBeCloseTo(-0.05, 12);
  });
  it('trends a group as the mean D of its members, with the least-squares slope', () => {
    const city = (u: string) => (u === 'c' ? undefined : 'nanjing');
    const [t] = trends(rows, city);
    expect(t!.series).toEqual([
      { year: 2020, D: 0.6 },
      { year: 2021, D: 0.625 },
    ]);
    expect(t!.slope).toBeCloseTo(0.025, 12);
  });
});
