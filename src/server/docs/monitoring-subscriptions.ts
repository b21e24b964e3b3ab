// Documentation of the alarm subscription routes for /openapi.json (see route-docs.ts), split
// from monitoring.ts by resource.
import { Type } from '@sinclair/typebox';
import { NoContent, type RouteDocs } from './route-docs.ts';

const AlarmSubscription = Type.Object({
  id: Type.String(),
  channels: Type.Array(Type.String()),
  minSeverity: Type.String(),
  customers: Type.Array(Type.String()),
  models: Type.Array(Type.String()),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
  changes: Type.Optional(Type.Array(Type.String())),
  webhook: Type.Optional(
    Type.Object({ url: Type.String({ description: 'where the webhook channel posts' }) }),
  ),
  language: Type.Optional(
    Type.Union([Type.Literal('zh-CN'), Type.Literal('en')], {
      description: 'language of its e-mail (default zh-CN)',
    }),
  ),
  webhookSecret: Type.Optional(
    Type.String({
      description:
        'answered once, when the server generated the webhook secret (create / replace without one); never read back',
    }),
  ),
});

export const alarmSubscriptionDocs: RouteDocs = {
  'GET /api/v1/alarm-subscriptions': {
    summary: 'My alarm subscriptions',
    description:
      "The caller's own subscriptions: which alarms (severity, customers, models) reach them by which channel.",
    response: { 200: Type.Array(AlarmSubscription) },
    example: [
      {
        id: 'sb_v44zzw2ppj086xj6',
        channels: ['live'],
        minSeverity: 'major',
        customers: ['cu_zvnrwj7kxxqhspap'],
        models: [],
        createdAt: 1796584972074,
        updatedAt: 1796584972074,
      },
    ],
  },
  'POST /api/v1/alarm-subscriptions': {
    summary: 'Subscribe to alarms',
    description:
      "A subscription for the caller: channel (live feed, e-mail, webhook), minimum severity, optional customers and models, and the e-mail `language` (zh-CN or en). The webhook channel needs `webhook.url` (http or https); addresses in loopback, link-local and private ranges (RFC 1918, fc00::/7) are refused unless the operator sets RONGHE_WEBHOOK_ALLOW_PRIVATE=true, checked again on every connection. Each delivery is a POST of JSON (`{kind: 'alarm', change, at, alarm}` or `{kind: 'digest', count, windowStart, changes}`) with headers `x-ronghe-delivery` (an id, the same on every retry) and `x-ronghe-signature: t=<epoch ms>,v1=<hex>`, where v1 is HMAC-SHA256 with the subscription's secret over `<t>.<body>`: recompute it, compare in constant time and refuse a `t` older than your tolerance (5 minutes). Network errors, timeouts, 408, 429 and 5xx are retried with exponential backoff and jitter (honouring Retry-After); after the last attempt, or at once on another 4xx or a refused address, the delivery goes to the dead-letter list (GET /alarm-subscriptions/dead-letters). Without `webhook.secret` the server generates one and answers it once as `webhookSecret`.",
    response: { 201: AlarmSubscription },
    example: {
      id: 'sb_v44zzw2ppj086xj6',
      channels: ['live'],
      minSeverity: 'major',
      customers: ['cu_zvnrwj7kxxqhspap'],
      models: [],
      createdAt: 1796584972074,
      updatedAt: 1796584972074,
    },
    body: {
      channels: ['live'],
      minSeverity: 'major',
      customers: ['cu_zvnrwj7kxxqhspap'],
    },
  },
  'GET /api/v1/alarm-subscriptions/:id': {
    summary: 'Get an alarm subscription',
    description: "One of the caller's own subscriptions; another principal's id is a 404.",
    response: { 200: AlarmSubscription },
    example: {
      id: 'sb_v44zzw2ppj086xj6',
      channels: ['live'],
      minSeverity: 'major',
      customers: ['cu_zvnrwj7kxxqhspap'],
      models: [],
      createdAt: 1796584972074,
      updatedAt: 1796584972074,
    },
  },
  'PUT /api/v1/alarm-subscriptions/:id': {
    summary: 'Replace an alarm subscription',
    description: "Replaces one of the caller's own subscriptions.",
    response: { 200: AlarmSubscription },
    example: {
      id: 'sb_v44zzw2ppj086xj6',
      channels: ['live'],
      minSeverity: 'critical',
      customers: [],
      models: ['am_1072w30s8weba9j2'],
      createdAt: 1796584972074,
      updatedAt: 1796584972293,
      changes: ['raised'],
    },
    body: {
      channels: ['live'],
      minSeverity: 'critical',
      models: ['am_1072w30s8weba9j2'],
      changes: ['raised'],
    },
  },
  'DELETE /api/v1/alarm-subscriptions/:id': {
    summary: 'Delete an alarm subscription',
    description: "Deletes one of the caller's own subscriptions.",
    response: { 204: NoContent },
    params: { id: 'sb_0d09fdtsw20a82xz' },
  },
};
