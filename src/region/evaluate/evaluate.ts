// The integration index of a panel: normalise every indicator over the whole panel, weigh them
// within their subsystem (entropy, AHP or a linear combination), score each subsystem
// U = Σ w·x', and couple the two scores (coupling.ts).
import { invalidData } from '../../kernel/errors.ts';
import { ahpWeights } from './ahp.ts';
import type { CoordinationClass } from './coupling.ts';
import { coordinationClass, couple, lagging } from './coupling.ts';
import { entropyWeights } from './entropy.ts';
import { normalise } from './normalise.ts';
import type { IndicatorSystem, Panel, Subsystem, WeightOptions } from './types.ts';

export interface EvaluatedRow {
  readonly unit: string;
  readonly year: number;
  readonly carry: Readonly<Record<string, string>>;
  readonly U1: number;
  readonly U2: number;
  readonly C: number;
  readonly T: number;
  readonly D: number;
  readonly class: CoordinationClass;
  /** The lagging subsystem's key, or 'none' when U₂/U₁ is within 0.9–1.1. */
  readonly lagging: string;
}

export interface Evaluation {
  /** Weight per indicator key, summing to 1 within each subsystem. */
  readonly weights: Record<string, number>;
  /** Normalised values per indicator key (for radar charts), one per row. */
  readonly normalised: ReadonlyMap<string, Float64Array>;
  readonly rows: EvaluatedRow[];
}

function subsystemWeights(
  s: Subsystem,
  columns: Float64Array[],
  opts: WeightOptions,
  index: number,
): number[] {
  const field = `subsystems[${index}].ahp`;
  const fromAhp = (): number[] => {
    if (!s.ahp)
      throw invalidData(
        { field },
        {
          en: `subsystem '${s.key}' has no AHP matrix; give one or use entropy weights`,
          'zh-CN': `子系统“${s.key}”没有 AHP 判断矩阵；请给出矩阵或改用熵权`,
        },
      );
    if (s.ahp.length !== s.indicators.length)
      throw invalidData(
        { field },
        {
          en: `the AHP matrix of '${s.key}' has ${s.ahp.length} rows for ${s.indicators.length} indicators`,
          'zh-CN': `“${s.key}”的 AHP 矩阵有 ${s.ahp.length} 行，而指标有 ${s.indicators.length} 个`,
        },
      );
    return ahpWeights(s.ahp, field).weights;
  };
  switch (opts.method) {
    case 'entropy':
      return entropyWeights(columns);
    case 'ahp':
      return fromAhp();
    case 'combined': {
      const share = opts.ahpShare ?? 0.5;
      if (!(share >= 0 && share <= 1))
        throw invalidData(
          { field: 'ahpShare' },
          { en: 'the AHP share must be within 0–1', 'zh-CN': 'AHP 权重占比必须在 0–1 之间' },
        );
      const a = fromAhp();
      const e = entropyWeights(columns);
      return a.map((w, i) => share * w + (1 - share) * e[i]!);
    }
  }
}

/** Evaluates the panel; throws RONGHE_INVALID_DATA naming row and column on bad input. */
export function evaluate(system: IndicatorSystem, panel: Panel, opts: WeightOptions): Evaluation {
  const n = panel.rows.length;
  if (n < 2)
    throw invalidData(
      {},
      {
        en: `the panel needs at least two rows, not ${n}`,
        'zh-CN': `面板数据至少需要两行，而不是 ${n} 行`,
      },
    );
  const weights: Record<string, number> = {};
  const normalised = new Map<string, Float64Array>();
  const scores = system.subsystems.map((s, si) => {
    const cols = s.indicators.map((ind) => {
      const raw = panel.values.get(ind.key);
      if (!raw)
        throw invalidData(
          { field: ind.key },
          {
            en: `the panel has no column '${ind.key}' for this indicator`,
            'zh-CN': `面板数据中没有此指标的列“${ind.key}”`,
          },
        );
      const x = normalise(ind, raw, panel.rows);
      normalised.set(ind.key, x);
      return x;
    });
    const w = subsystemWeights(s, cols, opts, si);
    const u = new Float64Array(n);
    cols.forEach((x, k) => {
      const wk = w[k]!;
      weights[s.indicators[k]!.key] = wk;
      for (let i = 0; i < n; i++) u[i] = u[i]! + wk * x[i]!;
    });
    return u;
  });
  const [u1s, u2s] = scores as [Float64Array, Float64Array];
  const keys = [system.subsystems[0].key, system.subsystems[1].key] as const;
  const alpha = system.alpha ?? 0.5;
  const beta = system.beta ?? 0.5;
  const rows = panel.rows.map((r, i): EvaluatedRow => {
    const U1 = u1s[i]!;
    const U2 = u2s[i]!;
    const c = couple(U1, U2, alpha, beta);
    return {
      unit: r.unit,
      year: r.year,
      carry: r.carry,
      U1,
      U2,
      ...c,
      class: coordinationClass(c.D).key,
      lagging: lagging(U1, U2, keys),
    };
  });
  return { weights, normalised, rows };
}
