// Annual reports of pilot units: draft → submitted → accepted, or returned with comments and
// submitted again. The form is the programme's indicator system: a value for an indicator the
// system does not define is refused, naming it.
import type { Scope } from '../../identity/index.ts';
import { RongheError } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { RegionReportTable } from '../../storage/region-schema.ts';
import { indicatorKeys } from '../evaluate/index.ts';
import { audit, checkDate, invalid, json, kOf, notFound, regionId, type K } from './common.ts';
import { getProgramme } from './programmes.ts';
import { getUnit } from './units.ts';

export type ReportStatus = 'draft' | 'submitted' | 'returned' | 'accepted';
export type ReviewAction = 'submit' | 'return' | 'accept';

export interface HistoryEntry {
  at: number;
  by: string;
  action: ReviewAction | 'create' | 'update';
  comment: string;
}

export interface Report {
  id: string;
  programmeId: string;
  unitId: string;
  period: number;
  dueOn: string;
  status: ReportStatus;
  values: Record<string, number>;
  narrative: string;
  attachments: { name: string; url: string }[];
  history: HistoryEntry[];
  createdAt: number;
  updatedAt: number;
}

export interface ReportInput {
  unitId: string;
  period: number;
  dueOn: string;
  values?: Record<string, number>;
  narrative?: string;
  attachments?: { name: string; url: string }[];
}

const toReport = (r: RegionReportTable): Report => ({
  id: r.id,
  programmeId: r.programme_id,
  unitId: r.unit_id,
  period: Number(r.period),
  dueOn: r.due_on,
  status: r.status as ReportStatus,
  values: json(r.indicator_values),
  narrative: r.narrative,
  attachments: json(r.attachments),
  history: json(r.history),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

function checkValues(keys: readonly string[], values: Record<string, number>): void {
  for (const [k, v] of Object.entries(values)) {
    if (!keys.includes(k))
      throw invalid(`values.${k}`, {
        en: `not an indicator of this programme (${keys.join(', ')})`,
        'zh-CN': `不是该试点项目的指标（${keys.join('、')}）`,
      });
    if (!Number.isFinite(v))
      throw invalid(`values.${k}`, { en: 'expected a finite number', 'zh-CN': '应为有限数值' });
  }
}

export async function createReport(
  db: Db,
  scope: Scope,
  programmeId: string,
  input: ReportInput,
  now = Date.now(),
): Promise<Report> {
  const programme = await getProgramme(db, scope, programmeId);
  const unit = await getUnit(db, scope, input.unitId);
  if (unit.programmeId !== programmeId)
    throw invalid('unitId', {
      en: 'the unit is not in this programme',
      'zh-CN': '该单位不在此试点项目中',
    });
  checkValues(indicatorKeys(programme.system), input.values ?? {});
  const row: RegionReportTable = {
    id: regionId('rr'),
    tenant_id: scope.tenantId,
    programme_id: programmeId,
    unit_id: input.unitId,
    period: input.period,
    due_on: checkDate('dueOn', input.dueOn),
    status: 'draft',
    indicator_values: JSON.stringify(input.values ?? {}),
    narrative: input.narrative ?? '',
    attachments: JSON.stringify(input.attachments ?? []),
    history: JSON.stringify([{ at: now, by: scope.actor, action: 'create', comment: '' }]),
    created_at: now,
    updated_at: now,
  };
  const clash = await kOf(db)
    .selectFrom('region_reports')
    .select('id')
    .where('tenant_id', '=', scope.tenantId)
    .where('unit_id', '=', input.unitId)
    .where('period', '=', input.period)
    .executeTakeFirst();
  if (clash)
    throw new RongheError('RONGHE_CONFLICT', {
      en: `the unit already has a report for ${input.period} (${clash.id})`,
      'zh-CN': `该单位已有 ${input.period} 的报告（${clash.id}）`,
    });
  await kOf(db).insertInto('region_reports').values(row).execute();
  return toReport(row);
}

async function load(k: K, scope: Scope, id: string): Promise<Report> {
  const r = await k
    .selectFrom('region_reports')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('Report', id);
  return toReport(r);
}

export const getReport = (db: Db, scope: Scope, id: string) => load(kOf(db), scope, id);

/** Edits a draft or returned report (the unit's answer to the reviewer's comments). */
export async function updateReport(
  db: Db,
  scope: Scope,
  id: string,
  patch: Pick<ReportInput, 'values' | 'narrative' | 'attachments'>,
  now = Date.now(),
): Promise<Report> {
  const r = await getReport(db, scope, id);
  if (r.status !== 'draft' && r.status !== 'returned')
    throw RongheError.of('RONGHE_INVALID_TRANSITION', {
      reason: `a ${r.status} report cannot be edited`,
    });
  const programme = await getProgramme(db, scope, r.programmeId);
  const values = { ...r.values, ...(patch.values ?? {}) };
  checkValues(indicatorKeys(programme.system), values);
  const history = [
    ...r.history,
    { at: now, by: scope.actor, action: 'update' as const, comment: '' },
  ];
  await kOf(db)
    .updateTable('region_reports')
    .set({
      indicator_values: JSON.stringify(values),
      narrative: patch.narrative ?? r.narrative,
      attachments: JSON.stringify(patch.attachments ?? r.attachments),
      history: JSON.stringify(history),
      updated_at: now,
    })
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .execute();
  return getReport(db, scope, id);
}

const NEXT: Record<ReviewAction, { from: readonly ReportStatus[]; to: ReportStatus }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  return: { from: ['submitted'], to: 'returned' },
  accept: { from: ['submitted'], to: 'accepted' },
};

/** Moves a report on; returning needs a comment that says what to fix. */
export async function reviewReport(
  db: Db,
  scope: Scope,
  id: string,
  action: ReviewAction,
  comment = '',
  now = Date.now(),
): Promise<Report> {
  if (action === 'return' && !comment.trim())
    throw invalid('comment', {
      en: 'say what the unit should correct when returning a report',
      'zh-CN': '退回报告时请说明单位应更正什么',
    });
  return kOf(db)
    .transaction()
    .execute(async (k) => {
      const r = await load(k, scope, id);
      const step = NEXT[action];
      if (!step.from.includes(r.status))
        throw RongheError.of('RONGHE_INVALID_TRANSITION', {
          reason: `cannot ${action} a ${r.status} report`,
        });
      if (action === 'submit') {
        const programme = await getProgramme(k, scope, r.programmeId);
        const missing = indicatorKeys(programme.system).filter((key) => !(key in r.values));
        if (missing.length)
          throw invalid(`values.${missing[0]}`, {
            en: 'a submitted report needs every indicator',
            'zh-CN': '提交的报告需要填写所有指标',
          });
      }
      const history = [...r.history, { at: now, by: scope.actor, action, comment }];
      await k
        .updateTable('region_reports')
        .set({ status: step.to, history: JSON.stringify(history), updated_at: now })
        .where('tenant_id', '=', scope.tenantId)
        .where('id', '=', id)
        .execute();
      await audit(k, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: `region.report.${action}`,
        entityType: 'region_report',
        entityId: id,
        ...(comment ? { details: { comment } } : {}),
      });
      return load(k, scope, id);
    });
}

export async function listReports(
  db: Db,
  scope: Scope,
  /** null: the reports of every programme of the tenant (the office's review inbox). */
  programmeId: string | null,
  q: { status?: ReportStatus; unitId?: string } = {},
): Promise<Report[]> {
  let s = kOf(db).selectFrom('region_reports').selectAll().where('tenant_id', '=', scope.tenantId);
  if (programmeId !== null) s = s.where('programme_id', '=', programmeId);
  if (q.status) s = s.where('status', '=', q.status);
  if (q.unitId) s = s.where('unit_id', '=', q.unitId);
  return (await s.orderBy('period').orderBy('unit_id').execute()).map(toReport);
}

/** Reports not yet accepted whose deadline is past or within `withinDays` of `today`. */
export async function reminders(
  db: Db,
  scope: Scope,
  programmeId: string,
  today: string,
  withinDays = 14,
) {
  checkDate('today', today);
  const horizon = new Date(Date.parse(`${today}T00:00:00Z`) + withinDays * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const open = (await listReports(db, scope, programmeId)).filter(
    (r) => r.status !== 'accepted' && r.status !== 'submitted' && r.dueOn <= horizon,
  );
  return open.map((r) => ({
    reportId: r.id,
    unitId: r.unitId,
    period: r.period,
    dueOn: r.dueOn,
    status: r.status,
    overdue: r.dueOn < today,
  }));
}
