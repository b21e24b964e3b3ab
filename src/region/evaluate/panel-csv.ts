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
    throw invalidData(at(undefined), (e as Error).message);
  }
  const [head, ...body] = records;
  if (!head) throw invalidData(at(undefined), 'the file is empty');
  const header = head.fields.map((h) => h.trim());
  const col = (k: string) => header.indexOf(k);
  for (const k of ['unit', 'year'])
    if (col(k) < 0) throw invalidData(at(1, k), `the header has no '${k}' column`);
  const keys = indicatorKeys(system);
  for (const k of keys)
    if (col(k) < 0)
      throw invalidData(at(1, k), `the system's indicator '${k}' has no column in the panel`);
  const known = new Set(['unit', 'year', ...keys]);
  const carried = header.filter((h) => !known.has(h));
  const values = new Map(keys.map((k) => [k, new Float64Array(body.length)]));
  const rows: PanelRow[] = [];
  const seen = new Set<string>();
  body.forEach((rec, i) => {
    const cell = (k: string) => (rec.fields[col(k)] ?? '').trim();
    const unit = cell('unit');
    if (!unit) throw invalidData(at(rec.line, 'unit'), 'the unit is empty');
    const yearText = cell('year');
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText))
      throw invalidData(at(rec.line, 'year'), `'${yearText}' is not a year`);
    if (seen.has(`${unit}\u0000${year}`))
      throw invalidData(at(rec.line, 'unit'), `${unit} ${year} appears twice`);
    seen.add(`${unit}\u0000${year}`);
    for (const k of keys) {
      const s = cell(k);
      if (s === '') throw invalidData(at(rec.line, k), 'the value is missing');
      if (!NUMBER.test(s)) throw invalidData(at(rec.line, k), `'${s}' is not a number`);
      values.get(k)![i] = Number(s);
    }
    const carry: Record<string, string> = {};
    for (const c of carried) carry[c] = cell(c);
    rows.push({ unit, year, line: rec.line, carry });
  });
  return { rows, values };
}
