// Normalises imported sales and stock (CSV with a header row, or JSON rows) into typed records,
// one status per row so that a bad line names itself and the good ones still import
// (house style 4 and 7). Parsing only: no I/O; the service writes the records.
import { parseCsv, type ItemResult } from '../../kernel/index.ts';

export interface SalesRecord {
  sku: string;
  store: string;
  day: string;
  quantity: number;
}

export interface StockRecord {
  sku: string;
  store: string;
  onHand: number;
  onOrder: number;
}

type Raw = Record<string, unknown>;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Rows of a CSV text as objects keyed by the header; `line` is the file line. */
export function csvRows(text: string): { line: number; row: Raw }[] {
  const [header, ...records] = parseCsv(text);
  if (!header) return [];
  const keys = header.fields.map((f) => f.trim());
  return records.map((r) => ({
    line: r.line,
    row: Object.fromEntries(keys.map((k, i) => [k, r.fields[i]?.trim() ?? ''])),
  }));
}

const text = (row: Raw, field: string): string => {
  const v = row[field];
  if (typeof v !== 'string' || v.length === 0 || v.length > 100) {
    throw new Error(`${field}: required text of at most 100 characters`);
  }
  return v;
};
const count = (row: Raw, field: string): number => {
  const v = row[field];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0) throw new Error(`${field}: must be a number ≥ 0`);
  return n;
};

function each<T>(rows: { line: number; row: Raw }[], parse: (r: Raw) => T): ItemResult<T>[] {
  return rows.map(({ line, row }, index) => {
    try {
      return { index, status: 'ok', value: parse(row) };
    } catch (e) {
      return { index, status: 'failed', reason: `line ${line}, ${(e as Error).message}` };
    }
  });
}

const salesOf = (row: Raw): SalesRecord => {
  const day = text(row, 'day');
  if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    throw new Error(`day: '${day}' is not a YYYY-MM-DD date`);
  }
  return {
    sku: text(row, 'sku'),
    store: text(row, 'store'),
    day,
    quantity: count(row, 'quantity'),
  };
};
const stockOf = (row: Raw): StockRecord => ({
  sku: text(row, 'sku'),
  store: text(row, 'store'),
  onHand: count(row, 'onHand'),
  onOrder: row.onOrder === undefined || row.onOrder === '' ? 0 : count(row, 'onOrder'),
});

/** CSV lines are numbered as in the file; JSON rows as 1-based positions. */
const rowsOf = (input: { csv?: string; rows?: Raw[] }) =>
  input.csv !== undefined
    ? csvRows(input.csv)
    : (input.rows ?? []).map((row, i) => ({ line: i + 1, row }));

export const parseSales = (input: { csv?: string; rows?: Raw[] }) => each(rowsOf(input), salesOf);
export const parseStock = (input: { csv?: string; rows?: Raw[] }) => each(rowsOf(input), stockOf);
