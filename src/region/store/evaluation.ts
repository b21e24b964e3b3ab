// The programme's evaluation over its own data: the imported statistics (areas × years) or the
// accepted reports (units × years), through the pure core, with ranks, year-on-year change and
// trends per unit and per city.
import type { Scope } from '../../identity/index.ts';
import { invalidData } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { Panel, PanelRow, WeightMethod } from '../evaluate/index.ts';
import {
  coordinationClass,
  evaluate,
  indicatorKeys,
  rankAndChange,
  trends,
} from '../evaluate/index.ts';
import { getProgramme } from './programmes.ts';
import { listReports } from './reports.ts';
import { listStatistics } from './statistics.ts';
import { listUnits } from './units.ts';

export type EvaluationSource = 'statistics' | 'reports';

interface Sourced {
  unit: string;
  name: string;
  city: string;
  year: number;
  values: Record<string, number>;
}

async function sourceRows(db: Db, scope: Scope, programmeId: string, source: EvaluationSource) {
  if (source === 'statistics')
    return (await listStatistics(db, scope, programmeId)).map((s): Sourced => ({
      unit: s.unit,
      name: s.name,
      city: s.unit,
      year: s.year,
      values: s.values,
    }));
  const units = new Map((await listUnits(db, scope, programmeId)).map((u) => [u.id, u]));
  return (await listReports(db, scope, programmeId, { status: 'accepted' })).map((r): Sourced => {
    const u = units.get(r.unitId);
    return {
      unit: r.unitId,
      name: u?.name ?? '',
      city: u?.city ?? '',
      year: r.period,
      values: r.values,
    };
  });
}

export async function evaluateProgramme(
  db: Db,
  scope: Scope,
  programmeId: string,
  opts: { source: EvaluationSource; weights: WeightMethod; ahpShare?: number },
) {
  const programme = await getProgramme(db, scope, programmeId);
  const data = (await sourceRows(db, scope, programmeId, opts.source)).sort(
    (a, b) => a.unit.localeCompare(b.unit) || a.year - b.year,
  );
  if (data.length < 2)
    throw invalidData(
      { field: opts.source },
      {
        en: `the programme has ${data.length} ${opts.source === 'statistics' ? 'statistics rows' : 'accepted reports'}; at least two are needed`,
        'zh-CN': `该试点项目只有 ${data.length} 条${opts.source === 'statistics' ? '统计数据' : '已接受的报告'}；至少需要两条`,
      },
    );
  const keys = indicatorKeys(programme.system);
  const rows: PanelRow[] = data.map((d) => ({
    unit: d.unit,
    year: d.year,
    carry: { name: d.name, city: d.city },
  }));
  const values = new Map(keys.map((k) => [k, Float64Array.from(data, (d) => d.values[k] ?? NaN)]));
  const panel: Panel = { rows, values };
  const r = evaluate(programme.system, panel, {
    method: opts.weights,
    ...(opts.ahpShare !== undefined ? { ahpShare: opts.ahpShare } : {}),
  });
  const ranked = rankAndChange(r.rows);
  const cityOf = new Map(data.map((d) => [d.unit, d.city]));
  // A cluster's (or zone's) trend is the mean D of its member units that have data.
  const groupOf = new Map<string, string>();
  for (const u of await listUnits(db, scope, programmeId))
    if (u.kind === 'cluster' || u.kind === 'zone')
      for (const m of u.memberIds) if (!groupOf.has(m)) groupOf.set(m, u.id);
  return {
    programmeId,
    source: opts.source,
    method: opts.weights,
    weights: r.weights,
    rows: r.rows.map((x, i) => {
      const c = coordinationClass(x.D);
      return {
        unit: x.unit,
        name: x.carry.name ?? '',
        city: x.carry.city ?? '',
        year: x.year,
        U1: x.U1,
        U2: x.U2,
        C: x.C,
        T: x.T,
        D: x.D,
        class: x.class,
        classLabel: { 'zh-CN': c['zh-CN'], en: c.en },
        lagging: x.lagging,
        rank: ranked[i]!.rank,
        change: ranked[i]!.change,
        normalised: Object.fromEntries(keys.map((k) => [k, r.normalised.get(k)![i]!])),
      };
    }),
    trends: {
      units: trends(r.rows, (u) => u),
      cities: trends(r.rows, (u) => cityOf.get(u) || undefined),
      clusters: trends(r.rows, (u) => groupOf.get(u)),
    },
  };
}

export type ProgrammeEvaluation = Awaited<ReturnType<typeof evaluateProgramme>>;
