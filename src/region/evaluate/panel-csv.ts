// A panel from CSV text (unit, year, then indicator columns; other columns such as `name` are
// carried along). Parsing text is not I/O: the CLI and the routes read the bytes and pass them.
import { parseCsv } from '../../kernel/csv.ts';
import { invalidData } from '../../kernel/errors.ts';
import { indicatorKeys } from './system.ts';
import type { IndicatorSystem, Panel, PanelRow } from './types.ts';

/** A number as written in a statistics table: plain decimal, optional exponent; '' is missing. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parsePanelCsv(text: string, system: IndicatorSystem, file?: string): Panel {
  const at = (line: number | undefined, field?: string) => ({
    ...(file !== undefined ? { file } : {}),
    ...(line !== undefined ? { line } : {}),
    ...(field !== undefined ? { field } : {}),
  });
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    throw invalidData(at(undefined), {
      en: (e as Error).message,
      'zh-CN': `CSV 无法解析：${(e as Error).message.replace(/^line (\d+): unterminated quoted field$/, '第 $1 行的引号字段未结束')}`,
    });
  }
  const [head, ...body] = records;
  if (!head) throw invalidData(at(undefined), { en: 'the file is empty', 'zh-CN': '文件为空' });
  const header = head.fields.map((h) => h.trim());
  const col = (k: string) => header.indexOf(k);
  for (const k of ['unit', 'year'])
    if (col(k) < 0)
      throw invalidData(at(1, k), {
        en: `the header has no '${k}' column`,
        'zh-CN': `表头中没有“${k}”列`,
      });
  const keys = indicatorKeys(system);
  for (const k of keys)
    if (col(k) < 0)
      throw invalidData(at(1, k), {
        en: `the system's indicator '${k}' has no column in the panel`,
        'zh-CN': `体系中的指标“${k}”在面板数据中没有对应列`,
      });
  const known = new Set(['unit', 'year', ...keys]);
  const carried = header.filter((h) => !known.has(h));
  const values = new Map(keys.map((k) => [k, new Float64Array(body.length)]));
  const rows: PanelRow[] = [];
  const seen = new Set<string>();
  body.forEach((rec, i) => {
    const cell = (k: string) => (rec.fields[col(k)] ?? '').trim();
    const unit = cell('unit');
    if (!unit)
      throw invalidData(at(rec.line, 'unit'), { en: 'the unit is empty', 'zh-CN': '单位为空' });
    const yearText = cell('year');
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText))
      throw invalidData(at(rec.line, 'year'), {
        en: `'${yearText}' is not a year`,
        'zh-CN': `“${yearText}”不是年份`,
      });
    if (seen.has(`${unit}\u0000${year}`))
      throw invalidData(at(rec.line, 'unit'), {
        en: `${unit} ${year} appears twice`,
        'zh-CN': `${unit} ${year} 出现了两次`,
      });
    seen.add(`${unit}\u0000${year}`);
    for (const k of keys) {
      const s = cell(k);
      if (s === '')
        throw invalidData(at(rec.line, k), { en: 'the value is missing', 'zh-CN': '缺少数值' });
      if (!NUMBER.test(s))
        throw invalidData(at(rec.line, k), {
          en: `'${s}' is not a number`,
          'zh-CN': `“${s}”不是数字`,
        });
      values.get(k)![i] = Number(s);
    }
    const carry: Record<string, string> = {};
    for (const c of carried) carry[c] = cell(c);
    rows.push({ unit, year, line: rec.line, carry });
  });
  return { rows, values };
}
