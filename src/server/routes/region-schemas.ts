// TypeBox schemas of the region routes (src/server/routes/region.ts): request bodies here, the
// response shapes beside them so that route docs and handlers share one definition.
import { Type, type TSchema } from '@sinclair/typebox';
import { Id, Name, Strict, Text } from '../schemas.ts';
import { lit } from './service-schemas.ts';

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const DateText = Type.String({ maxLength: 10, description: 'YYYY-MM-DD' });
const Key = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z_][\\w-]*$' });

export const Indicator = Strict({
  key: Key,
  name: Type.Optional(Type.String({ maxLength: 200 })),
  nameEn: Type.Optional(Type.String({ maxLength: 200 })),
  unit: Type.Optional(Type.String({ maxLength: 50 })),
  direction: lit(['positive', 'negative'] as const),
});
export const Subsystem = Strict({
  key: Key,
  name: Type.Optional(Type.String({ maxLength: 200 })),
  nameEn: Type.Optional(Type.String({ maxLength: 200 })),
  indicators: Type.Array(Indicator, { minItems: 1, maxItems: 60 }),
  ahp: Type.Optional(Type.Array(Type.Array(Type.Number()), { maxItems: 15 })),
});
export const System = Strict({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  alpha: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  beta: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  subsystems: Type.Array(Subsystem, { minItems: 2, maxItems: 2 }),
});

export const ProgrammeBody = Strict({ name: Name, system: System });
export const BatchBody = Strict({ name: Name, selectedOn: DateText });
export const UnitKind = lit(['enterprise', 'cluster', 'zone', 'project'] as const);
export const UnitBody = Strict({
  batchId: Type.Optional(Nullable(Id)),
  kind: UnitKind,
  name: Name,
  city: Type.String({ minLength: 1, maxLength: 64 }),
  county: Type.Optional(Type.String({ maxLength: 64 })),
  industryCode: Type.String({ minLength: 1, maxLength: 8, description: 'GB/T 4754, e.g. C34' }),
  paths: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10 }),
  leadUnitId: Type.Optional(Nullable(Id)),
  memberIds: Type.Optional(Type.Array(Id, { maxItems: 500 })),
  enterpriseTenantId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
});
export const FundingBody = Strict({
  kind: lit(['award', 'disbursement'] as const),
  amountFen: Type.Integer({ minimum: 1 }),
  source: Type.String({ minLength: 1, maxLength: 200 }),
  onDate: DateText,
});
export const MilestoneBody = Strict({
  title: Name,
  dueOn: DateText,
  status: lit(['planned', 'done', 'missed'] as const),
});
const Values = Type.Record(Type.String(), Type.Number());
const Attachment = Strict({ name: Name, url: Type.String({ maxLength: 2000 }) });
export const ReportBody = Strict({
  unitId: Id,
  period: Type.Integer({ minimum: 1990, maximum: 2100 }),
  dueOn: DateText,
  values: Type.Optional(Values),
  narrative: Type.Optional(Type.String({ maxLength: 20_000 })),
  attachments: Type.Optional(Type.Array(Attachment, { maxItems: 50 })),
});
export const ReportPatch = Strict({
  values: Type.Optional(Values),
  narrative: Type.Optional(Type.String({ maxLength: 20_000 })),
  attachments: Type.Optional(Type.Array(Attachment, { maxItems: 50 })),
});
export const ReviewBody = Strict({ comment: Type.Optional(Text) });
export const EvaluateBody = Strict({
  source: Type.Optional(lit(['statistics', 'reports'] as const)),
  weights: Type.Optional(lit(['entropy', 'ahp', 'combined'] as const)),
  ahpShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
});
export const GrantBody = Strict({
  regionTenant: Type.String({ minLength: 2, maxLength: 40, description: 'the region tenant slug' }),
  revenueFen: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
});

// --- responses ---
export const ProgrammeOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  system: System,
  createdAt: Type.Number(),
});
export const BatchOut = Type.Object({
  id: Type.String(),
  programmeId: Type.String(),
  name: Type.String(),
  selectedOn: Type.String(),
  createdAt: Type.Number(),
});
export const UnitOut = Type.Object({
  id: Type.String(),
  programmeId: Type.String(),
  batchId: Nullable(Type.String()),
  kind: UnitKind,
  name: Type.String(),
  city: Type.String(),
  county: Type.String(),
  industryCode: Type.String(),
  paths: Type.Array(Type.String()),
  leadUnitId: Nullable(Type.String()),
  memberIds: Type.Array(Type.String()),
  enterpriseTenantId: Nullable(Type.String()),
  createdAt: Type.Number(),
});
export const FundingOut = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  kind: Type.String(),
  amountFen: Type.Number(),
  source: Type.String(),
  onDate: Type.String(),
});
export const MilestoneOut = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  title: Type.String(),
  dueOn: Type.String(),
  status: Type.String(),
});
export const UnitDetailOut = Type.Object({
  unit: UnitOut,
  funding: Type.Array(FundingOut),
  milestones: Type.Array(MilestoneOut),
  awardedFen: Type.Number(),
  disbursedFen: Type.Number(),
});
export const ReportOut = Type.Object({
  id: Type.String(),
  programmeId: Type.String(),
  unitId: Type.String(),
  period: Type.Number(),
  dueOn: Type.String(),
  status: lit(['draft', 'submitted', 'returned', 'accepted'] as const),
  values: Values,
  narrative: Type.String(),
  attachments: Type.Array(Type.Object({ name: Type.String(), url: Type.String() })),
  history: Type.Array(
    Type.Object({
      at: Type.Number(),
      by: Type.String(),
      action: Type.String(),
      comment: Type.String(),
    }),
  ),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
export const ReminderOut = Type.Object({
  reportId: Type.String(),
  unitId: Type.String(),
  period: Type.Number(),
  dueOn: Type.String(),
  status: Type.String(),
  overdue: Type.Boolean(),
});
export const RowReportOut = Type.Object({
  line: Type.Number(),
  unit: Type.String(),
  year: Nullable(Type.Number()),
  status: lit(['ok', 'failed'] as const),
  errors: Type.Array(Type.Object({ column: Type.String(), reason: Type.String() })),
});
export const ImportOut = Type.Object({ imported: Type.Number(), rows: Type.Array(RowReportOut) });
export const StatisticOut = Type.Object({
  unit: Type.String(),
  name: Type.String(),
  year: Type.Number(),
  values: Values,
});
const Trend = Type.Object({
  key: Type.String(),
  series: Type.Array(Type.Object({ year: Type.Number(), D: Type.Number() })),
  slope: Type.Number(),
});
export const EvaluationOut = Type.Object({
  programmeId: Type.String(),
  source: Type.String(),
  method: Type.String(),
  weights: Values,
  rows: Type.Array(
    Type.Object({
      unit: Type.String(),
      name: Type.String(),
      city: Type.String(),
      year: Type.Number(),
      U1: Type.Number(),
      U2: Type.Number(),
      C: Type.Number(),
      T: Type.Number(),
      D: Type.Number(),
      class: Type.String(),
      classLabel: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
      lagging: Type.String(),
      rank: Type.Number(),
      change: Nullable(Type.Number()),
      normalised: Values,
    }),
  ),
  trends: Type.Object({
    units: Type.Array(Trend),
    cities: Type.Array(Trend),
    clusters: Type.Array(Trend),
  }),
});
const TenantRef = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() });
export const GrantOut = Type.Object({
  id: Type.String(),
  enterpriseTenant: TenantRef,
  regionTenant: TenantRef,
  indicators: Type.Array(Type.String()),
  revenueFen: Nullable(Type.Number()),
  grantedBy: Type.String(),
  grantedAt: Type.Number(),
  revokedBy: Nullable(Type.String()),
  revokedAt: Nullable(Type.Number()),
});
export const IndicatorsOut = Type.Object({
  grantId: Type.String(),
  enterpriseTenant: TenantRef,
  at: Type.Number(),
  indicators: Type.Object({
    serviceRevenueShare: Nullable(Type.Number()),
    serviceRevenueYuan: Type.Number(),
    installedBaseUnderContractShare: Nullable(Type.Number()),
    remotelyMonitoredShare: Nullable(Type.Number()),
    verifiedSavingsKwh: Type.Number(),
    workOrdersHandled: Type.Number(),
    customisedOrders: Type.Number(),
    oee: Nullable(Type.Number()),
    assets: Type.Number(),
  }),
});
export const Items = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });
