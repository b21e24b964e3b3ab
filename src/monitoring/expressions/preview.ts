// Preview of an expression over recorded data: what a rule condition or derived channel would
// have given at each recorded time, evaluated exactly as the ingest path does (latest value per
// channel slot, derived channels recomputed in topological order, then the expression). Pure:
// the caller reads the raw series. A channel with no value yet is NaN, as in the engine.
import { parseExpression } from './parse.ts';
import { typeOf, type ExpressionEnv } from './check.ts';
import { compileBooleanExpression, compileNumberExpression } from './expression.ts';
import type { ChannelLayout } from './derived.ts';
import { withContext } from './position.ts';

export interface PreviewPlan {
  type: 'number' | 'boolean';
  /** The raw channels whose points decide the result (directly or through derived channels). */
  rawChannels: string[];
  evaluate: (series: ReadonlyMap<string, ReadonlyArray<readonly [number, number]>>) => {
    points: Array<[number, number | boolean | null]>;
    /** false → true transitions of a condition: how often it would have fired. */
    rises: number;
  };
}

/** Checks `source` against the asset's layout (errors name line and column) and plans its preview. */
export function planPreview(
  source: string,
  layout: ChannelLayout,
  properties: Readonly<Record<string, number>>,
  maxPoints: number,
): PreviewPlan {
  const env: ExpressionEnv = { slotOf: (n) => layout.slotOf(n), property: (p) => properties[p] };
  let type: 'number' | 'boolean';
  try {
    type = typeOf(source, parseExpression(source), env);
  } catch (e) {
    throw withContext(e, 'expression');
  }
  const compiled =
    type === 'number'
      ? compileNumberExpression(source, env, 'expression')
      : compileBooleanExpression(source, env, 'expression');
  const needed = new Set(compiled.slots);
  for (const d of [...layout.derived].reverse())
    if (needed.has(d.slot)) for (const i of d.inputs) needed.add(i);
  const rawSlots = [...needed].filter((s) => s < layout.rawCount).sort((a, b) => a - b);
  const rawChannels = rawSlots.map((s) => layout.names[s]!);
  return {
    type,
    rawChannels,
    evaluate(series) {
      const events: Array<[number, number, number]> = [];
      for (const s of rawSlots)
        for (const [ts, v] of series.get(layout.names[s]!) ?? []) events.push([ts, s, v]);
      events.sort((a, b) => a[0] - b[0]);
      const slots = new Float64Array(layout.names.length).fill(NaN);
      const points: Array<[number, number | boolean | null]> = [];
      let rises = 0;
      let last: unknown = false;
      for (let i = 0; i < events.length && points.length < maxPoints;) {
        const ts = events[i]![0];
        for (; i < events.length && events[i]![0] === ts; i++) slots[events[i]![1]] = events[i]![2];
        for (const d of layout.derived) slots[d.slot] = d.fn(slots);
        const v = compiled.fn(slots);
        if (v === true && last !== true) rises++;
        last = v;
        points.push([ts, typeof v === 'number' && !Number.isFinite(v) ? null : v]);
      }
      return { points, rises };
    },
  };
}
