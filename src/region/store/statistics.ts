// Statistics per area and year (yearbook figures) imported from CSV: unit, name (optional), year
// and one column per indicator of the programme. Every row is checked and reported; if any row
// fails nothing is written (the report comes back as the 422's details), otherwise all rows are
// written in one transaction, replacing earlier figures of the same area and year.
import type { Scope } from '../../identity/index.ts';
import { parseCsv, RongheError } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import { indicatorKeys } from '../evaluate/index.ts';
import { audit, json, kOf } from './common.ts';
import { getProgramme } from './programmes.ts';

export interface RowReport {
  line: number;
  unit: string;
  year: number | null;
  status: 'ok' | 'failed';
  errors: { column: string; reason: string }[];
}

export interface Statistic {
  unit: string;
  name: string;
  year: number;
  values: Record<string, number>;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function refuse(reason: string, details: unknown): RongheError {
  return RongheError.of('RONGHE_INVALID_DATA', { at: '', reason }, details);
}

function checkRows(
  text: string,
  keys: readonly string[],
): { rows: RowReport[]; stats: Statistic[] } {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    throw refuse((e as Error).message, { rows: [] });
  }
  const [head, ...body] = records;
  if (!head) throw refuse('the file is empty', { rows: [] });
  const header = head.fields.map((h) => h.trim());
  for (const k of ['unit', 'year', ...keys])
    if (!header.includes(k))
      throw refuse(`line 1, ${k}: the header has no '${k}' column`, { rows: [] });
  const known = new Set(['unit', 'name', 'year', ...keys]);
  const unknown = header.find((h) => !known.has(h));
  if (unknown !== undefined)
    throw refuse(`line 1, ${unknown}: not an indicator of this programme (${keys.join(', ')})`, {
      rows: [],
    });
  const seen = new Set<string>();
  const rows: RowReport[] = [];
  const stats: Statistic[] = [];
  for (const rec of body) {
    const cell = (k: string) => (rec.fields[header.indexOf(k)] ?? '').trim();
    const errors: RowReport['errors'] = [];
    const unit = cell('unit');
    if (!unit) errors.push({ column: 'unit', reason: 'empty' });
    const yearText = cell('year');
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null;
    if (year === null) errors.push({ column: 'year', reason: `'${yearText}' is not a year` });
    else if (seen.has(`${unit}\u0000${year}`))
      errors.push({ column: 'unit', reason: `${unit} ${year} appears twice in the file` });
    seen.add(`${unit}\u0000${year}`);
    const values: Record<string, number> = {};
    for (const k of keys) {
      const s = cell(k);
      if (s === '') errors.push({ column: k, reason: 'missing value' });
      else if (!NUMBER.test(s)) errors.push({ column: k, reason: `'${s}' is not a number` });
      else values[k] = Number(s);
    }
    rows.push({ line: rec.line, unit, year, status: errors.length ? 'failed' : 'ok', errors });
    if (!errors.length && year !== null) stats.push({ unit, name: cell('name'), year, values });
  }
  return { rows, stats };
}

export async function importStatistics(
  db: Db,
  scope: Scope,
  programmeId: string,
  text: string,
  now = Date.now(),
): Promise<{ imported: number; rows: RowReport[] }> {
  const programme = await getProgramme(db, scope, programmeId);
  const { rows, stats } = checkRows(text, indicatorKeys(programme.system));
  const failed = rows.filter((r) => r.status === 'failed');
  if (failed.length) {
    const f = failed[0]!;
    const e = f.errors[0]!;
    throw refuse(
      `line ${f.line}, ${e.column}: ${e.reason}` +
        (failed.length > 1
          ? ` (and ${failed.length - 1} more rows); nothing was imported`
          : '; nothing was imported'),
      { rows },
    );
  }
  await kOf(db)
    .transaction()
    .execute(async (k) => {
      for (const s of stats) {
        await k
          .deleteFrom('region_statistics')
          .where('tenant_id', '=', scope.tenantId)
          .where('programme_id', '=', programmeId)
          .where('unit_key', '=', s.unit)
          .where('year', '=', s.year)
          .execute();
        await k
          .insertInto('region_statistics')
          .values({
            tenant_id: scope.tenantId,
            programme_id: programmeId,
            unit_key: s.unit,
            name: s.name,
            year: s.year,
            indicator_values: JSON.stringify(s.values),
            imported_at: now,
          })
          .execute();
      }
      await audit(k, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'region.statistics.import',
        entityType: 'region_programme',
        entityId: programmeId,
        details: { rows: stats.length },
      });
    });
  return { imported: stats.length, rows };
}

export async function listStatistics(
  db: Db,
  scope: Scope,
  programmeId: string,
): Promise<Statistic[]> {
  const rows = await kOf(db)
    .selectFrom('region_statistics')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('programme_id', '=', programmeId)
    .orderBy('unit_key')
    .orderBy('year')
    .execute();
  return rows.map((r) => ({
    unit: r.unit_key,
    name: r.name,
    year: Number(r.year),
    values: json<Record<string, number>>(r.indicator_values),
  }));
}
