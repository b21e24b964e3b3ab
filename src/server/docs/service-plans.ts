// Documentation of the maintenance-plan, checklist, attachment, sign-off, as-built and passport
// routes (issue 16) for /openapi.json (see route-docs.ts and src/server/routes/service-plans.ts).
import { Type } from '@sinclair/typebox';
import { Nullable, type RouteDocs, type TextResponse } from './route-docs.ts';

const Priority = Type.Union(['low', 'medium', 'high', 'critical'].map((x) => Type.Literal(x)));
const CalendarTrigger = Type.Object({
  kind: Type.Literal('calendar'),
  every: Type.Number(),
  unit: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]),
  startDate: Type.String({ description: 'YYYY-MM-DD: the first due date' }),
  atTime: Type.String({ description: 'HH:MM local time of the due point' }),
  leadDays: Type.Number(),
  timeZone: Nullable(Type.String()),
});
const UsageTrigger = Type.Object({
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
const Plan = Type.Object({
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
const PlanStatus = Type.Object({
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
const PlanWithStatus = Type.Composite([Plan, Type.Object({ assets: Type.Array(PlanStatus) })]);
const Template = Type.Object({
  id: Type.String(),
  name: Type.String(),
  modelId: Nullable(Type.String()),
  items: Type.Array(Type.Object({ text: Type.String(), mandatory: Type.Boolean() })),
  createdAt: Type.Number(),
});
const ChecklistItem = Type.Object({
  id: Type.String(),
  position: Type.Number(),
  text: Type.String(),
  mandatory: Type.Boolean(),
  templateId: Nullable(Type.String()),
  doneAt: Nullable(Type.Number()),
  doneBy: Nullable(Type.String()),
  note: Type.String(),
});
const AttachmentKind = Type.Union(
  ['photo', 'report', 'factory_test', 'signature'].map((x) => Type.Literal(x)),
);
const Attachment = Type.Object({
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
const SignOff = Type.Object({
  workOrderId: Type.String(),
  name: Type.String(),
  signedAt: Type.Number(),
  signatureAttachmentId: Nullable(Type.String()),
  recordedBy: Type.String(),
});
const AsBuilt = Type.Object({
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
const Asset = Type.Object({
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
const PassportEvent = Type.Object({
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
const FactoryRecord = Type.Object(
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
const Passport = Type.Object({
  asset: Asset,
  asBuilt: AsBuilt,
  factory: Nullable(FactoryRecord),
  files: Type.Array(Attachment),
  events: Type.Array(PassportEvent),
  generatedAt: Type.Number(),
});

const plan = {
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
const template = {
  id: 'ct_7y2k4m9q1w3e5r8t',
  name: 'Chiller quarterly checklist',
  modelId: 'am_3k1x9c7b2m4n8p5q',
  items: [
    { text: 'Check refrigerant pressure', mandatory: true },
    { text: 'Clean condenser coils', mandatory: false },
  ],
  createdAt: 1796580000000,
};
const checklistItem = {
  id: 'ci_5t8w2q9z4x1c6v3b',
  position: 0,
  text: 'Check refrigerant pressure',
  mandatory: true,
  templateId: 'ct_7y2k4m9q1w3e5r8t',
  doneAt: 1796584000000,
  doneBy: 'user:tech@demo.ronghe.local',
  note: '1.2 MPa, normal',
};
const attachment = {
  id: 'at_9m3n5b7v1c2x4z6q',
  targetKind: 'work_order',
  targetId: 'wo_xezqy9m0fx0130m5',
  kind: 'photo',
  name: 'condenser.png',
  contentType: 'image/png',
  size: 48213,
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  createdBy: 'user:tech@demo.ronghe.local',
  createdAt: 1796584100000,
};
const signOff = {
  workOrderId: 'wo_xezqy9m0fx0130m5',
  name: '王建国',
  signedAt: 1796584200000,
  signatureAttachmentId: 'at_2q4w6e8r0t1y3u5i',
  recordedBy: 'user:tech@demo.ronghe.local',
};
const asBuilt = {
  assetId: 'as_6g7j5rkt6gx4e2z5',
  components: [
    { name: 'Compressor', serial: 'CMP-2026-00417', partId: 'pt_4r6t8y0u2i4o6p8a' },
    { name: 'Controller', serial: 'CTL-88213' },
  ],
  notes: 'Factory test passed 2026-03-02',
  updatedBy: 'user:tech@demo.ronghe.local',
  updatedAt: 1796580000000,
};

const idOrNotFound = (what: string) =>
  `An unknown ${what}, or one of another customer, is a 404 (\`RONGHE_NOT_FOUND\`).`;

const binary: TextResponse = {
  description: "The file's bytes, with its content type and an inline content-disposition",
  content: {
    'image/png': { schema: Type.String({ format: 'binary' }), example: '<PNG bytes>' },
    'image/jpeg': { schema: Type.String({ format: 'binary' }), example: '<JPEG bytes>' },
    'application/pdf': { schema: Type.String({ format: 'binary' }), example: '<PDF bytes>' },
  },
};

export const servicePlanDocs: RouteDocs = {
  'POST /api/v1/service/plans': {
    summary: 'Create a maintenance plan',
    description:
      'A preventive maintenance plan for one asset (`assetId`) or every asset of a model (`modelId`), triggered by the calendar (every N days, weeks or months from `startDate` at `atTime`, opening the order `leadDays` ahead) or by usage (running hours, cycles or a counter read from `channel`, every `interval` units). Each due point opens one preventive work order with the plan’s title, priority, skills and checklist. Answers 201 with the plan. Both or neither of `assetId` and `modelId`, an unknown checklist template, or a bad trigger (date, time of day, time zone, interval) is a 400 naming the field; an unknown asset or model is a 404.',
    response: { 201: Plan },
    body: {
      name: 'Chiller quarterly service',
      modelId: 'am_3k1x9c7b2m4n8p5q',
      trigger: { kind: 'calendar', every: 3, unit: 'month', startDate: '2027-01-05', leadDays: 7 },
      title: 'Quarterly chiller service',
      priority: 'medium',
      skills: ['refrigeration'],
      checklistTemplateId: 'ct_7y2k4m9q1w3e5r8t',
    },
    example: plan,
  },
  'GET /api/v1/service/plans': {
    summary: 'List maintenance plans',
    description:
      'The tenant’s maintenance plans by name, optionally only those of one asset (`assetId`) or model (`modelId`).',
    response: { 200: Type.Object({ items: Type.Array(Plan) }) },
    example: { items: [plan] },
  },
  'GET /api/v1/service/plans/:id': {
    summary: 'A maintenance plan and its firings',
    description:
      'One plan with, per asset it covers, the usage counted so far (usage plans) and the due points that opened work orders, newest first. ' +
      idOrNotFound('plan'),
    response: { 200: PlanWithStatus },
    params: { id: 'mp_20zpf9wsv8yvqbgk' },
    example: {
      ...plan,
      assets: [
        {
          assetId: 'as_6g7j5rkt6gx4e2z5',
          usage: null,
          countedUntil: null,
          firings: [
            {
              dueKey: '2027-01-05',
              dueAt: 1799107200000,
              usage: null,
              workOrderId: 'wo_xezqy9m0fx0130m5',
              firedAt: 1798502400000,
            },
          ],
        },
      ],
    },
  },
  'PATCH /api/v1/service/plans/:id': {
    summary: 'Pause or resume a maintenance plan',
    description:
      'Sets `active`: an inactive plan opens no work orders; once resumed, only the latest due point missed fires (one visit, not a backlog). Answers the plan. ' +
      idOrNotFound('plan'),
    response: { 200: Plan },
    body: { active: false },
    example: { ...plan, active: false, updatedAt: 1796590000000 },
  },
  'POST /api/v1/service/plans/run': {
    summary: 'Run the maintenance plans now',
    description:
      'Checks every plan now instead of at the next minute and answers the caller’s own firings (the work orders opened) and failures (with the reason, e.g. no usage data). Running twice opens nothing twice: each due point fires once. Where no scheduler runs, both lists are empty.',
    response: {
      200: Type.Object({
        fired: Type.Array(
          Type.Object({
            planId: Type.String(),
            assetId: Type.String(),
            dueKey: Type.String(),
            workOrderId: Type.String(),
          }),
        ),
        failed: Type.Array(
          Type.Object({ planId: Type.String(), assetId: Type.String(), reason: Type.String() }),
        ),
      }),
    },
    example: {
      fired: [
        {
          planId: 'mp_20zpf9wsv8yvqbgk',
          assetId: 'as_6g7j5rkt6gx4e2z5',
          dueKey: '2027-01-05',
          workOrderId: 'wo_xezqy9m0fx0130m5',
        },
      ],
      failed: [],
    },
  },
  'POST /api/v1/service/checklist-templates': {
    summary: 'Create a checklist template',
    description:
      'A named list of steps (each `mandatory` or not), optionally for one asset model, to add to work orders or attach to a maintenance plan. Answers 201 with the template; an empty list or an empty step is a 400 naming the field.',
    response: { 201: Template },
    body: {
      name: 'Chiller quarterly checklist',
      modelId: 'am_3k1x9c7b2m4n8p5q',
      items: template.items,
    },
    example: template,
  },
  'GET /api/v1/service/checklist-templates': {
    summary: 'List checklist templates',
    description:
      'The tenant’s checklist templates by name, optionally only those of one model (`modelId`).',
    response: { 200: Type.Object({ items: Type.Array(Template) }) },
    example: { items: [template] },
  },
  'GET /api/v1/service/work-orders/:id/checklist': {
    summary: 'A work order’s checklist',
    description:
      'The checklist items of a work order in order, each with who ticked it and when. ' +
      idOrNotFound('work order'),
    response: { 200: Type.Object({ items: Type.Array(ChecklistItem) }) },
    example: { items: [checklistItem] },
  },
  'POST /api/v1/service/work-orders/:id/checklist': {
    summary: 'Add a checklist to a work order',
    description:
      'Appends a template’s items to the work order’s checklist and answers the whole checklist. A done, closed or cancelled order’s checklist is final (409); an unknown template, or one for another model than the asset’s, is a 400 naming `templateId`. ' +
      idOrNotFound('work order'),
    response: { 200: Type.Object({ items: Type.Array(ChecklistItem) }) },
    body: { templateId: 'ct_7y2k4m9q1w3e5r8t' },
    example: { items: [{ ...checklistItem, doneAt: null, doneBy: null, note: '' }] },
  },
  'PATCH /api/v1/service/work-orders/:id/checklist/:itemId': {
    summary: 'Tick or untick a checklist item',
    description:
      'Marks an item done (`done: true`, with an optional note) or not done, recording who and when, and answers the item. While a mandatory item is open the work order cannot be moved to done (409 naming the item). A done, closed or cancelled order’s checklist is final (409); an unknown item is a 404.',
    response: { 200: ChecklistItem },
    body: { done: true, note: '1.2 MPa, normal' },
    example: checklistItem,
  },
  'POST /api/v1/service/work-orders/:id/attachments': {
    summary: 'Attach a file to a work order',
    description:
      'Stores a file sent as base64 in `contentBase64`: a photo or signature (PNG or JPEG), a report or factory test (PNG, JPEG or PDF). The name must end in .png, .jpg, .jpeg or .pdf and the bytes must be that type (checked by their magic numbers, not the name); an empty file, bytes of another type, a type the kind does not allow, or a file over RONGHE_ATTACHMENT_MAX_BYTES is a 400 naming the field. Customer users may attach to their own orders (service:request). Answers 201 with the attachment (size and SHA-256 of the bytes). ' +
      idOrNotFound('work order'),
    response: { 201: Attachment },
    body: {
      kind: 'photo',
      name: 'condenser.png',
      contentBase64:
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    },
    example: attachment,
  },
  'GET /api/v1/service/work-orders/:id/attachments': {
    summary: 'A work order’s attachments',
    description:
      'The files attached to a work order (metadata; the bytes are at /attachments/{id}), oldest first. ' +
      idOrNotFound('work order'),
    response: { 200: Type.Object({ items: Type.Array(Attachment) }) },
    example: { items: [attachment] },
  },
  'POST /api/v1/service/assets/:id/attachments': {
    summary: 'Attach a file to an asset',
    description:
      'Stores a file of an asset’s record — a factory test report, a photo — sent as base64 (see the work-order attachments for the rules on kinds, types and size). Answers 201 with the attachment; the asset’s passport lists it. ' +
      idOrNotFound('asset'),
    response: { 201: Attachment },
    body: {
      kind: 'factory_test',
      name: 'factory-test.pdf',
      contentBase64: 'JVBERi0xLjcKJcfsj6IK…',
    },
    example: {
      ...attachment,
      id: 'at_3e5r7t9y1u3i5o7p',
      targetKind: 'asset',
      targetId: 'as_6g7j5rkt6gx4e2z5',
      kind: 'factory_test',
      name: 'factory-test.pdf',
      contentType: 'application/pdf',
    },
  },
  'GET /api/v1/service/assets/:id/attachments': {
    summary: 'An asset’s attachments',
    description:
      'The files attached to an asset (metadata; the bytes are at /attachments/{id}), oldest first. ' +
      idOrNotFound('asset'),
    response: { 200: Type.Object({ items: Type.Array(Attachment) }) },
    example: {
      items: [
        {
          ...attachment,
          targetKind: 'asset',
          targetId: 'as_6g7j5rkt6gx4e2z5',
          kind: 'factory_test',
          name: 'factory-test.pdf',
          contentType: 'application/pdf',
        },
      ],
    },
  },
  'GET /api/v1/service/attachments/:id': {
    summary: 'Download an attachment',
    description:
      'The bytes of one attachment with its stored content type (`nosniff`) and file name. ' +
      idOrNotFound('attachment'),
    response: { 200: binary },
    params: { id: 'at_9m3n5b7v1c2x4z6q' },
  },
  'POST /api/v1/service/work-orders/:id/sign-off': {
    summary: 'Sign off a work order',
    description:
      'Records the customer’s acceptance of the work: the signer’s name and, optionally, a `signature` image attached to the same order. An order signs off once (a second time is a 409), and only in progress, done or closed (otherwise a 400 naming `status`); a signature that is not a signature attachment of this order is a 400 naming `signatureAttachmentId`. Answers 201 with the sign-off. ' +
      idOrNotFound('work order'),
    response: { 201: SignOff },
    body: { name: '王建国', signatureAttachmentId: 'at_2q4w6e8r0t1y3u5i' },
    example: signOff,
  },
  'GET /api/v1/service/work-orders/:id/sign-off': {
    summary: 'A work order’s sign-off',
    description:
      'The sign-off of a work order, or `signOff: null` when not signed yet. ' +
      idOrNotFound('work order'),
    response: { 200: Type.Object({ signOff: Nullable(SignOff) }) },
    example: { signOff },
  },
  'GET /api/v1/service/assets/:id/as-built': {
    summary: 'An asset’s as-built record',
    description:
      'The components (name, serial, part) the asset was built with, and notes; empty with `updatedAt: null` until recorded. ' +
      idOrNotFound('asset'),
    response: { 200: AsBuilt },
    example: asBuilt,
  },
  'PUT /api/v1/service/assets/:id/as-built': {
    summary: 'Record an asset’s as-built configuration',
    description:
      'Replaces the as-built record (components with name, serial and optional part, and notes) and answers it; the change is audited and appears in the passport. A component without a name or serial is a 400 naming the field. ' +
      idOrNotFound('asset'),
    response: { 200: AsBuilt },
    body: { components: asBuilt.components, notes: asBuilt.notes },
    example: asBuilt,
  },
  'GET /api/v1/service/assets/:id/passport': {
    summary: 'An asset’s product passport',
    description:
      'The asset’s whole life on one page: the asset, its as-built record and files, and a time line of events — creation, lifecycle changes, alarms, PHM assessments, work orders, parts replaced, contracts starting and ending — oldest first. A unit built on the platform starts with `factory`, its as-built record from production (configuration, BOM with component lots and serials, station and times of each operation); otherwise `factory` is null. ' +
      idOrNotFound('asset'),
    response: { 200: Passport },
    example: {
      asset: {
        id: 'as_6g7j5rkt6gx4e2z5',
        modelId: 'am_3k1x9c7b2m4n8p5q',
        customerId: 'cu_bw91mesqv1nbenf3',
        parentId: null,
        level: 'asset',
        name: 'Chiller CH-1',
        serial: 'CH-2026-0001',
        site: 'Shenyang plant',
        latitude: 41.8057,
        longitude: 123.4315,
        installDate: '2026-03-10',
        lifecycle: 'in_service',
        properties: { rated_kw: 350 },
        createdAt: 1796000000000,
        updatedAt: 1796000000000,
        lastSeenAt: 1796584000000,
      },
      asBuilt,
      files: [],
      events: [
        {
          at: 1796000000000,
          kind: 'created',
          title: 'Registered as CH-2026-0001',
          ref: 'as_6g7j5rkt6gx4e2z5',
          data: { serial: 'CH-2026-0001' },
        },
        {
          at: 1796584422539,
          kind: 'alarm',
          title: 'Alarm cop-auto (major)',
          ref: 'as_6g7j5rkt6gx4e2z5/cop-auto/1796584422539',
          data: { ruleId: 'cop-auto', severity: 'major', clearedAt: null },
        },
      ],
      factory: null,
      generatedAt: 1796590000000,
    },
  },
};
