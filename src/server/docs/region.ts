// Documentation of the regional pilot-programme routes (issue #22) for /openapi.json (see
// route-docs.ts and src/server/routes/region.ts).
import { Csv, type RouteDocs } from './route-docs.ts';
import * as S from '../routes/region-schemas.ts';
import {
  batch,
  evalRow,
  grant,
  indicators,
  programme,
  report,
  system,
  unit,
} from './region-examples.ts';

const R = '/api/v1/region';
const items = <T>(x: T) => ({ items: [x] });
const notFound = (what: string) => `An unknown ${what} (or one of another tenant) is a 404.`;

export const regionDocs: RouteDocs = {
  [`POST ${R}/programmes`]: {
    summary: 'Create a pilot programme',
    description:
      'A pilot programme of the region tenant with its indicator system: two subsystems (manufacturing first, then services), each with indicators {key, direction positive|negative} and optionally an AHP pairwise matrix over them; alpha and beta weigh the subsystems in T (0.5 each unless given, summing to 1). Reports and imported statistics follow this system. A duplicate indicator key or a malformed system is a 422 naming the field.',
    response: { 201: S.ProgrammeOut },
    body: { name: programme.name, system },
    example: programme,
  },
  [`GET ${R}/programmes`]: {
    summary: 'List pilot programmes',
    description: 'The tenant’s pilot programmes, oldest first.',
    response: { 200: S.Items(S.ProgrammeOut) },
    example: items(programme),
  },
  [`GET ${R}/programmes/:id`]: {
    summary: 'A pilot programme',
    description: `One programme with its indicator system. ${notFound('programme')}`,
    response: { 200: S.ProgrammeOut },
    params: { id: programme.id },
    example: programme,
  },
  [`POST ${R}/programmes/:id/batches`]: {
    summary: 'Add a batch',
    description: `A selection batch of the programme (第一批, 第二批 …) with the date it was selected. ${notFound('programme')}`,
    response: { 201: S.BatchOut },
    params: { id: programme.id },
    body: { name: '第一批', selectedOn: '2024-06-01' },
    example: batch,
  },
  [`GET ${R}/programmes/:id/batches`]: {
    summary: 'List batches',
    description: 'The programme’s batches by selection date.',
    response: { 200: S.Items(S.BatchOut) },
    params: { id: programme.id },
    example: items(batch),
  },
  [`POST ${R}/programmes/:id/units`]: {
    summary: 'Register a pilot unit',
    description:
      'A pilot unit of one of four kinds (enterprise, cluster, zone, project) with its city and county, GB/T 4754 industry code, integration paths (service-oriented-manufacturing, industrial-internet, customisation, full-lifecycle-management, total-integration-contracting, supply-chain-management, energy-saving-services, other), lead unit and members (a cluster’s enterprises, a zone’s clusters: units of the same programme). `enterpriseTenantId` links an enterprise that runs on this deployment. An unknown batch, lead or member is a 400 naming the field.',
    response: { 201: S.UnitOut },
    params: { id: programme.id },
    body: {
      batchId: batch.id,
      kind: 'enterprise',
      name: unit.name,
      city: 'wuxi',
      county: '新吴区',
      industryCode: 'C34',
      paths: unit.paths,
    },
    example: unit,
  },
  [`GET ${R}/programmes/:id/units`]: {
    summary: 'List pilot units',
    description: `The programme’s units in the order registered. ${notFound('programme')}`,
    response: { 200: S.Items(S.UnitOut) },
    params: { id: programme.id },
    example: items(unit),
  },
  [`GET ${R}/units`]: {
    summary: 'List pilot units of every programme',
    description:
      'The units of all the region tenant’s programmes in the order registered (each names its programme).',
    response: { 200: S.Items(S.UnitOut) },
    example: items(unit),
  },
  [`GET ${R}/units/:id`]: {
    summary: 'A pilot unit with funding and milestones',
    description: `The unit, its awards and disbursements (fen) with their totals, and its milestones by due date. ${notFound('unit')}`,
    response: { 200: S.UnitDetailOut },
    params: { id: unit.id },
    example: {
      unit,
      funding: [
        {
          id: 'rf_1x9c7b2m4n8p5q3k',
          unitId: unit.id,
          kind: 'award',
          amountFen: 200_000_000,
          source: '省级专项资金',
          onDate: '2024-07-01',
        },
      ],
      milestones: [
        {
          id: 'rm_8p5q3k1x9c7b2m4n',
          unitId: unit.id,
          title: '远程运维平台上线',
          dueOn: '2025-06-30',
          status: 'done',
        },
      ],
      awardedFen: 200_000_000,
      disbursedFen: 0,
    },
  },
  [`POST ${R}/units/:id/funding`]: {
    summary: 'Record funding',
    description: 'An award or a disbursement to the unit, in fen, with its source and date.',
    response: { 201: S.FundingOut },
    params: { id: unit.id },
    body: {
      kind: 'disbursement',
      amountFen: 100_000_000,
      source: '省级专项资金',
      onDate: '2025-01-15',
    },
    example: {
      id: 'rf_1x9c7b2m4n8p5q3k',
      unitId: unit.id,
      kind: 'disbursement',
      amountFen: 100_000_000,
      source: '省级专项资金',
      onDate: '2025-01-15',
    },
  },
  [`POST ${R}/units/:id/milestones`]: {
    summary: 'Add a milestone',
    description:
      'A milestone of the unit’s project with its due date and status (planned, done, missed).',
    response: { 201: S.MilestoneOut },
    params: { id: unit.id },
    body: { title: '远程运维平台上线', dueOn: '2025-06-30', status: 'planned' },
    example: {
      id: 'rm_8p5q3k1x9c7b2m4n',
      unitId: unit.id,
      title: '远程运维平台上线',
      dueOn: '2025-06-30',
      status: 'planned',
    },
  },
  [`POST ${R}/programmes/:id/reports`]: {
    summary: 'Open an annual report',
    description:
      'A draft report of a unit for a year, due on `dueOn`, with indicator values keyed by the programme’s indicators, a narrative and attachments (name and link). A value for an indicator the programme does not define is a 400 naming it; a second report of the same unit and year is a 409.',
    response: { 201: S.ReportOut },
    params: { id: programme.id },
    body: {
      unitId: unit.id,
      period: 2025,
      dueOn: '2026-03-31',
      values: report.values,
      narrative: report.narrative,
    },
    example: { ...report, status: 'draft', history: report.history.slice(0, 1) },
  },
  [`GET ${R}/programmes/:id/reports`]: {
    summary: 'List reports',
    description: 'The programme’s reports by year and unit, optionally of one status or unit.',
    response: { 200: S.Items(S.ReportOut) },
    params: { id: programme.id },
    query: { status: 'submitted' },
    example: items(report),
  },
  [`GET ${R}/reports`]: {
    summary: 'List reports of every programme',
    description:
      'The reports of all the region tenant’s programmes by year and unit, optionally of one status or unit: the office’s review inbox (`status=submitted`).',
    response: { 200: S.Items(S.ReportOut) },
    query: { status: 'accepted' },
    example: items(report),
  },
  [`GET ${R}/programmes/:id/reminders`]: {
    summary: 'Reports due or overdue',
    description:
      'Reports not yet submitted or accepted whose deadline is past (`overdue`) or within `withinDays` (14 unless given) of `today` (YYYY-MM-DD, today in UTC unless given): the list reminders are sent from.',
    response: { 200: S.Items(S.ReminderOut) },
    params: { id: programme.id },
    query: { withinDays: 30 },
    example: items({
      reportId: report.id,
      unitId: unit.id,
      period: 2025,
      dueOn: '2026-03-31',
      status: 'returned',
      overdue: true,
    }),
  },
  [`GET ${R}/reports/:id`]: {
    summary: 'A report',
    description: `One report with its review history. ${notFound('report')}`,
    response: { 200: S.ReportOut },
    params: { id: report.id },
    example: report,
  },
  [`PATCH ${R}/reports/:id`]: {
    summary: 'Edit a report',
    description:
      'Changes the values (merged), narrative or attachments of a draft or returned report; a submitted or accepted one is a 409.',
    response: { 200: S.ReportOut },
    params: { id: report.id },
    body: { values: { energy_intensity: 0.4 } },
    example: { ...report, status: 'returned' },
  },
  [`POST ${R}/reports/:id/submit`]: {
    summary: 'Submit a report',
    description:
      'Submits a draft or returned report for review; every indicator of the programme needs a value (else a 400 naming the first missing one).',
    response: { 200: S.ReportOut },
    params: { id: report.id },
    body: {},
    example: { ...report, status: 'submitted' },
  },
  [`POST ${R}/reports/:id/return`]: {
    summary: 'Return a report with comments',
    description:
      'Sends a submitted report back to the unit; the comment (required) says what to correct. Needs region:review.',
    response: { 200: S.ReportOut },
    params: { id: report.id },
    body: { comment: '请补充能耗数据来源。' },
    example: { ...report, status: 'returned' },
  },
  [`POST ${R}/reports/:id/accept`]: {
    summary: 'Accept a report',
    description:
      'Accepts a submitted report: its values enter the evaluation over reports. Needs region:review.',
    response: { 200: S.ReportOut },
    params: { id: report.id },
    body: {},
    example: report,
  },
  [`POST ${R}/programmes/:id/statistics`]: {
    summary: 'Import statistics from CSV',
    description:
      'Statistics per area and year (e.g. yearbook figures) as CSV: `unit`, optional `name`, `year`, and one column per indicator of the programme (UTF-8 or GB18030/GBK). Every row is checked; if any fails — a missing value, text in a number, a repeated area and year — nothing is imported and the 422’s details hold the per-row report `{rows: [{line, unit, year, status, errors: [{column, reason}]}]}`. An unknown column is a 422 naming it. Otherwise all rows are written at once, replacing earlier figures of the same area and year.',
    response: { 200: S.ImportOut },
    params: { id: programme.id },
    // The example system's three indicators for two cities and two years (figures of the
    // synthetic demo panel, src/region/demo): enough rows to evaluate.
    text: {
      type: 'text/csv',
      example:
        'unit,name,year,mfg_value_added,energy_intensity,producer_services_va\n' +
        'nanjing,南京,2022,3197.36,0.435,2212.38\n' +
        'nanjing,南京,2023,3527.97,0.424,2290.82\n' +
        'wuxi,无锡,2022,2641.72,0.48,1830.5\n' +
        'wuxi,无锡,2023,2709.55,0.473,2002.4\n',
    },
    example: {
      imported: 4,
      rows: [
        { line: 2, unit: 'nanjing', year: 2022, status: 'ok', errors: [] },
        { line: 3, unit: 'nanjing', year: 2023, status: 'ok', errors: [] },
        { line: 4, unit: 'wuxi', year: 2022, status: 'ok', errors: [] },
        { line: 5, unit: 'wuxi', year: 2023, status: 'ok', errors: [] },
      ],
    },
  },
  [`GET ${R}/programmes/:id/statistics`]: {
    summary: 'List imported statistics',
    description: 'The programme’s statistics by area and year.',
    response: { 200: S.Items(S.StatisticOut) },
    params: { id: programme.id },
    example: items({
      unit: 'nanjing',
      name: '南京',
      year: 2023,
      values: { mfg_value_added: 3350.2, energy_intensity: 0.42, producer_services_va: 2400.1 },
    }),
  },
  [`POST ${R}/programmes/:id/evaluate`]: {
    summary: 'Evaluate the integration index',
    description:
      'Min–max normalisation over the whole panel, weights per subsystem (entropy, AHP from the programme’s matrices refused when CR ≥ 0.1, or combined with `ahpShare` of AHP), subsystem scores U₁ and U₂, coupling C = 2√(U₁U₂)/(U₁+U₂), T = αU₁ + βU₂ and coordination D = √(C·T) with its ten-level class and the lagging subsystem (U₂/U₁ below 0.9 → services, above 1.1 → manufacturing), ranks per year, year-on-year change, normalised values per row (for radar charts) and trends of D per unit, per city and per cluster or zone (the mean D of its members). `source` is the imported statistics (default) or the accepted reports. A constant indicator, a missing value or an inconsistent AHP matrix is a 422 naming the row and column.',
    response: { 200: S.EvaluationOut },
    params: { id: programme.id },
    body: { source: 'statistics', weights: 'entropy' },
    safe: true,
    example: {
      programmeId: programme.id,
      source: 'statistics',
      method: 'entropy',
      weights: { mfg_value_added: 0.56, energy_intensity: 0.44, producer_services_va: 1 },
      rows: [evalRow],
      trends: {
        units: [
          {
            key: 'nanjing',
            series: [
              { year: 2022, D: 0.848 },
              { year: 2023, D: 0.889 },
            ],
            slope: 0.041,
          },
        ],
        cities: [
          {
            key: 'nanjing',
            series: [
              { year: 2022, D: 0.848 },
              { year: 2023, D: 0.889 },
            ],
            slope: 0.041,
          },
        ],
        clusters: [],
      },
    },
  },
  [`GET ${R}/programmes/:id/evaluation.csv`]: {
    summary: 'Evaluation as CSV',
    description:
      'The evaluation’s rows as CSV (UTF-8 with a byte-order mark unless `bom=false`), with the same `source`, `weights` and `ahpShare` as the evaluate operation.',
    response: {
      200: Csv(
        'unit,name,city,year,U1,U2,C,T,D,class,lagging,rank,change\r\nnanjing,南京,nanjing,2023,0.8247,0.7575,0.9991,0.7911,0.889,good-coordination,none,2,0.041\r\n',
      ),
    },
    params: { id: programme.id },
    query: { weights: 'entropy' },
  },
  [`POST ${R}/grants`]: {
    summary: 'Grant a region tenant the platform indicators',
    description:
      'The caller’s (enterprise) tenant lets the region tenant `regionTenant` (its slug) read a fixed set of aggregates computed from this platform: service revenue share (with the declared annual revenue `revenueFen`), installed base under service contracts, assets remotely monitored in the last 30 days, verified energy savings, work orders handled, customised orders and OEE. Only these aggregates cross the boundary; the grant is recorded in both tenants’ audit logs. A second active grant to the same tenant is a 409. Needs region:grant.',
    response: { 201: S.GrantOut },
    body: { regionTenant: 'jiangsu-pilot', revenueFen: 50_000_000_000 },
    example: grant,
  },
  [`GET ${R}/grants`]: {
    summary: 'Grants given',
    description: 'The grants the caller’s tenant has given, newest first, revoked ones included.',
    response: { 200: S.Items(S.GrantOut) },
    example: items(grant),
  },
  [`POST ${R}/grants/:id/revoke`]: {
    summary: 'Revoke a grant',
    description:
      'Ends the grant at once: the region tenant no longer sees the enterprise at all. Recorded in both tenants’ audit logs; revoking twice is a 409.',
    response: { 200: S.GrantOut },
    params: { id: grant.id },
    example: { ...grant, revokedBy: 'user:us_1', revokedAt: 1767398400000 },
  },
  [`GET ${R}/platform-indicators`]: {
    summary: 'Platform indicators granted to this tenant',
    description:
      'For each enterprise with an active grant to the caller’s tenant, its aggregate indicators computed now; each read is recorded in both tenants’ audit logs. Enterprises without a grant do not appear.',
    response: { 200: S.Items(S.IndicatorsOut) },
    example: items(indicators),
  },
  [`GET ${R}/platform-indicators/:tenantId`]: {
    summary: 'One enterprise’s platform indicators',
    description:
      'The aggregates of one enterprise tenant, by its id or its slug (as a grant names the region tenant), audited on both sides; without an active grant it is a 404, as if the enterprise did not exist.',
    response: { 200: S.IndicatorsOut },
    params: { tenantId: 'demo' },
    example: indicators,
  },
};
