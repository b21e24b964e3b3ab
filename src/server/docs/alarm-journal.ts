// Documentation of the alarm journal and webhook dead-letter routes (issue #18).
import { Type } from '@sinclair/typebox';
import { CursorPage } from '../paging.ts';
import { NoContent, Nullable, type RouteDocs } from './route-docs.ts';

const DeadLetter = Type.Object({
  id: Type.String({ description: 'the delivery id (x-ronghe-delivery)' }),
  subscriptionId: Type.String(),
  url: Type.String(),
  payload: Type.Unknown({ description: 'the JSON body as the receiver would have read it' }),
  attempts: Type.Integer(),
  lastError: Type.String({ description: 'HTTP status or network error of the last attempt' }),
  at: Type.Number({ description: 'epoch ms of the last attempt' }),
});

const JournalRow = Type.Object({
  id: Type.String({ description: 'journal entry id (sorts by time)' }),
  alarmId: Nullable(
    Type.String({ description: 'the alarm; null for a shelve while no alarm was open' }),
  ),
  asset: Type.String({ description: 'asset id' }),
  assetName: Nullable(Type.String()),
  assetSerial: Nullable(Type.String()),
  ruleId: Type.String(),
  ruleName: Type.String({ description: "the rule's name, or its id when it has none" }),
  action: Type.String({
    description:
      'raised, returned (to alarm, ISA-18.2), acknowledged, cleared, closed, escalated, assigned, commented, shelved, unshelved, suppressed, unsuppressed',
  }),
  severity: Nullable(Type.String()),
  actor: Nullable(
    Type.String({ description: 'the operator (`user:<id>`); null for the rule engine' }),
  ),
  actorName: Nullable(
    Type.String({ description: "the operator's name now; null for a deleted user or no user" }),
  ),
  detail: Nullable(
    Type.Record(Type.String(), Type.Unknown(), {
      description: 'comment text, assignee, shelve reason and end, escalation level',
    }),
  ),
  value: Nullable(Type.Number({ description: 'the value that raised the alarm' })),
  at: Type.Number({ description: 'epoch ms' }),
  customerId: Nullable(Type.String()),
});

export const alarmJournalDocs: RouteDocs = {
  'GET /api/v1/alarms/journal': {
    summary: 'Alarm journal',
    description:
      "Every change of every alarm the caller may see, kept after the alarm closes (ISA-18.2 alarm history): raised, returned to alarm, acknowledged, shelved, assigned, commented, cleared, escalated, closed. Operator actions name the actor. Filters: asset (id or serial), rule, alarm (one alarm's history), action (comma-separated), the alarm's state now (open / closed), time range (`from`, `to`: epoch ms, ISO 8601 or relative such as `now-7d`, read in `tz` or the tenant's zone). Newest first unless `order=asc`; paged by cursor (`limit`, `cursor` → `nextCursor`).",
    response: { 200: CursorPage(JournalRow) },
    query: { from: 'now-30d', limit: 50 },
    example: {
      items: [
        {
          id: 'aj_0lq3x5k2c0003k7m2qd',
          alarmId: 'as_sy8kk5h77rs2hyk0/hi-temp/1796580060000',
          asset: 'as_sy8kk5h77rs2hyk0',
          assetName: '换热站 1 Heat station 1',
          assetSerial: 'HXS-0001',
          ruleId: 'hi-temp',
          ruleName: '供水温度高 Supply temperature high',
          action: 'commented',
          severity: 'major',
          actor: 'user:us_8kq2m4x7d1ppd2n9',
          actorName: '王工 Wang Gong',
          detail: { text: '现场检查中 On site' },
          value: null,
          at: 1796580120000,
          customerId: 'cu_vg0sk6d1ppd2n959',
        },
      ],
      nextCursor: null,
    },
  },
  'GET /api/v1/alarm-subscriptions/dead-letters': {
    summary: 'My webhook dead letters',
    description:
      "Webhook deliveries of the caller's subscriptions that failed after their last retry (or at once on a permanent failure such as a 4xx or a refused address), newest first, kept until retried successfully or dropped.",
    response: { 200: Type.Array(DeadLetter) },
    example: [
      {
        id: '3f0c2f0e-8a55-4b8e-9d1e-0c4f3b7a9e21',
        subscriptionId: 'sb_v44zzw2ppj086xj6',
        url: 'https://ops.acme.example/hooks/ronghe',
        payload: { kind: 'alarm', change: 'raised', at: 1796580060000 },
        attempts: 5,
        lastError: 'HTTP 503',
        at: 1796580120000,
      },
    ],
  },
  'POST /api/v1/alarm-subscriptions/dead-letters/:id/retry': {
    summary: 'Retry a webhook dead letter',
    description:
      "One attempt to the subscription's current URL, signed with its current secret, under the same delivery id (receivers de-duplicate on x-ronghe-delivery). On success the letter leaves the list; on failure it stays, with one more attempt and the new error, and the answer says so (`ok: false`).",
    response: {
      200: Type.Object({
        deliveryId: Type.String(),
        ok: Type.Boolean(),
        status: Type.Optional(Type.Integer()),
        error: Type.Optional(Type.String()),
      }),
    },
    example: { deliveryId: '3f0c2f0e-8a55-4b8e-9d1e-0c4f3b7a9e21', ok: true, status: 200 },
    params: { id: '3f0c2f0e-8a55-4b8e-9d1e-0c4f3b7a9e21' },
  },
  'DELETE /api/v1/alarm-subscriptions/dead-letters/:id': {
    summary: 'Drop a webhook dead letter',
    description: "Removes one of the caller's dead letters without sending it.",
    response: { 204: NoContent },
    params: { id: '3f0c2f0e-8a55-4b8e-9d1e-0c4f3b7a9e21' },
  },
};
