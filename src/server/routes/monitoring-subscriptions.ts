// Alarm notification over HTTP: the signed-in principal's own alarm subscriptions (CRUD) and
// the live alarm feed as Server-Sent Events (WHATWG HTML §9.2). A subscription belongs to the
// user (or API key) that wrote it, in the tenant it was written in; another principal's id is
// a 404, never a 403, so ids do not leak. What the feed sends, and the default for a principal
// without a `live` subscription, is decided in monitoring/notify/alarm-fanout.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { randomBytes } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { getModel } from '../../assets/index.ts';
import { getCustomer, type Scope } from '../../identity/index.ts';
import { RongheError, notFound, type Localized } from '../../kernel/index.ts';
import {
  alarmChanges,
  severities,
  type MonitoringRuntime,
  type StoredSubscription,
  type SubscriptionInput,
} from '../../monitoring/index.ts';
import type { Db } from '../../storage/index.ts';
import { scopeOf } from '../auth.ts';
import { Id, Strict } from '../schemas.ts';
import { deadLetterRoutes } from './monitoring-dead-letters.ts';

const StringEnum = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values] });

// Every change the reducer may annunciate; a suppressed alarm's other changes notify nobody
// (ISA-18.2 §16), but its suppression and unsuppression are announced.
const changes = alarmChanges;

export const SubscriptionBody = Strict({
  channels: Type.Array(StringEnum(['live', 'email', 'webhook'] as const), {
    minItems: 1,
    maxItems: 3,
    uniqueItems: true,
  }),
  minSeverity: StringEnum(severities),
  customers: Type.Optional(Type.Array(Id, { maxItems: 100, uniqueItems: true })),
  models: Type.Optional(Type.Array(Id, { maxItems: 100, uniqueItems: true })),
  changes: Type.Optional(
    Type.Array(StringEnum(changes), { minItems: 1, maxItems: changes.length, uniqueItems: true }),
  ),
  webhook: Type.Optional(
    Strict({
      url: Type.String({ minLength: 8, maxLength: 2000, description: 'http:// or https:// URL' }),
      secret: Type.Optional(
        Type.String({
          minLength: 16,
          maxLength: 200,
          description: 'HMAC-SHA256 key; generated (and answered once) when absent',
        }),
      ),
    }),
  ),
  language: Type.Optional(StringEnum(['zh-CN', 'en'] as const)),
});
type Body = Static<typeof SubscriptionBody>;

export interface SubscriptionRouteOptions {
  db: Db;
  monitoring: MonitoringRuntime;
  /** Interval of the `: ping` comment lines that keep proxies from closing an idle stream. */
  heartbeatMs?: number;
}

/** The subscriber a request acts for: the user, or the API key for integrations. */
function subscriberOf(req: FastifyRequest): string {
  const p = req.principal;
  if (p?.kind === 'user') return p.userId;
  if (p?.kind === 'apikey') return p.keyId;
  throw new RongheError('RONGHE_FORBIDDEN', {
    en: 'Only users and API keys have alarm subscriptions.',
    'zh-CN': '只有用户和 API 密钥才有告警订阅。',
  });
}

/** A subscription as its owner reads it: the webhook's secret is never answered back. */
const view = ({ tenantId: _t, userId: _u, webhook, ...s }: StoredSubscription) => ({
  ...s,
  ...(webhook ? { webhook: { url: webhook.url } } : {}),
});

/** Why checkWebhookUrl refused the URL, in both languages (the English text as it was thrown). */
function webhookRefusal(e: Error & { host?: string; address?: string }, url: URL): Localized {
  const en = e.message;
  if (e.address !== undefined)
    return {
      en,
      'zh-CN': `webhook 地址 ${e.host ?? ''} 解析为 ${e.address}，属于回环、链路本地或私有地址；运维人员可设置 RONGHE_WEBHOOK_ALLOW_PRIVATE=true 允许此类地址`,
    };
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { en, 'zh-CN': `协议“${url.protocol}”不是 http 或 https` };
  return { en, 'zh-CN': `无法解析主机“${url.hostname}”` };
}

const webhookError = (reason: Localized) =>
  new RongheError(
    'RONGHE_VALIDATION',
    { en: `webhook.url: ${reason.en}`, 'zh-CN': `输入有误 — webhook.url：${reason['zh-CN']}` },
    [{ field: 'webhook.url', reason: reason.en }],
  );

/** The webhook of a body: checked like the sender checks it, with a generated secret if none. */
async function checkWebhook(monitoring: MonitoringRuntime, body: Body) {
  const wants = body.channels.includes('webhook');
  if (!body.webhook) {
    if (wants)
      throw webhookError({
        en: 'required with the webhook channel',
        'zh-CN': '使用 webhook 渠道时必填',
      });
    return undefined;
  }
  if (!wants)
    throw webhookError({
      en: 'given without the webhook channel',
      'zh-CN': '未使用 webhook 渠道却给出了此项',
    });
  let url: URL;
  try {
    url = new URL(body.webhook.url);
  } catch {
    throw webhookError({
      en: `not a URL: '${body.webhook.url}'`,
      'zh-CN': `不是 URL：“${body.webhook.url}”`,
    });
  }
  await monitoring.checkWebhookUrl(url).catch((e: unknown) => {
    throw webhookError(webhookRefusal(e as Error & { host?: string; address?: string }, url));
  });
  const generated = body.webhook.secret === undefined;
  return {
    webhook: { url: url.href, secret: body.webhook.secret ?? randomBytes(32).toString('hex') },
    generated,
  };
}

async function checkBody(
  db: Db,
  scope: Scope,
  body: Body,
  delivered: readonly string[],
): Promise<SubscriptionInput> {
  for (const c of body.channels)
    if (!delivered.includes(c))
      throw new RongheError(
        'RONGHE_VALIDATION',
        {
          en: `channels: '${c}' delivery is not configured on this server; use ${delivered.join(', ')}.`,
          'zh-CN': `channels：此服务器未配置“${c}”投递方式，请使用 ${delivered.join('、')}。`,
        },
        [{ field: 'channels', reason: 'not configured' }],
      );
  // Customers and models must be ones the principal may see: a customer-scoped user may only
  // subscribe to their own customers (the same rule and error as an asset's customerId).
  for (const id of body.customers ?? [])
    await getCustomer(db, scope, id).catch(() => {
      throw new RongheError(
        'RONGHE_VALIDATION',
        {
          en: `customers: no customer '${id}' visible to you.`,
          'zh-CN': `customers：您看不到客户“${id}”。`,
        },
        [{ field: 'customers', reason: 'unknown' }],
      );
    });
  for (const id of body.models ?? [])
    await getModel(db, scope, id).catch(() => {
      throw new RongheError(
        'RONGHE_VALIDATION',
        {
          en: `models: no asset model '${id}' in this tenant.`,
          'zh-CN': `models：本租户没有资产型号“${id}”。`,
        },
        [{ field: 'models', reason: 'unknown' }],
      );
    });
  const { webhook: _w, ...rest } = body;
  return rest;
}

/** A generated secret is answered once, when it is made; the receiver needs it to verify. */
const withSecret = <T extends object>(
  v: T,
  hook: { webhook: { secret: string }; generated: boolean } | undefined,
) => (hook?.generated ? { ...v, webhookSecret: hook.webhook.secret } : v);

export async function alarmSubscriptionRoutes(base: FastifyInstance, o: SubscriptionRouteOptions) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db, monitoring } = o;
  const store = monitoring.subscriptions;
  const owner = async (req: FastifyRequest) => {
    const scope = await scopeOf(db, req);
    return { scope, owner: { tenantId: scope.tenantId, subscriberId: subscriberOf(req) } };
  };
  const read = { permission: 'alarm:read' as const };
  const tags = ['monitoring'];
  const params = Strict({ id: Id });

  app.get('/alarm-subscriptions', { config: read, schema: { tags } }, async (req) =>
    (await store.list((await owner(req)).owner)).map(view),
  );
  app.get('/alarm-subscriptions/:id', { config: read, schema: { tags, params } }, async (req) => {
    const s = await store.get((await owner(req)).owner, req.params.id);
    if (!s) throw notFound('Alarm subscription', req.params.id);
    return view(s);
  });
  app.post(
    '/alarm-subscriptions',
    { config: read, schema: { tags, body: SubscriptionBody } },
    async (req, reply) => {
      const { scope, owner: who } = await owner(req);
      const input = await checkBody(db, scope, req.body, monitoring.notify.channels);
      const hook = await checkWebhook(monitoring, req.body);
      const s = await store.create(who, { ...input, ...hook }, Date.now());
      return reply.status(201).send(withSecret(view(s), hook));
    },
  );
  app.put(
    '/alarm-subscriptions/:id',
    { config: read, schema: { tags, params, body: SubscriptionBody } },
    async (req) => {
      const { scope, owner: who } = await owner(req);
      if (!(await store.get(who, req.params.id)))
        throw notFound('Alarm subscription', req.params.id);
      const input = await checkBody(db, scope, req.body, monitoring.notify.channels);
      const hook = await checkWebhook(monitoring, req.body);
      const s = await store.update(who, req.params.id, { ...input, ...hook }, Date.now());
      if (!s) throw notFound('Alarm subscription', req.params.id);
      return withSecret(view(s), hook);
    },
  );
  app.delete(
    '/alarm-subscriptions/:id',
    { config: read, schema: { tags, params } },
    async (req, reply) => {
      if (!(await store.remove((await owner(req)).owner, req.params.id)))
        throw notFound('Alarm subscription', req.params.id);
      return reply.status(204).send();
    },
  );

  await deadLetterRoutes(base, { db, monitoring, subscriberOf });
  liveFeedRoute(app, o);
}

/**
 * GET /alarms/stream: one `event: alarm` frame per matching alarm change, `: ping` comments
 * every heartbeatMs. `Last-Event-ID` is not supported: frame ids are a per-process sequence,
 * not a replayable log, so a client that reconnects reads GET /alarms for the current state.
 * Limits per principal, slow readers and revocation are handled in server/streams.ts: a client
 * that stops reading is dropped, reconnects and reloads GET /alarms.
 */
function liveFeedRoute(app: FastifyInstance, o: SubscriptionRouteOptions) {
  app.get(
    '/alarms/stream',
    { config: { permission: 'alarm:read' }, schema: { tags: ['monitoring'] } },
    async (req, reply) => {
      const scope = await scopeOf(o.db, req);
      const subscriber = subscriberOf(req);
      const stream = app.streams
        .reserve(req)
        .start(reply, { heartbeatMs: o.heartbeatMs ?? 15_000 });
      stream.onClose(
        o.monitoring.notify.connect(scope.tenantId, subscriber, scope.customerIds, stream.write),
      );
      stream.write('retry: 5000\n\n'); // EventSource reconnection delay (WHATWG HTML §9.2.6)
      return reply;
    },
  );
}
