// TypeBox schemas of the service routes (src/server/routes/service.ts): one per body and query,
// each both validator and type; unknown fields are refused naming the field.
import { Type } from '@sinclair/typebox';
import { AssetRef, Id, Name, Strict, Text } from '../schemas.ts';
import { TimeParam, TzParam } from '../time.ts';
import { PageQuery } from '../paging.ts';

export const lit = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));

export const Ms = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000 });
const Day = Type.String({ maxLength: 10, description: 'YYYY-MM-DD' });
const Minutes = Type.Integer({ minimum: 1, maximum: 525_600 });
export const Priority = lit(['critical', 'high', 'medium', 'low'] as const);
const Skill = Type.String({ minLength: 1, maxLength: 64 });
export const Skills = Type.Array(Skill, { maxItems: 32 });
const Span = Strict({ start: Type.String({ maxLength: 5 }), end: Type.String({ maxLength: 5 }) });
const Spans = Type.Array(Span, { maxItems: 8 });

export const Calendar = Strict({
  timeZone: Type.String({ minLength: 1, maxLength: 64, default: 'Asia/Shanghai' }),
  hours: Strict({
    '1': Type.Optional(Spans),
    '2': Type.Optional(Spans),
    '3': Type.Optional(Spans),
    '4': Type.Optional(Spans),
    '5': Type.Optional(Spans),
    '6': Type.Optional(Spans),
    '7': Type.Optional(Spans),
  }),
  holidays: Type.Array(Day, { maxItems: 1000, default: [] }),
  workdays: Type.Array(Day, { maxItems: 1000, default: [] }),
  adjustedHours: Type.Optional(Spans),
});

const Term = Strict({ responseMinutes: Minutes, resolutionMinutes: Minutes });

export const ContractBody = Strict({
  customerId: Id,
  name: Name,
  kind: lit(['warranty', 'full_service', 'on_call', 'availability'] as const),
  validFrom: Day,
  validTo: Day,
  assetIds: Type.Array(Id, { minItems: 1, maxItems: 10_000 }),
  sla: Strict({
    critical: Type.Optional(Term),
    high: Type.Optional(Term),
    medium: Type.Optional(Term),
    low: Type.Optional(Term),
  }),
  pauseOnHold: Type.Optional(Type.Boolean()),
  availabilityTarget: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  calendar: Type.Optional(Calendar),
  entitlements: Type.Optional(
    Strict({
      visitsPerYear: Type.Optional(
        Type.Union([Type.Integer({ minimum: 0, maximum: 10_000 }), Type.Null()]),
      ),
      partsIncluded: Type.Optional(Type.Boolean()),
      labourHours: Type.Optional(
        Type.Union([Type.Number({ minimum: 0, maximum: 1e6 }), Type.Null()]),
      ),
    }),
  ),
  energyContractId: Type.Optional(
    Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]),
  ),
  priceFen: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
  notes: Type.Optional(Text),
});

export const CalendarCheck = Strict({ calendar: Calendar, start: Ms, minutes: Minutes });

export const WorkOrderBody = Strict({
  assetId: Id,
  title: Name,
  description: Type.Optional(Text),
  priority: Priority,
  kind: Type.Optional(lit(['corrective', 'preventive'] as const)),
  skills: Type.Optional(Skills),
});

export const RequestBody = Strict({
  assetId: Id,
  title: Name,
  description: Type.Optional(Text),
  priority: Type.Optional(Priority),
});

export const FromAlarmBody = Strict({
  title: Type.Optional(Name),
  priority: Type.Optional(Priority),
  skills: Type.Optional(Skills),
});

export const Version = Type.Integer({ minimum: 1 });

export const TransitionBody = Strict({
  // Any string: an unknown state is named in a 400 by the state machine, with the allowed ones.
  to: Type.String({ minLength: 1, maxLength: 32 }),
  note: Type.Optional(Text),
  version: Type.Optional(Version),
  /** Closing an order opened from an alarm: clear the alarm, or only comment it. */
  alarm: Type.Optional(lit(['clear', 'comment'] as const)),
});

export const WorkOrderQuery = Strict({
  status: Type.Optional(
    lit([
      'new',
      'planned',
      'assigned',
      'in_progress',
      'on_hold',
      'done',
      'closed',
      'cancelled',
    ] as const),
  ),
  assetId: Type.Optional(AssetRef),
  customerId: Type.Optional(Id),
  technicianId: Type.Optional(Id),
  priority: Type.Optional(Priority),
  from: Type.Optional(Type.Integer({ minimum: 0, description: 'created at or after, epoch ms' })),
  to: Type.Optional(Type.Integer({ minimum: 0, description: 'created before, epoch ms' })),
  ...PageQuery,
});

export const TechnicianBody = Strict({
  name: Name,
  userId: Type.Optional(Type.Union([Id, Type.Null()])),
  skills: Skills,
  homeLat: Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()]),
  homeLon: Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()]),
  region: Type.String({ maxLength: 200 }),
  active: Type.Optional(Type.Boolean()),
});

export const PartBody = Strict({
  sku: Type.String({ minLength: 1, maxLength: 64 }),
  name: Name,
  fits: Type.Array(Id, { maxItems: 1000 }),
  unitCostFen: Type.Integer({ minimum: 0 }),
  reorderPoint: Type.Integer({ minimum: 0 }),
  reorderQty: Type.Integer({ minimum: 0 }),
});

export const Qty = Type.Integer({ minimum: 1, maximum: 1_000_000 });

export const KpiQuery = Strict({
  from: TimeParam,
  to: TimeParam,
  tz: Type.Optional(TzParam),
  groupBy: Type.Optional(lit(['asset', 'model', 'customer', 'contract', 'technician'] as const)),
  assetId: Type.Optional(Id),
  modelId: Type.Optional(Id),
  customerId: Type.Optional(Id),
  contractId: Type.Optional(Id),
  technicianId: Type.Optional(Id),
  format: Type.Optional(lit(['json', 'csv'] as const)),
  bom: Type.Optional(
    Type.Boolean({ description: 'CSV: start with a UTF-8 byte-order mark (default true).' }),
  ),
});
