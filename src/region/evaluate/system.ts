// The indicator system as read from JSON (system.json): checked in one place, so that the
// evaluation runs on a well-formed system or not at all.
import { invalidData } from '../../kernel/errors.ts';
import type { Indicator, IndicatorSystem, PairwiseMatrix, Subsystem } from './types.ts';

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function indicator(v: unknown, field: string): Indicator {
  if (!isObj(v) || typeof v.key !== 'string' || !/^[A-Za-z_][\w-]*$/.test(v.key))
    throw invalidData(
      { field },
      {
        en: 'each indicator needs a key (letters, digits, _ and -)',
        'zh-CN': '每个指标需要一个键（字母、数字、_ 和 -）',
      },
    );
  if (v.direction !== 'positive' && v.direction !== 'negative')
    throw invalidData(
      { field: `${field}.direction` },
      {
        en: "direction must be 'positive' or 'negative'",
        'zh-CN': 'direction 必须为 positive 或 negative',
      },
    );
  const str = (k: string) => (typeof v[k] === 'string' ? { [k]: v[k] } : {});
  return { key: v.key, direction: v.direction, ...str('name'), ...str('nameEn'), ...str('unit') };
}

function subsystem(v: unknown, i: number): Subsystem {
  const field = `subsystems[${i}]`;
  if (
    !isObj(v) ||
    typeof v.key !== 'string' ||
    !Array.isArray(v.indicators) ||
    v.indicators.length === 0
  )
    throw invalidData(
      { field },
      {
        en: 'a subsystem needs a key and at least one indicator',
        'zh-CN': '子系统需要一个键和至少一个指标',
      },
    );
  const indicators = v.indicators.map((x, k) => indicator(x, `${field}.indicators[${k}]`));
  let ahp: PairwiseMatrix | undefined;
  if (v.ahp !== undefined) {
    const ok =
      Array.isArray(v.ahp) &&
      v.ahp.every((r) => Array.isArray(r) && r.every((a) => typeof a === 'number'));
    if (!ok)
      throw invalidData(
        { field: `${field}.ahp` },
        {
          en: 'the AHP matrix must be an array of rows of numbers',
          'zh-CN': 'AHP 矩阵必须是由数字行组成的数组',
        },
      );
    ahp = v.ahp as number[][];
  }
  const str = (k: string) => (typeof v[k] === 'string' ? { [k]: v[k] } : {});
  return { key: v.key, indicators, ...str('name'), ...str('nameEn'), ...(ahp ? { ahp } : {}) };
}

/** Parses and checks an indicator system: two subsystems, unique keys, α + β = 1. */
export function parseSystem(v: unknown): IndicatorSystem {
  if (!isObj(v) || !Array.isArray(v.subsystems) || v.subsystems.length !== 2)
    throw invalidData(
      { field: 'subsystems' },
      {
        en: 'the system needs exactly two subsystems (manufacturing, services)',
        'zh-CN': '体系必须恰好有两个子系统（制造业、服务业）',
      },
    );
  const subs = v.subsystems.map(subsystem) as [Subsystem, Subsystem];
  const seen = new Set<string>();
  for (const s of subs)
    for (const ind of s.indicators) {
      if (seen.has(ind.key))
        throw invalidData(
          { field: ind.key },
          { en: 'the indicator key appears twice', 'zh-CN': '指标键重复' },
        );
      seen.add(ind.key);
    }
  const alpha = v.alpha ?? 0.5;
  const beta = v.beta ?? 0.5;
  if (
    typeof alpha !== 'number' ||
    typeof beta !== 'number' ||
    alpha < 0 ||
    beta < 0 ||
    Math.abs(alpha + beta - 1) > 1e-9
  )
    throw invalidData(
      { field: 'alpha' },
      {
        en: 'alpha and beta must be non-negative and sum to 1',
        'zh-CN': 'alpha 与 beta 必须非负且和为 1',
      },
    );
  return { ...(typeof v.name === 'string' ? { name: v.name } : {}), alpha, beta, subsystems: subs };
}

export const indicatorKeys = (s: IndicatorSystem): string[] =>
  s.subsystems.flatMap((x) => x.indicators.map((i) => i.key));
