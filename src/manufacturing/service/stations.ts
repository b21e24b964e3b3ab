// Stations (work centres) of the tenant's shop floor: a code the routings name, the line they
// belong to and a weekly shift calendar in the tenant's local time (issue 17).
import { RongheError, invalid, notFound } from '../../kernel/index.ts';
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { isValidClock, type Shift } from '../capacity/calendar.ts';
import { audit, mfg, mfgId, parseJson } from './store.ts';

export interface Station {
  id: string;
  code: string;
  name: string;
  line: string;
  shifts: Shift[];
  createdAt: number;
}

export interface StationInput {
  code: string;
  name: string;
  line: string;
  shifts: Shift[];
}

type Row = {
  id: string;
  code: string;
  name: string;
  line: string;
  shifts: string;
  created_at: number;
};
const toStation = (r: Row): Station => ({
  id: r.id,
  code: r.code,
  name: r.name,
  line: r.line,
  shifts: parseJson<Shift[]>(r.shifts),
  createdAt: Number(r.created_at),
});

export function checkShifts(shifts: Shift[], field = 'shifts'): void {
  shifts.forEach((s, i) => {
    if (!isValidClock(s.start))
      throw invalid(`${field}[${i}].start`, {
        en: `'${s.start}' is not HH:MM`,
        'zh-CN': `“${s.start}”不是 HH:MM 格式`,
      });
    if (!isValidClock(s.end))
      throw invalid(`${field}[${i}].end`, {
        en: `'${s.end}' is not HH:MM`,
        'zh-CN': `“${s.end}”不是 HH:MM 格式`,
      });
    if (s.start === s.end)
      throw invalid(`${field}[${i}]`, { en: 'a shift must not be empty', 'zh-CN': '班次不能为空' });
    if (s.days.length === 0 || s.days.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) {
      throw invalid(`${field}[${i}].days`, {
        en: 'days are 0 (Sunday) to 6 (Saturday), at least one',
        'zh-CN': '星期为 0（周日）到 6（周六），至少一天',
      });
    }
  });
}

export async function createStation(db: Db, scope: Scope, input: StationInput): Promise<Station> {
  checkShifts(input.shifts);
  const k = mfg(db);
  const row = {
    id: mfgId('st'),
    tenant_id: scope.tenantId,
    code: input.code,
    name: input.name,
    line: input.line,
    shifts: JSON.stringify(input.shifts),
    created_at: Date.now(),
  };
  await k.transaction().execute(async (tx) => {
    const dup = await tx
      .selectFrom('mfg_stations')
      .select('id')
      .where('tenant_id', '=', scope.tenantId)
      .where('code', '=', input.code)
      .executeTakeFirst();
    if (dup)
      throw new RongheError('RONGHE_CONFLICT', {
        en: `code: station '${input.code}' exists`,
        'zh-CN': `code：工位“${input.code}”已存在`,
      });
    await tx.insertInto('mfg_stations').values(row).execute();
    await audit(tx, {
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: 'station.create',
      entityType: 'mfg_station',
      entityId: row.id,
      details: { code: input.code },
    });
  });
  return toStation(row);
}

export async function listStations(db: Db, scope: Scope): Promise<Station[]> {
  const rows = await mfg(db)
    .selectFrom('mfg_stations')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('code')
    .execute();
  return rows.map(toStation);
}

export async function getStation(db: Db, scope: Scope, id: string): Promise<Station> {
  const row = await mfg(db)
    .selectFrom('mfg_stations')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Station', id);
  return toStation(row);
}
