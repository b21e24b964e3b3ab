// Rules and alarms over HTTP: rules per asset model and per asset (validated against the
// channels before they are stored), the open alarms a principal may see, and the operator
// actions of ISA-18.2 (acknowledge, assign, comment, shelve) plus the alarm KPIs; alarm
// subscriptions and the live feed are in monitoring-subscriptions.ts, the alarm journal in
// monitoring-journal.ts, derived channels in
// monitoring-derived.ts (rules are checked against the model's raw and derived channels).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { getAsset, getModel, scopedAssets } from '../../assets/index.ts';
import { RongheError, notFound } from '../../kernel/index.ts';
import {
  listAlarms,
  statusOf,
  type AlarmAction,
  type Severity,
  type TenantMonitor,
  type MonitoringRuntime,
  type RuleOverride,
} from '../../monitoring/index.ts';
import type { Db } from '../../storage/index.ts';
import { scopeOf } from '../auth.ts';
import { AssetRef, Id, Strict } from '../schemas.ts';
import { TimeParam, TzParam, withTimes } from '../time.ts';
import { decodeCursor, pageOf, PageQuery } from '../paging.ts';
import { actorNames, type Scope } from '../../identity/index.ts';
import { alarmSubscriptionRoutes } from './monitoring-subscriptions.ts';
import { RuleId, RuleOverrideSchema, RuleSpecSchema } from './monitoring-schemas.ts';
import { derivedChannelRoutes, layoutOfModel, modelProperties } from './monitoring-derived.ts';
import { alarmJournalRoutes } from './monitoring-journal.ts';

// The schema refuses unknown kinds and fields; the monitoring compiler then checks expressions
// and channels, naming the field and the position.
const RulesOut = Type.Object({
  own: Type.Array(RuleOverrideSchema),
  resolved: Type.Optional(Type.Array(RuleSpecSchema)),
});
const AlarmRef = { asset: AssetRef, ruleId: RuleId };
/** A rule is a few expressions and settings: a larger body is refused (413) before parsing. */
const RULE_BODY_LIMIT = 64 * 1024;

const AlarmListQuery = Strict({
  state: Type.Optional(
    Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('all')], {
      description: 'open (active or unacknowledged, the default), closed (history) or all',
    }),
  ),
  severity: Type.Optional(
    Type.String({
      maxLength: 100,
      pattern: '^(critical|major|minor|warning)(,(critical|major|minor|warning))*$',
      description: 'comma-separated severities',
    }),
  ),
  assetId: Type.Optional(AssetRef),
  ruleId: Type.Optional(RuleId),
  customerId: Type.Optional(Id),
  from: Type.Optional(Type.Integer({ minimum: 0, description: 'raised at or after, epoch ms' })),
  to: Type.Optional(Type.Integer({ minimum: 0, description: 'raised before, epoch ms' })),
  sort: Type.Optional(Type.Union([Type.Literal('raisedAt'), Type.Literal('lastRaisedAt')])),
  ...PageQuery,
});

/** Rows people read: the asset's name and serial and the rule's name beside the ids. */
async function withNames<
  A extends {
    asset: string;
    ruleId: string;
    active: boolean;
    acknowledged: boolean;
    acknowledgedBy?: string;
    comments: { at: number; by: string; text: string }[];
  },
>(db: Db, scope: Scope, monitor: TenantMonitor, alarms: A[]) {
  const ids = [...new Set(alarms.map((a) => a.asset))];
  const named = ids.length
    ? await scopedAssets(db, scope)
        .select(['id', 'name', 'serial', 'model_id'])
        .where('id', 'in', ids)
        .execute()
    : [];
  const assetsById = new Map(named.map((r) => [r.id, r]));
  const ruleNames = new Map<string, string>();
  for (const r of named)
    for (const rule of await monitor.rules.resolved(r.model_id ?? undefined, r.id))
      ruleNames.set(`${r.id}|${rule.id}`, rule.name ?? rule.id);
  // Who commented and acknowledged, by the names they have now (identity/actor-names.ts).
  const people = await actorNames(
    db,
    alarms.flatMap((a) => [a.acknowledgedBy, ...a.comments.map((c) => c.by)]),
  );
  return alarms.map((a) => ({
    ...a,
    ...(a.acknowledgedBy ? { acknowledgedByName: people.get(a.acknowledgedBy) ?? null } : {}),
    comments: a.comments.map((c) => ({ ...c, byName: people.get(c.by) ?? null })),
    status: statusOf(a),
    assetName: assetsById.get(a.asset)?.name ?? null,
    assetSerial: assetsById.get(a.asset)?.serial ?? null,
    ruleName: ruleNames.get(`${a.asset}|${a.ruleId}`) ?? a.ruleId,
  }));
}

export async function monitoringRoutes(
  base: FastifyInstance,
  opts: { db: Db; monitoring: MonitoringRuntime; streamHeartbeatMs?: number },
) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db, monitoring } = opts;
  const ctx = async (req: FastifyRequest) => {
    const scope = await scopeOf(db, req);
    return { scope, monitor: await monitoring.tenant(scope.tenantId) };
  };
  const numericProps = (p: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(p).filter((e): e is [string, number] => typeof e[1] === 'number'),
    );

  app.get(
    '/monitoring/rules',
    {
      config: { permission: 'alarm:read' },
      schema: {
        tags: ['monitoring'],
        querystring: Strict({ modelId: Type.Optional(Id), assetId: Type.Optional(AssetRef) }),
        response: { 200: RulesOut },
      },
    },
    async (req) => {
      const { scope, monitor } = await ctx(req);
      if (req.query.assetId) {
        const a = await getAsset(db, scope, req.query.assetId);
        return {
          own: await monitor.rules.list({ scope: 'asset', assetId: a.id }),
          resolved: await monitor.rules.resolved(a.modelId ?? undefined, a.id),
        };
      }
      if (!req.query.modelId)
        throw new RongheError(
          'RONGHE_VALIDATION',
          {
            en: 'querystring: give modelId or assetId',
            'zh-CN': '查询参数：请给出 modelId 或 assetId',
          },
          [{ field: 'modelId', reason: 'required' }],
        );
      // A model's rules are the tenant's engineering, applied to every customer's assets: a
      // customer-scoped principal reads the rules of its own assets (assetId), not the model's.
      if (scope.customerIds !== null)
        throw new RongheError(
          'RONGHE_FORBIDDEN',
          {
            en: "modelId: a model's rules are tenant-wide; a customer's user reads the rules of one of its assets (assetId).",
            'zh-CN': 'modelId：型号的规则属于整个租户；客户用户请按自己的资产（assetId）查看规则。',
          },
          [{ field: 'modelId', reason: 'customer scope' }],
        );
      const m = await getModel(db, scope, req.query.modelId);
      return { own: await monitor.rules.list({ scope: 'model', modelId: m.id }) };
    },
  );

  app.put(
    '/monitoring/rules/models/:modelId',
    {
      config: { permission: 'rule:write' },
      bodyLimit: RULE_BODY_LIMIT,
      schema: { tags: ['monitoring'], params: Strict({ modelId: Id }), body: RuleSpecSchema },
    },
    async (req) => {
      const { scope, monitor } = await ctx(req);
      const model = await getModel(db, scope, req.params.modelId);
      const props = modelProperties(model);
      const layout = await layoutOfModel(monitor, model, props);
      const rule = req.body as unknown as RuleOverride;
      await monitor.rules.save(
        { scope: 'model', modelId: model.id },
        rule,
        scope.actor,
        Date.now(),
        { layout, properties: props },
      );
      return {
        saved: rule.id,
        reload: await monitoring
          .reload(scope.tenantId)
          .then((r) => r.filter((x) => x.status !== 'ok')),
      };
    },
  );

  app.put(
    '/monitoring/rules/assets/:assetId',
    {
      config: { permission: 'rule:write' },
      bodyLimit: RULE_BODY_LIMIT,
      schema: {
        tags: ['monitoring'],
        params: Strict({ assetId: AssetRef }),
        body: RuleOverrideSchema,
      },
    },
    async (req) => {
      const { scope, monitor } = await ctx(req);
      const asset = await getAsset(db, scope, req.params.assetId);
      const model = asset.modelId ? await getModel(db, scope, asset.modelId) : undefined;
      const properties = numericProps(asset.properties);
      const layout = await layoutOfModel(monitor, model, properties);
      const rule = req.body as unknown as RuleOverride;
      await monitor.rules.save(
        { scope: 'asset', assetId: asset.id },
        rule,
        scope.actor,
        Date.now(),
        { layout, properties },
      );
      await monitoring.reload(scope.tenantId);
      return { saved: rule.id };
    },
  );

  app.delete(
    '/monitoring/rules/:scope/:scopeId/:ruleId',
    {
      config: { permission: 'rule:write' },
      schema: {
        tags: ['monitoring'],
        params: Strict({
          scope: Type.Union([Type.Literal('models'), Type.Literal('assets')]),
          scopeId: Id,
          ruleId: RuleId,
        }),
      },
    },
    async (req, reply) => {
      const { scope, monitor } = await ctx(req);
      const where =
        req.params.scope === 'models'
          ? {
              scope: 'model' as const,
              modelId: (await getModel(db, scope, req.params.scopeId)).id as string,
            }
          : {
              scope: 'asset' as const,
              assetId: (await getAsset(db, scope, req.params.scopeId)).id as string,
            };
      await monitor.rules.remove(where, req.params.ruleId, scope.actor);
      await monitoring.reload(scope.tenantId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/alarms',
    {
      config: { permission: 'alarm:read' },
      schema: { tags: ['monitoring'], querystring: AlarmListQuery },
    },
    async (req) => {
      const { scope, monitor } = await ctx(req);
      const q = req.query;
      const assetId = q.assetId ? (await getAsset(db, scope, q.assetId)).id : undefined;
      const sort = q.sort ?? 'raisedAt';
      const { items, more } = await listAlarms(db, scope.tenantId, {
        customerIds: scope.customerIds,
        limit: q.limit ?? 100,
        sort,
        ...(q.order ? { order: q.order } : {}),
        ...(q.state ? { state: q.state } : {}),
        ...(q.severity ? { severity: q.severity.split(',') as Severity[] } : {}),
        ...(assetId ? { assetId } : {}),
        ...(q.ruleId ? { ruleId: q.ruleId } : {}),
        ...(q.customerId ? { customerId: q.customerId } : {}),
        ...(q.from !== undefined ? { from: q.from } : {}),
        ...(q.to !== undefined ? { to: q.to } : {}),
        ...(q.cursor ? { after: decodeCursor(q.cursor) } : {}),
      });
      const rows = await withNames(db, scope, monitor, items);
      return pageOf(rows, more, (a) => (sort === 'lastRaisedAt' ? a.lastRaisedAt : a.raisedAt));
    },
  );

  // The asset by id or serial (404 for assets the principal may not see); acknowledging,
  // assigning or commenting needs an open alarm of that asset and rule, else 404.
  const act = async (
    req: FastifyRequest,
    ref: { asset: string; ruleId: string },
    needsAlarm: boolean,
    build: (asset: string, by: string, at: number) => AlarmAction,
  ) => {
    const { scope, monitor: m } = await ctx(req);
    const asset = (await getAsset(db, scope, ref.asset)).id as string;
    if (
      needsAlarm &&
      !m.alarms.openAlarms().some((a) => a.asset === asset && a.ruleId === ref.ruleId)
    )
      throw notFound('Alarm', `${ref.asset}/${ref.ruleId}`);
    const effects = await m.alarms.apply(build(asset, scope.actor, Date.now()));
    return { effects: effects.map((e) => ({ change: e.change, alarm: e.alarm.id })) };
  };

  app.post(
    '/alarms/acknowledge',
    {
      config: { permission: 'alarm:write' },
      schema: { tags: ['monitoring'], body: Strict(AlarmRef) },
    },
    async (req) =>
      act(req, req.body, true, (asset, by, at) => ({
        type: 'acknowledge',
        asset,
        ruleId: req.body.ruleId,
        by,
        at,
      })),
  );
  app.post(
    '/alarms/assign',
    {
      config: { permission: 'alarm:write' },
      schema: {
        tags: ['monitoring'],
        body: Strict({ ...AlarmRef, to: Type.String({ minLength: 1, maxLength: 200 }) }),
      },
    },
    async (req) =>
      act(req, req.body, true, (asset, by, at) => ({
        type: 'assign',
        asset,
        ruleId: req.body.ruleId,
        to: req.body.to,
        by,
        at,
      })),
  );
  app.post(
    '/alarms/comment',
    {
      config: { permission: 'alarm:write' },
      schema: {
        tags: ['monitoring'],
        body: Strict({ ...AlarmRef, text: Type.String({ minLength: 1, maxLength: 2000 }) }),
      },
    },
    async (req) =>
      act(req, req.body, true, (asset, by, at) => ({
        type: 'comment',
        asset,
        ruleId: req.body.ruleId,
        text: req.body.text,
        by,
        at,
      })),
  );
  app.post(
    '/alarms/shelve',
    {
      config: { permission: 'rule:write' },
      schema: {
        tags: ['monitoring'],
        body: Strict({
          ...AlarmRef,
          reason: Type.String({ minLength: 1, maxLength: 500 }),
          minutes: Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 }),
        }),
      },
    },
    async (req) =>
      act(req, req.body, false, (asset, by, at) => ({
        type: 'shelve',
        shelf: {
          asset,
          ruleId: req.body.ruleId,
          by,
          reason: req.body.reason,
          at,
          until: at + req.body.minutes * 60_000,
        },
      })),
  );

  app.get(
    '/alarms/kpis',
    {
      config: { permission: 'alarm:read' },
      schema: {
        tags: ['monitoring'],
        querystring: Strict({
          from: TimeParam,
          to: TimeParam,
          tz: Type.Optional(TzParam),
          operators: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
      },
    },
    async (req) => {
      const { scope, monitor: m } = await ctx(req);
      if (scope.customerIds !== null) throw notFound('KPI report', 'tenant');
      const { from, to } = await withTimes(db, scope.tenantId, req.query);
      if (to <= from)
        throw new RongheError(
          'RONGHE_VALIDATION',
          { en: 'to: must be after from', 'zh-CN': 'to：必须晚于 from' },
          [{ field: 'to', reason: 'must be after from' }],
        );
      return m.alarms.kpis({
        from,
        to,
        ...(req.query.operators ? { operators: req.query.operators } : {}),
      });
    },
  );

  await derivedChannelRoutes(base, { db, monitoring });
  await alarmJournalRoutes(base, { db, monitoring });
  await alarmSubscriptionRoutes(base, {
    db,
    monitoring,
    ...(opts.streamHeartbeatMs ? { heartbeatMs: opts.streamHeartbeatMs } : {}),
  });
}
