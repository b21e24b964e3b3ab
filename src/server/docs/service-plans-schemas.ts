// Schemas and examples shared by the documentation of the maintenance-plan routes (service-
// plans.ts).
import { Type } from '@sinclair/typebox';
import { Nullable, type TextResponse } from './route-docs.ts';

export const Priority = Type.Union(
  ['low', 'medium', 'high', 'critical'].map((x) => Type.Literal(x)),
);
export const CalendarTrigger = Type.Object({
  kind: Type.Literal('calendar'),
  every: Type.Number(),
  unit: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]),
  startDate: Type.String({ description: 'YYYY-MM-DD: the first due date' }),
  atTime: Type.String({ description: 'HH:MM local time of the due point' }),
  leadDays: Type.Number(),
  timeZone: Nullable(Type.String()),
});
export const UsageTrigger = Type.Object({
  kind: Type.Literal('usage'),
  metric: Type.Union([
    Type.Literal('running_hours'),
    Type.Literal('cycles'),
    Type.Literal('counter'),
  ]),
  channel: Type.String(),
  threshold: Type.Number(),
  interval: Type.Number(),
  maxGapMinutes: Type.Number(),
});
export const Plan = Type.Object({
  id: Type.String(),
  name: Type.String(),
  assetId: Nullable(Type.String()),
  modelId: Nullable(Type.String()),
  trigger: Type.Union([CalendarTrigger, UsageTrigger]),
  title: Type.String(),
  priority: Priority,
  skills: Type.Array(Type.String()),
  checklistTemplateId: Nullable(Type.String()),
  active: Type.Boolean(),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
export const PlanStatus = Type.Object({
  assetId: Type.String(),
  usage: Nullable(Type.Number()),
  countedUntil: Nullable(Type.Number()),
  firings: Type.Array(
    Type.Object({
      dueKey: Type.String(),
      dueAt: Nullable(Type.Number()),
      usage: Nullable(Type.Number()),
      workOrderId: Type.String(),
      firedAt: Type.Number(),
    }),
  ),
});
export const PlanWithStatus = Type.Composite([
  Plan,
  Type.Object({ assets: Type.Array(PlanStatus) }),
]);
export const Template = Type.Object({
  id: Type.String(),
  name: Type.String(),
  modelId: Nullable(Type.String()),
  items: Type.Array(Type.Object({ text: Type.String(), mandatory: Type.Boolean() })),
  createdAt: Type.Number(),
});
export const ChecklistItem = Type.Object({
  id: Type.String(),
  position: Type.Number(),
  text: Type.String(),
  mandatory: Type.Boolean(),
  templateId: Nullable(Type.String()),
  doneAt: Nullable(Type.Number()),
  doneBy: Nullable(Type.String()),
  note: Type.String(),
});
export const AttachmentKind = Type.Union(
  ['photo', 'report', 'factory_test', 'signature'].map((x) => Type.Literal(x)),
);
export const Attachment = Type.Object({
  id: Type.String(),
  targetKind: Type.Union([Type.Literal('work_order'), Type.Literal('asset')]),
  targetId: Type.String(),
  kind: AttachmentKind,
  name: Type.String(),
  contentType: Type.String(),
  size: Type.Number(),
  sha256: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.Number(),
});
export const SignOff = Type.Object({
  workOrderId: Type.String(),
  name: Type.String(),
  signedAt: Type.Number(),
  signatureAttachmentId: Nullable(Type.String()),
  recordedBy: Type.String(),
});
export const AsBuilt = Type.Object({
  assetId: Type.String(),
  components: Type.Array(
    Type.Object({
      name: Type.String(),
      serial: Type.String(),
      partId: Type.Optional(Nullable(Type.String())),
    }),
  ),
  notes: Type.String(),
  updatedBy: Nullable(Type.String()),
  updatedAt: Nullable(Type.Number()),
});
export const Asset = Type.Object({
  id: Type.String(),
  modelId: Nullable(Type.String()),
  customerId: Nullable(Type.String()),
  parentId: Nullable(Type.String()),
  level: Type.String(),
  name: Type.String(),
  serial: Type.String(),
  site: Type.String(),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
  installDate: Nullable(Type.String()),
  lifecycle: Type.String(),
  properties: Type.Record(
    Type.String(),
    Type.Union([Type.Number(), Type.String(), Type.Boolean()]),
  ),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
  lastSeenAt: Nullable(Type.Number()),
});
export const PassportEvent = Type.Object({
  at: Type.Number(),
  kind: Type.Union(
    [
      'created',
      'as_built',
      'factory_test',
      'lifecycle',
      'config',
      'alarm',
      'phm',
      'work_order',
      'part_replaced',
      'contract_start',
      'contract_end',
      'retired',
    ].map((x) => Type.Literal(x)),
  ),
  title: Type.String(),
  ref: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown(), {
    description: 'What the event carries, by kind (a status, a severity, a health index, …)',
  }),
});
export const FactoryRecord = Type.Object(
  {
    productionOrderId: Type.String(),
    customerOrderId: Nullable(Type.String()),
    modelCode: Type.String(),
    sku: Type.String(),
    configuration: Type.Record(Type.String(), Type.String()),
    builtAt: Type.Number(),
    components: Type.Array(
      Type.Object({
        item: Type.String(),
        unit: Type.String(),
        quantity: Type.Number({ description: 'Per unit, from the configured BOM' }),
        lots: Type.Array(Type.String()),
        serials: Type.Array(Type.String()),
      }),
    ),
    operations: Type.Array(
      Type.Object({
        op: Type.Number(),
        operation: Type.String(),
        station: Type.String(),
        startedAt: Type.Number(),
        finishedAt: Type.Number(),
      }),
    ),
  },
  { description: 'The as-built record of a unit built on the platform (manufacturing)' },
);
export const Passport = Type.Object({
  asset: Asset,
  asBuilt: AsBuilt,
  factory: Nullable(FactoryRecord),
  files: Type.Array(Attachment),
  events: Type.Array(PassportEvent),
  generatedAt: Type.Number(),
});

export const plan = {
  id: 'mp_20zpf9wsv8yvqbgk',
  name: 'Chiller quarterly service',
  assetId: null,
  modelId: 'am_3k1x9c7b2m4n8p5q',
  trigger: {
    kind: 'calendar',
    every: 3,
    unit: 'month',
    startDate: '2027-01-05',
    atTime: '08:00',
    leadDays: 7,
    timeZone: null,
  },
  title: 'Quarterly chiller service',
  priority: 'medium',
  skills: ['refrigeration'],
  checklistTemplateId: 'ct_7y2k4m9q1w3e5r8t',
  active: true,
  createdAt: 1796580000000,
  updatedAt: 1796580000000,
};
export const template = {
  id: 'ct_7y2k4m9q1w3e5r8t',
  name: 'Chiller quarterly checklist',
  modelId: 'am_3k1x9c7b2m4n8p5q',
  items: [
    { text: 'Check refrigerant pressure', mandatory: true },
    { text: 'Clean condenser coils', mandatory: false },
  ],
  createdAt: 1796580000000,
};
export const checklistItem = {
  id: 'ci_5t8w2q9z4x1c6v3b',
  position: 0,
  text: 'Check refrigerant pressure',
  mandatory: true,
  templateId: 'ct_7y2k4m9q1w3e5r8t',
  doneAt: 1796584000000,
  doneBy: 'user:us_3h7k9m2p4r6t8v0w',
  note: '1.2 MPa, normal',
};
export const attachment = {
  id: 'at_9m3n5b7v1c2x4z6q',
  targetKind: 'work_order',
  targetId: 'wo_xezqy9m0fx0130m5',
  kind: 'photo',
  name: 'condenser.png',
  contentType: 'image/png',
  size: 48213,
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  createdBy: 'user:us_3h7k9m2p4r6t8v0w',
  createdAt: 1796584100000,
};
export const signOff = {
  workOrderId: 'wo_xezqy9m0fx0130m5',
  name: '王建国',
  signedAt: 1796584200000,
  signatureAttachmentId: 'at_2q4w6e8r0t1y3u5i',
  recordedBy: 'user:us_3h7k9m2p4r6t8v0w',
};
export const asBuilt = {
  assetId: 'as_6g7j5rkt6gx4e2z5',
  components: [
    { name: 'Compressor', serial: 'CMP-2026-00417', partId: 'pt_4r6t8y0u2i4o6p8a' },
    { name: 'Controller', serial: 'CTL-88213' },
  ],
  notes: 'Factory test passed 2026-03-02',
  updatedBy: 'user:us_3h7k9m2p4r6t8v0w',
  updatedAt: 1796580000000,
};

export const idOrNotFound = (what: string) =>
  `An unknown ${what}, or one of another customer, is a 404 (\`RONGHE_NOT_FOUND\`).`;

export const binary: TextResponse = {
  description: "The file's bytes, with its content type and an inline content-disposition",
  content: {
    'image/png': { schema: Type.String({ format: 'binary' }), example: '<PNG bytes>' },
    'image/jpeg': { schema: Type.String({ format: 'binary' }), example: '<JPEG bytes>' },
    'application/pdf': { schema: Type.String({ format: 'binary' }), example: '<PDF bytes>' },
  },
};
