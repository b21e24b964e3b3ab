// Min–max normalisation over the whole panel (all units and years together), so that scores
// of different years are comparable: (x − min)/(max − min) for a positive indicator,
// (max − x)/(max − min) for a negative one.
import { invalidData, reason } from '../../kernel/errors.ts';
import type { Indicator, PanelRow } from './types.ts';

const where = (rows: readonly PanelRow[], i: number, field: string) => {
  const line = rows[i]?.line;
  return line === undefined ? { field } : { line, field };
};

/** Normalised copy of one indicator's column; refuses missing values and constant columns. */
export function normalise(
  indicator: Indicator,
  raw: Float64Array,
  rows: readonly PanelRow[],
): Float64Array {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < raw.length; i++) {
    const x = raw[i]!;
    if (!Number.isFinite(x))
      throw invalidData(
        where(rows, i, indicator.key),
        reason(
          {
            en: 'missing value for {unit} {year}; every indicator needs a value in every row',
            'zh-CN': '{unit} {year} 缺少数值；每一行的每个指标都须有值',
          },
          { unit: rows[i]?.unit ?? `row ${i + 1}`, year: rows[i]?.year ?? '' },
        ),
      );
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const span = max - min;
  if (!(span > 0))
    throw invalidData(
      { field: indicator.key },
      reason(
        {
          en: 'the indicator is constant over the panel (max = min = {v}); it carries no information — drop it',
          'zh-CN': '该指标在整个面板上为常数（最大值 = 最小值 = {v}），不含信息，请删除',
        },
        { v: min },
      ),
    );
  const out = new Float64Array(raw.length);
  if (indicator.direction === 'positive')
    for (let i = 0; i < raw.length; i++) out[i] = (raw[i]! - min) / span;
  else for (let i = 0; i < raw.length; i++) out[i] = (max - raw[i]!) / span;
  return out;
}
