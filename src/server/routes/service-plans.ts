// Maintenance plans, checklists, attachments, sign-off, the as-built record and the product
// passport over HTTP (issue 16), mounted beside the other service routes under /api/v1/service.
// Plans and checklist templates are managed with service:write and read with service:work;
// a work order's checklist, attachments and sign-off are read with service:read (scoped to the
// caller's customers: another customer's order or file is a 404), ticked with service:work, and
// photos and the sign-off may come from the customer (service:request).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { invalid } from '../../kernel/index.ts';
import { assetAlarmLog } from '../../monitoring/index.ts';
import { unitRecord } from '../../manufacturing/index.ts';
import { listAssessments } from '../../phm/index.ts';
import * as service from '../../service/index.ts';
import type { Db } from '../../storage/index.ts';
import { scopeOf, type RoutePermission } from '../auth.ts';
import { Id, IdParams, Strict } from '../schemas.ts';
import * as S from './service-plan-schemas.ts';

const tags = ['service'];

export interface ServicePlanRouteOptions {
  db: Db;
  blobs: service.BlobStore;
  /** The largest attachment in bytes (RONGHE_ATTACHMENT_MAX_BYTES). */
  attachmentMaxBytes: number;
  /** Runs the plans now (POST /plans/run); absent where no scheduler runs. */
  scheduler?: service.PlanScheduler;
  clock?: () => number;
}

export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** The passport's alarms, PHM assessments and factory as-built record, from their contexts'
 * public surfaces. */
export const passportSources = (db: Db): service.PassportSources => ({
  alarms: (scope, assetId) => assetAlarmLog(db, scope.tenantId, assetId),
  assessments: async (scope, assetId) =>
    (await listAssessments(db, scope, { assetId, limit: 500 })).map((a) => ({
      id: a.id,
      at: a.at,
      health: a.health,
      rul: a.rul,
    })),
  factory: async (scope, assetId) => {
    const unit = await unitRecord(db, scope, assetId);
    if (!unit) return null;
    const { assetId: _id, serial: _serial, modelId: _model, ...record } = unit;
    return record;
  },
});

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !base64.test(clean))
    throw invalid('contentBase64', {
      en: 'is not base64 (A–Z, a–z, 0–9, +, /, = padding)',
      'zh-CN': '不是 base64 编码（A–Z、a–z、0–9、+、/，以 = 补齐）',
    });
  return Buffer.from(clean, 'base64');
}

export async function servicePlanRoutes(base: FastifyInstance, opts: ServicePlanRouteOptions) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  const now = opts.clock ?? Date.now;
  const scope = (req: FastifyRequest) => scopeOf(db, req);
  const p = (permission: RoutePermission) => ({ permission });
  const files = { db, blobs: opts.blobs, maxBytes: opts.attachmentMaxBytes };
  // Room for the base64 of the largest file (4/3) and the JSON around it; a file over the limit
  // gets the 400 naming the field rather than the generic 413.
  const uploadLimit = Math.ceil((opts.attachmentMaxBytes * 4) / 3) + 64 * 1024;

  // --- maintenance plans ---
  app.post(
    '/plans',
    { config: p('service:write'), schema: { tags, body: S.PlanBody } },
    async (req, reply) =>
      reply.status(201).send(await service.createPlan(db, await scope(req), req.body, now())),
  );
  app.get(
    '/plans',
    {
      config: p('service:work'),
      schema: {
        tags,
        querystring: Strict({ assetId: Type.Optional(Id), modelId: Type.Optional(Id) }),
      },
    },
    async (req) => ({ items: await service.listPlans(db, await scope(req), req.query) }),
  );
  app.get(
    '/plans/:id',
    { config: p('service:work'), schema: { tags, params: IdParams } },
    async (req) => service.getPlan(db, await scope(req), req.params.id),
  );
  app.patch(
    '/plans/:id',
    {
      config: p('service:write'),
      schema: { tags, params: IdParams, body: Strict({ active: Type.Boolean() }) },
    },
    async (req) =>
      service.setPlanActive(db, await scope(req), req.params.id, req.body.active, now()),
  );
  // Runs every plan now instead of at the next minute (what the console's "run now" does).
  app.post('/plans/run', { config: p('service:write'), schema: { tags } }, async (req) => {
    const s = await scope(req);
    if (!opts.scheduler) return { fired: [], failed: [] };
    const r = await opts.scheduler.tick();
    // The tick runs for every tenant; the caller sees its own tenant's firings only.
    const own = new Set((await service.listPlans(db, s)).map((x) => x.id as string));
    return {
      fired: r.fired.filter((f) => own.has(f.planId)),
      failed: r.failed.filter((f) => own.has(f.planId)),
    };
  });

  // --- checklist templates and a work order's checklist ---
  app.post(
    '/checklist-templates',
    { config: p('service:write'), schema: { tags, body: S.TemplateBody } },
    async (req, reply) =>
      reply
        .status(201)
        .send(await service.createChecklistTemplate(db, await scope(req), req.body, now())),
  );
  app.get(
    '/checklist-templates',
    {
      config: p('service:work'),
      schema: { tags, querystring: Strict({ modelId: Type.Optional(Id) }) },
    },
    async (req) => ({
      items: await service.listChecklistTemplates(db, await scope(req), req.query),
    }),
  );
  app.get(
    '/work-orders/:id/checklist',
    { config: p('service:read'), schema: { tags, params: IdParams } },
    async (req) => ({ items: await service.listChecklist(db, await scope(req), req.params.id) }),
  );
  app.post(
    '/work-orders/:id/checklist',
    {
      config: p('service:work'),
      schema: { tags, params: IdParams, body: Strict({ templateId: Id }) },
    },
    async (req) => ({
      items: await service.addChecklist(db, await scope(req), req.params.id, req.body.templateId),
    }),
  );
  app.patch(
    '/work-orders/:id/checklist/:itemId',
    {
      config: p('service:work'),
      schema: { tags, params: Strict({ id: Id, itemId: Id }), body: S.CheckBody },
    },
    async (req) =>
      service.checkItem(db, await scope(req), req.params.id, req.params.itemId, req.body, now()),
  );

  // --- attachments and sign-off ---
  for (const [path, target, permission] of [
    ['/work-orders/:id/attachments', 'work_order', 'service:request'],
    ['/assets/:id/attachments', 'asset', 'service:write'],
  ] as const) {
    app.post(
      path,
      {
        config: p(permission),
        bodyLimit: uploadLimit,
        schema: { tags, params: IdParams, body: S.AttachmentBody },
      },
      async (req, reply) => {
        const { kind, name, contentBase64 } = req.body;
        const bytes = decodeBase64(contentBase64);
        const a = await service.addAttachment(
          files,
          await scope(req),
          target,
          req.params.id,
          { kind, name, bytes },
          now(),
        );
        return reply.status(201).send(a);
      },
    );
    app.get(
      path,
      { config: p('service:read'), schema: { tags, params: IdParams } },
      async (req) => ({
        items: await service.listAttachments(db, await scope(req), target, req.params.id),
      }),
    );
  }
  app.get(
    '/attachments/:id',
    { config: p('service:read'), schema: { tags, params: IdParams } },
    async (req, reply) => {
      const { attachment, bytes } = await service.readAttachment(
        files,
        await scope(req),
        req.params.id,
      );
      return reply
        .type(attachment.contentType)
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `inline; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
        )
        .send(Buffer.from(bytes));
    },
  );
  app.post(
    '/work-orders/:id/sign-off',
    { config: p('service:request'), schema: { tags, params: IdParams, body: S.SignOffBody } },
    async (req, reply) =>
      reply
        .status(201)
        .send(await service.signOff(db, await scope(req), req.params.id, req.body, now())),
  );
  app.get(
    '/work-orders/:id/sign-off',
    { config: p('service:read'), schema: { tags, params: IdParams } },
    async (req) => ({ signOff: await service.getSignOff(db, await scope(req), req.params.id) }),
  );

  // --- as-built record and passport ---
  app.get(
    '/assets/:id/as-built',
    { config: p('service:read'), schema: { tags, params: IdParams } },
    async (req) => service.getAsBuilt(db, await scope(req), req.params.id),
  );
  app.put(
    '/assets/:id/as-built',
    { config: p('service:write'), schema: { tags, params: IdParams, body: S.AsBuiltBody } },
    async (req) => service.setAsBuilt(db, await scope(req), req.params.id, req.body, now()),
  );
  app.get(
    '/assets/:id/passport',
    { config: p('service:read'), schema: { tags, params: IdParams } },
    async (req) =>
      service.assetPassport(db, await scope(req), req.params.id, passportSources(db), now()),
  );
}
