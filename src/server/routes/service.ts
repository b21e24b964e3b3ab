// Service over HTTP (issue 16), mounted under /api/v1/service: contracts, business-calendar
// check, work orders (manual, from an alarm, from PHM remaining life, customer requests), their
// transitions, assignment and dispatch suggestions, confirmation by the customer, technicians,
// spare parts and stock, and KPIs. Reads need service:read and are scoped to the caller's
// customers (others' orders and contracts are 404); a customer user may request service and
// confirm a visit (service:request); technicians work orders and parts (service:work); engineers
// and admins manage contracts, catalogue, stock and dispatch (service:write).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { getAsset } from '../../assets/index.ts';
import { RongheError } from '../../kernel/index.ts';
import * as service from '../../service/index.ts';
import type { Db } from '../../storage/index.ts';
import { scopeOf, type RoutePermission } from '../auth.ts';
import { csvBom } from '../csv.ts';
import { decodeCursor, pageOf } from '../paging.ts';
import { Id, IdParams, Name, Strict, Text } from '../schemas.ts';
import { withTimes } from '../time.ts';
import * as S from './service-schemas.ts';

const tags = ['service'];
/** For actions whose body is optional: no body reads as {} (then validated as usual). */
const emptyBodyOk = async (req: FastifyRequest) => {
  req.body ??= {};
};

export interface ServiceRouteOptions {
  db: Db;
  alarms: service.AlarmPort;
  /** The time the service acts at (tests set it); default Date.now. */
  clock?: () => number;
}

// The ports the service context reaches monitoring through, kept beside the routes that wire them.
export { alarmPortOf, noticePortOf } from './service-ports.ts';

export async function serviceRoutes(base: FastifyInstance, opts: ServiceRouteOptions) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  const now = opts.clock ?? Date.now;
  const scope = (req: FastifyRequest) => scopeOf(db, req);
  const p = (permission: RoutePermission) => ({ permission });

  // --- contracts and calendars ---
  app.post(
    '/contracts',
    { config: p('service:write'), schema: { tags, body: S.ContractBody } },
    async (req, reply) =>
      reply.status(201).send(await service.createContract(db, await scope(req), req.body)),
  );
  app.get(
    '/contracts',
    {
      config: p('service:read'),
      schema: {
        tags,
        querystring: Strict({ customerId: Type.Optional(Id), assetId: Type.Optional(Id) }),
      },
    },
    async (req) => ({ items: await service.listContracts(db, await scope(req), req.query) }),
  );
  app.get(
    '/contracts/:id',
    { config: p('service:read'), schema: { tags, params: IdParams } },
    async (req) => service.getContract(db, await scope(req), req.params.id),
  );
  // Validates a calendar and computes one deadline: what the console shows while editing.
  app.post(
    '/calendars/check',
    { config: p('service:read'), schema: { tags, body: S.CalendarCheck } },
    async (req) => {
      const cal = service.compileCalendar(req.body.calendar);
      return { dueAt: service.addBusinessMinutes(cal, req.body.start, req.body.minutes) };
    },
  );

  // --- work orders ---
  app.post(
    '/work-orders',
    { config: p('service:work'), schema: { tags, body: S.WorkOrderBody } },
    async (req, reply) => {
      const o = await service.openWorkOrder(
        db,
        await scope(req),
        { ...req.body, source: 'manual' },
        now(),
      );
      return reply.status(201).send(o.workOrder);
    },
  );
  app.post(
    '/work-orders/from-alarm/:alarmId',
    {
      config: p('service:work'),
      preValidation: emptyBodyOk,
      schema: {
        tags,
        params: Strict({ alarmId: Type.String({ minLength: 1, maxLength: 300 }) }),
        body: S.FromAlarmBody,
      },
    },
    async (req, reply) => {
      const o = await service.openFromAlarm(
        db,
        opts.alarms,
        await scope(req),
        req.params.alarmId,
        req.body,
        now(),
      );
      return reply.status(o.created ? 201 : 200).send(o.workOrder);
    },
  );
  app.post(
    '/work-orders/from-phm',
    {
      config: p('service:work'),
      schema: { tags, body: Strict({ assetId: Id, rulHours: Type.Number({ minimum: 0 }) }) },
    },
    async (req) => service.openFromRul(db, await scope(req), req.body, now()),
  );
  app.put(
    '/phm-policies/:modelId',
    {
      config: p('service:write'),
      schema: {
        tags,
        params: Strict({ modelId: Id }),
        body: Strict({
          rulThresholdHours: Type.Number({ exclusiveMinimum: 0 }),
          priority: S.Priority,
        }),
      },
    },
    async (req) =>
      service.setPhmPolicy(db, await scope(req), { modelId: req.params.modelId, ...req.body }),
  );
  // A rule-level policy: alarms of this rule at or above minSeverity open a work order themselves.
  app.put(
    '/alarm-policies/:ruleId',
    {
      config: p('service:write'),
      schema: {
        tags,
        params: Strict({
          ruleId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }),
        }),
        body: Strict({
          minSeverity: S.lit(['warning', 'minor', 'major', 'critical'] as const),
          priority: Type.Optional(Type.Union([S.Priority, Type.Null()])),
          skills: Type.Optional(S.Skills),
        }),
      },
    },
    async (req) =>
      service.setAlarmPolicy(db, await scope(req), {
        ruleId: req.params.ruleId,
        minSeverity: req.body.minSeverity,
        priority: req.body.priority ?? null,
        skills: req.body.skills ?? [],
      }),
  );
  app.post(
    '/requests',
    { config: p('service:request'), schema: { tags, body: S.RequestBody } },
    async (req, reply) => {
      const o = await service.openServiceRequest(db, await scope(req), req.body, now());
      return reply.status(201).send(o.workOrder);
    },
  );
  app.get(
    '/work-orders',
    { config: p('service:read'), schema: { tags, querystring: S.WorkOrderQuery } },
    async (req) => {
      const { cursor, limit = 200, assetId: assetRef, ...filters } = req.query;
      const s = await scope(req);
      // The asset by id or serial, 404 when not visible (the addressing rule, getAsset).
      const assetId = assetRef ? (await getAsset(db, s, assetRef)).id : undefined;
      const items = await service.listWorkOrders(
        db,
        s,
        {
          ...filters,
          ...(assetId ? { assetId } : {}),
          limit: limit + 1,
          ...(cursor ? { after: decodeCursor(cursor) } : {}),
        },
        now(),
      );
      return pageOf(items.slice(0, limit), items.length > limit, (o) => o.createdAt);
    },
  );
  app.get(
    '/work-orders/:id',
    { config: p('service:read'), schema: { tags, params: IdParams } },
    async (req) => service.getWorkOrder(db, await scope(req), req.params.id, now()),
  );
  app.get(
    '/work-orders/:id/history',
    { config: p('service:read'), schema: { tags, params: IdParams } },
    async (req) => ({
      items: await service.workOrderHistory(db, await scope(req), req.params.id),
    }),
  );
  app.post(
    '/work-orders/:id/transitions',
    { config: p('service:work'), schema: { tags, params: IdParams, body: S.TransitionBody } },
    async (req) => {
      const s = await scope(req);
      const { alarm, ...input } = req.body;
      if (alarm)
        service.checkAlarmAction(
          await service.getWorkOrder(db, s, req.params.id, now()),
          input.to,
          alarm,
        );
      const wo = await service.transition(db, s, req.params.id, input, now());
      if (!alarm) return wo;
      const alarmAction = await service.settleAlarm(db, opts.alarms, s, wo, alarm, input.note);
      return { ...wo, alarmAction };
    },
  );
  // Which work orders alarms caused: the alarm list shows each alarm's order.
  app.get(
    '/alarm-links',
    {
      config: p('service:read'),
      schema: {
        tags,
        querystring: Strict({
          alarmIds: Type.Optional(
            Type.String({ maxLength: 30_000, description: 'Comma-separated alarm ids' }),
          ),
        }),
      },
    },
    async (req) => ({
      items: await service.alarmLinks(
        db,
        await scope(req),
        req.query.alarmIds?.split(',').filter(Boolean),
      ),
    }),
  );
  app.post(
    '/work-orders/:id/assign',
    {
      config: p('service:write'),
      schema: {
        tags,
        params: IdParams,
        body: Strict({
          technicianId: Id,
          version: Type.Optional(S.Version),
          note: Type.Optional(Text),
        }),
      },
    },
    async (req) => service.assignWorkOrder(db, await scope(req), req.params.id, req.body, now()),
  );
  app.get(
    '/work-orders/:id/suggestions',
    { config: p('service:write'), schema: { tags, params: IdParams } },
    async (req) => service.suggestTechnicians(db, await scope(req), req.params.id, now()),
  );
  app.post(
    '/work-orders/:id/confirm',
    {
      config: p('service:request'),
      schema: {
        tags,
        params: IdParams,
        body: Strict({
          rating: Type.Integer({ minimum: 1, maximum: 5 }),
          comment: Type.Optional(Text),
        }),
      },
    },
    async (req) => service.confirmWorkOrder(db, await scope(req), req.params.id, req.body, now()),
  );
  app.patch(
    '/work-orders/:id/internal',
    {
      config: p('service:work'),
      schema: {
        tags,
        params: IdParams,
        body: Strict({
          internalNotes: Type.Optional(Text),
          labourMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
          version: Type.Optional(S.Version),
        }),
      },
    },
    async (req) => service.updateInternal(db, await scope(req), req.params.id, req.body, now()),
  );
  app.get(
    '/work-orders/:id/reservations',
    { config: p('service:work'), schema: { tags, params: IdParams } },
    async (req) => ({
      items: await service.listReservations(db, await scope(req), req.params.id),
    }),
  );

  // --- technicians ---
  app.post(
    '/technicians',
    { config: p('service:write'), schema: { tags, body: S.TechnicianBody } },
    async (req, reply) =>
      reply
        .status(201)
        .send(await service.createTechnician(db, await scope(req), { userId: null, ...req.body })),
  );
  app.get('/technicians', { config: p('service:work'), schema: { tags } }, async (req) => ({
    items: await service.listTechnicians(db, await scope(req)),
  }));

  // --- spare parts and stock ---
  app.post(
    '/parts',
    { config: p('service:write'), schema: { tags, body: S.PartBody } },
    async (req, reply) =>
      reply.status(201).send(await service.createPart(db, await scope(req), req.body)),
  );
  app.get(
    '/parts',
    {
      config: p('service:work'),
      schema: { tags, querystring: Strict({ modelId: Type.Optional(Id) }) },
    },
    async (req) => ({ items: await service.listParts(db, await scope(req), req.query) }),
  );
  app.post(
    '/warehouses',
    {
      config: p('service:write'),
      schema: {
        tags,
        body: Strict({
          name: Name,
          kind: S.lit(['depot', 'van'] as const),
          technicianId: Type.Optional(Id),
        }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createWarehouse(db, await scope(req), req.body)),
  );
  app.get('/warehouses', { config: p('service:work'), schema: { tags } }, async (req) => ({
    items: await service.listWarehouses(db, await scope(req)),
  }));
  app.get(
    '/stock',
    {
      config: p('service:work'),
      schema: {
        tags,
        querystring: Strict({ partId: Type.Optional(Id), warehouseId: Type.Optional(Id) }),
      },
    },
    async (req) => ({ items: await service.stockLevels(db, await scope(req), req.query) }),
  );
  app.post(
    '/stock/receive',
    {
      config: p('service:write'),
      schema: { tags, body: Strict({ warehouseId: Id, partId: Id, qty: S.Qty }) },
    },
    async (req) => service.receiveStock(db, await scope(req), req.body, now()),
  );
  app.post(
    '/stock/transfer',
    {
      config: p('service:write'),
      schema: {
        tags,
        body: Strict({ partId: Id, fromWarehouseId: Id, toWarehouseId: Id, qty: S.Qty }),
      },
    },
    async (req) => ({ items: await service.transferStock(db, await scope(req), req.body, now()) }),
  );
  app.post(
    '/stock/return',
    {
      config: p('service:work'),
      schema: { tags, body: Strict({ workOrderId: Id, partId: Id, warehouseId: Id, qty: S.Qty }) },
    },
    async (req) => service.returnPart(db, await scope(req), req.body, now()),
  );
  app.post(
    '/reservations',
    {
      config: p('service:work'),
      schema: { tags, body: Strict({ workOrderId: Id, partId: Id, warehouseId: Id, qty: S.Qty }) },
    },
    async (req, reply) =>
      reply.status(201).send(await service.reservePart(db, await scope(req), req.body, now())),
  );
  for (const action of ['consume', 'release'] as const)
    app.post(
      `/reservations/:id/${action}`,
      {
        config: p('service:work'),
        preValidation: emptyBodyOk,
        schema: {
          tags,
          params: IdParams,
          body: Strict({ qty: Type.Optional(S.Qty) }),
        },
      },
      async (req) =>
        service.settleReservation(
          db,
          await scope(req),
          req.params.id,
          { action, ...req.body },
          now(),
        ),
    );
  app.get('/reorder-proposals', { config: p('service:write'), schema: { tags } }, async (req) => ({
    items: await service.reorderProposals(db, await scope(req)),
  }));

  // --- SLA warnings / breaches and renewal reminders ---
  app.get(
    '/notices',
    {
      config: p('service:read'),
      schema: {
        tags,
        querystring: Strict({
          subjectId: Type.Optional(Id),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
      },
    },
    async (req) => ({ items: await service.listNotices(db, await scope(req), req.query) }),
  );

  // --- KPIs ---
  // One total, or one row per asset / model / customer / contract / technician (groupBy); JSON or
  // CSV (UTF-8 with a byte-order mark, as every export). Customer users see no costs or revenue.
  app.get(
    '/kpis',
    { config: p('service:read'), schema: { tags, querystring: S.KpiQuery } },
    async (req, reply) => {
      const s = await scope(req);
      const { format, groupBy, bom, ...times } = req.query;
      const q = await withTimes(db, s.tenantId, times);
      if (format === 'csv' && s.customerIds !== null)
        throw new RongheError('RONGHE_FORBIDDEN', {
          en: 'format: the CSV export is for the service provider',
          'zh-CN': 'format：CSV 导出仅供服务商使用',
        });
      const k = groupBy
        ? await service.serviceKpisBy(db, s, groupBy, q)
        : await service.serviceKpis(db, s, q);
      if (format === 'csv')
        return reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="service-kpis-${groupBy ?? 'total'}.csv"`,
          )
          .send(csvBom(bom) + service.kpisToCsv(k));
      return k;
    },
  );
}
