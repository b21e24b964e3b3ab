// Documentation of the alarm journal and webhook dead-letter routes (issue #18).
import { Type } from '@sinclair/typebox';
import { CursorPage } from '../paging.ts';
import { Nullable, type RouteDocs } from './route-docs.ts';

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
  actor: Nullable(Type.String({ description: 'the operator; null for the rule engine' })),
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
          actor: 'us_8kq2m4x7d1ppd2n9',
          detail: { text: '现场检查中 On site' },
          value: null,
          at: 1796580120000,
          customerId: 'cu_vg0sk6d1ppd2n959',
        },
      ],
      nextCursor: null,
    },
  },
};
