// Virtual meters: a signed sum of other meters (a building total minus a tenant sub-meter, a
// plant's chillers added up). Definitions must not form cycles, and the terms must share a unit.
import { invalid } from '../../kernel/index.ts';
import type { DailyValue } from './daily.ts';

export interface VirtualTerm {
  meterId: string;
  /** +1 adds the meter, −1 subtracts it. */
  sign: 1 | -1;
}

/**
 * Throws RONGHE_VALIDATION naming `terms` when adding `id` := terms would create a cycle.
 * `termsOf` returns the terms of an existing virtual meter (empty for a physical one).
 */
export function checkNoCycle(
  id: string,
  terms: readonly VirtualTerm[],
  termsOf: (meterId: string) => readonly VirtualTerm[],
): void {
  const seen = new Set<string>();
  const stack = terms.map((t) => [t.meterId, `${id} → ${t.meterId}`] as const);
  while (stack.length > 0) {
    const [m, path] = stack.pop()!;
    if (m === id)
      throw invalid('terms', {
        en: `the virtual meter would depend on itself (${path})`,
        'zh-CN': `虚拟计量表会依赖自身（${path}）`,
      });
    if (seen.has(m)) continue;
    seen.add(m);
    for (const t of termsOf(m)) stack.push([t.meterId, `${path} → ${t.meterId}`]);
  }
}

/** Day-by-day signed sum; a day missing in any term is missing in the result. */
export function combineDaily(
  series: ReadonlyArray<{ sign: 1 | -1; days: readonly DailyValue[] }>,
): DailyValue[] {
  const first = series[0];
  if (!first) return [];
  return first.days.map((d, i) => {
    let value = 0;
    let samples = Number.POSITIVE_INFINITY;
    for (const s of series) {
      const x = s.days[i];
      value += x ? s.sign * x.value : Number.NaN;
      samples = Math.min(samples, x?.samples ?? 0);
    }
    return { dayMs: d.dayMs, value, samples };
  });
}
