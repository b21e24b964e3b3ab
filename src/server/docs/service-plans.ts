// Documentation of the maintenance-plan, checklist, attachment, sign-off, as-built and passport
// routes (issue 16) for /openapi.json (see route-docs.ts and src/server/routes/service-plans.ts).
import { Type } from '@sinclair/typebox';
import { Nullable, type RouteDocs } from './route-docs.ts';
import {
  Plan,
  PlanWithStatus,
  Template,
  ChecklistItem,
  Attachment,
  SignOff,
  AsBuilt,
  Passport,
  plan,
  template,
  checklistItem,
  attachment,
  signOff,
  asBuilt,
  idOrNotFound,
  binary,
} from './service-plans-schemas.ts';

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
      // a whole (tiny) PDF: the bytes are checked for the type the name claims
      contentBase64: 'JVBERi0xLjQKMSAwIG9iaiA8PD4+IGVuZG9iagp0cmFpbGVyIDw8Pj4KJSVFT0YK',
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
