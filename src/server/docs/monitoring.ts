// Documentation of the monitoring routes for /openapi.json (see route-docs.ts).
import { Type } from '@sinclair/typebox';
import { CursorPage } from '../paging.ts';
import { Nullable, NoContent, EventStream, type RouteDocs } from './route-docs.ts';

const AlarmEffects = Type.Object({
  effects: Type.Array(
    Type.Object({ change: Type.String(), alarm: Type.String({ description: 'alarm id' }) }),
  ),
});

const AlarmRow = Type.Object({
  id: Type.String({ description: 'asset/ruleId/raisedAt: unique per episode' }),
  asset: Type.String({ description: 'asset id' }),
  assetName: Nullable(Type.String()),
  assetSerial: Nullable(Type.String()),
  customerId: Nullable(Type.String({ description: "the asset's customer when raised" })),
  modelId: Nullable(Type.String()),
  ruleId: Type.String(),
  ruleName: Type.String({ description: "the rule's name, or its id when it has none" }),
  severity: Type.Union(['critical', 'major', 'minor', 'warning'].map((v) => Type.Literal(v))),
  status: Type.Union(
    ['active', 'acknowledged', 'cleared-unacknowledged', 'cleared'].map((v) => Type.Literal(v)),
  ),
  active: Type.Boolean(),
  acknowledged: Type.Boolean(),
  raisedAt: Type.Number({ description: 'epoch ms' }),
  lastRaisedAt: Type.Number({ description: 'epoch ms' }),
  repeatCount: Type.Integer(),
  clearedAt: Type.Optional(Type.Number()),
  acknowledgedAt: Type.Optional(Type.Number()),
  acknowledgedBy: Type.Optional(Type.String({ description: '`user:<id>`' })),
  acknowledgedByName: Type.Optional(
    Nullable(Type.String({ description: "the user's name now; null for a deleted user" })),
  ),
  assignee: Type.Optional(Type.String()),
  comments: Type.Array(
    Type.Object({
      at: Type.Number(),
      by: Type.String({ description: '`user:<id>`' }),
      byName: Type.Optional(
        Nullable(Type.String({ description: "the user's name now; null for a deleted user" })),
      ),
      text: Type.String(),
    }),
  ),
  escalationLevel: Type.Integer(),
  escalateAt: Type.Optional(Type.Number()),
  suppressedBy: Type.Optional(
    Type.Object({
      kind: Type.Union([Type.Literal('maintenance'), Type.Literal('shelved')]),
      by: Type.String(),
      reason: Type.String(),
    }),
  ),
  targets: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('asset'), Type.Literal('customer'), Type.Literal('tenant')]),
      id: Type.String(),
    }),
  ),
  value: Type.Optional(Type.Number()),
});

export const monitoringDocs: RouteDocs = {
  'GET /api/v1/monitoring/rules': {
    summary: 'Rules of a model or asset',
    description:
      "With `modelId`: the model's own rules. With `assetId`: the asset's own overrides and the rules resolved for it (model rules with the asset's overrides applied).",
    example: {
      own: [
        {
          id: 'hi-temp',
          severity: 'major',
          kind: 'threshold',
          value: 'supply_temp',
          op: 'above',
          limit: 'prop.max_supply_temp',
          hysteresis: 1,
          forMs: 60000,
        },
      ],
      resolved: [
        {
          id: 'hi-temp',
          severity: 'major',
          kind: 'threshold',
          value: 'supply_temp',
          op: 'above',
          limit: 'prop.max_supply_temp',
          hysteresis: 1,
          forMs: 60000,
        },
      ],
    },
    query: { assetId: 'HXS-0001' },
  },
  'PUT /api/v1/monitoring/rules/models/:modelId': {
    summary: 'Save a model rule',
    description:
      "Creates or replaces one rule of an asset model (threshold, expression, rate of change or stale data). The rule is checked against the model's raw and derived channels before it is stored; errors name the field and the position in the expression.",
    response: {
      200: Type.Object({
        saved: Type.String(),
        reload: Type.Array(
          Type.Object({
            index: Type.Number(),
            status: Type.String(),
            reason: Type.String(),
          }),
        ),
      }),
    },
    example: {
      saved: 'cop-auto',
      reload: [],
    },
    body: {
      id: 'cop-auto',
      severity: 'major',
      kind: 'threshold',
      value: 'cop',
      op: 'below',
      limit: 3,
    },
  },
  'PUT /api/v1/monitoring/rules/assets/:assetId': {
    summary: 'Save an asset rule override',
    description:
      'Creates or replaces a rule for one asset, overriding the model rule with the same id (asset by id or serial).',
    response: { 200: Type.Object({ saved: Type.String() }) },
    example: { saved: 'hi-temp' },
    params: { assetId: 'HXS-0001' },
    body: {
      id: 'hi-temp',
      severity: 'critical',
      kind: 'threshold',
      value: 'supply_temp',
      op: 'above',
      limit: 95,
    },
  },
  'DELETE /api/v1/monitoring/rules/:scope/:scopeId/:ruleId': {
    summary: 'Delete a rule',
    description:
      'Removes a model rule (`models`) or an asset override (`assets`); 404 when there is no such rule.',
    response: { 204: NoContent },
    params: { scope: 'models', scopeId: 'am_0d09fdtsw20a82xz', ruleId: 'hi-temp' },
  },
  'GET /api/v1/alarms': {
    summary: 'List alarms',
    description:
      "Alarms of the assets the caller may see: open ones (active, or cleared but not yet acknowledged) by default, the closed history with `state=closed`, or both. Each row has its asset's name and serial and its rule's name beside the ids, its comments, assignee and acknowledgement (ISA-18.2). Filters: severity, asset (id or serial), rule, customer, raise time. Sorted by `raisedAt` (or `lastRaisedAt`), newest first unless `order=asc`; paged by cursor (`limit`, `cursor` → `nextCursor`).",
    response: { 200: CursorPage(AlarmRow) },
    query: { state: 'all', severity: 'critical,major', limit: 50 },
    example: {
      items: [
        {
          id: 'as_sy8kk5h77rs2hyk0/hi-temp/1796580060000',
          asset: 'as_sy8kk5h77rs2hyk0',
          assetName: '换热站 1 Heat station 1',
          assetSerial: 'HXS-0001',
          customerId: 'cu_vg0sk6d1ppd2n959',
          modelId: 'am_0d09fdtsw20a82xz',
          ruleId: 'hi-temp',
          ruleName: '供水温度高 Supply temperature high',
          severity: 'major',
          status: 'active',
          active: true,
          acknowledged: false,
          raisedAt: 1796580060000,
          lastRaisedAt: 1796580060000,
          repeatCount: 0,
          assignee: '张工 Zhang',
          comments: [
            {
              at: 1796580120000,
              by: 'user:us_8kq2m4x7d1ppd2n9',
              byName: '王工 Wang Gong',
              text: '现场检查中 On site',
            },
          ],
          escalationLevel: 0,
          targets: [{ kind: 'asset', id: 'as_sy8kk5h77rs2hyk0' }],
          value: 97.5,
        },
      ],
      nextCursor: 'WzE3OTY1ODAwNjAwMDAsImFzX3N5OGtrNWg3N3JzMmh5azAvaGktdGVtcC8xNzk2NTgwMDYwMDAwIl0',
    },
  },

  'POST /api/v1/alarms/acknowledge': {
    summary: 'Acknowledge an alarm',
    description:
      "Acknowledges the alarm of an asset's rule (ISA-18.2). The asset may be given by id or serial; 404 when the asset or the alarm does not exist.",
    response: {
      200: Type.Object({
        effects: Type.Array(
          Type.Object({
            change: Type.String(),
            alarm: Type.String(),
          }),
        ),
      }),
    },
    example: {
      effects: [
        {
          change: 'acknowledged',
          alarm: 'as_pb4mnw5e7tsgat39/bearing-vibration/1796584972456',
        },
      ],
    },
    // The demo's active alarm (demo-monitoring.ts): LOC-0001's worn axle bearing.
    body: { asset: 'LOC-0001', ruleId: 'bearing-vibration' },
  },
  'POST /api/v1/alarms/assign': {
    summary: 'Assign an alarm',
    description:
      "Names who handles the alarm of an asset's rule; 404 when the asset or the alarm does not exist.",
    response: { 200: AlarmEffects },
    example: {
      effects: [
        { change: 'assigned', alarm: 'as_pb4mnw5e7tsgat39/bearing-vibration/1796584972456' },
      ],
    },
    body: { asset: 'LOC-0001', ruleId: 'bearing-vibration', to: '张工 Zhang' },
  },
  'POST /api/v1/alarms/comment': {
    summary: 'Comment on an alarm',
    description:
      "Adds a comment to the alarm of an asset's rule; 404 when the asset or the alarm does not exist.",
    response: { 200: AlarmEffects },
    example: {
      effects: [
        { change: 'commented', alarm: 'as_pb4mnw5e7tsgat39/bearing-vibration/1796584972456' },
      ],
    },
    body: { asset: 'LOC-0001', ruleId: 'bearing-vibration', text: '现场检查中 On site' },
  },
  'POST /api/v1/alarms/shelve': {
    summary: 'Shelve an alarm',
    description:
      "Suppresses an asset's rule for some minutes with a reason (ISA-18.2 shelving); a raise while shelved is recorded but not annunciated.",
    response: { 200: AlarmEffects },
    example: {
      effects: [
        { change: 'shelved', alarm: 'as_pb4mnw5e7tsgat39/bearing-vibration/1796584972456' },
      ],
    },
    body: {
      asset: 'LOC-0001',
      ruleId: 'bearing-vibration',
      reason: '更换传感器 sensor replacement',
      minutes: 60,
    },
  },
  'GET /api/v1/alarms/kpis': {
    summary: 'Alarm KPIs',
    description:
      'ISA-18.2 alarm-system figures between two times: alarms per operator per hour and per 10 minutes, flood periods, top bad actors, chattering and stale alarms.',
    response: {
      200: Type.Object({
        activations: Type.Number(),
        alarmsPer10MinPerOperator: Type.Number(),
        peakPer10Min: Type.Number(),
        floodIntervals: Type.Number(),
        percentTimeInFlood: Type.Number(),
        staleAlarms: Type.Number(),
        chatteringAlarms: Type.Array(Type.String({ description: 'asset|ruleId' })),
        topAlarms: Type.Array(
          Type.Object({
            key: Type.String(),
            count: Type.Number(),
          }),
        ),
        topTenSharePercent: Type.Number(),
        badActors: Type.Array(
          Type.Object({
            key: Type.String(),
            count: Type.Number(),
          }),
        ),
      }),
    },
    example: {
      activations: 2,
      alarmsPer10MinPerOperator: 0.3333333333333333,
      peakPer10Min: 2,
      floodIntervals: 0,
      percentTimeInFlood: 0,
      staleAlarms: 0,
      chatteringAlarms: [],
      topAlarms: [
        {
          key: 'as_c3j5cskk08kd3wp7|low-cop',
          count: 1,
        },
      ],
      topTenSharePercent: 100,
      badActors: [
        {
          key: 'as_c3j5cskk08kd3wp7',
          count: 1,
        },
      ],
    },
    query: { from: 1796580000000, to: 1796666400000 },
  },
  'GET /api/v1/monitoring/derived-channels/models/:modelId': {
    summary: 'Derived channels of a model',
    description:
      "The model's derived channels (such as COP = cooling_load / power) and their expressions.",
    response: {
      200: Type.Object({
        modelId: Type.String(),
        channels: Type.Array(
          Type.Object({
            name: Type.String(),
            expression: Type.String(),
          }),
        ),
      }),
    },
    example: {
      modelId: 'am_sas0bs599q5tergc',
      channels: [],
    },
  },
  'PUT /api/v1/monitoring/derived-channels/models/:modelId': {
    summary: 'Replace derived channels',
    description:
      "Replaces the model's derived channels as a whole. Names, expressions (line, column and offset of an error) and cycles are checked first; the answer gives the evaluation order.",
    response: {
      200: Type.Object({
        modelId: Type.String(),
        channels: Type.Array(
          Type.Object({
            name: Type.String(),
            expression: Type.String(),
          }),
        ),
        order: Type.Array(Type.String()),
        reload: Type.Array(
          Type.Object({
            index: Type.Number(),
            status: Type.String(),
            reason: Type.String(),
          }),
        ),
      }),
    },
    example: {
      modelId: 'am_sas0bs599q5tergc',
      channels: [
        {
          name: 'specific_power',
          expression: 'compressor_power / cooling_load',
        },
      ],
      order: ['specific_power'],
      reload: [],
    },
    // On the demo's chiller model (RC-W): kW of compressor power per kW of cooling.
    body: {
      channels: [
        {
          name: 'specific_power',
          expression: 'compressor_power / cooling_load',
        },
      ],
    },
  },
  'GET /api/v1/alarms/stream': {
    summary: 'Live alarms (SSE)',
    description:
      "Server-Sent Events with each alarm change the caller's live subscription selects.",
    response: {
      200: EventStream(
        'event: alarm\ndata: {"change":"raised","alarm":{"id":"as_sy8kk5h77rs2hyk0/hi-temp/1796580060000"}}\n\n',
      ),
    },
  },
  'POST /api/v1/monitoring/preview': {
    summary: 'Preview an expression on recorded data',
    description:
      "Evaluates a rule condition or derived-channel expression over one asset's recorded raw data, the way the ingest path would have, from `from` to `to` (default: the last hour; at most one day apart). Answers the expression's type, the channels it reads, each evaluation as [time, value] (null where it is not a number), how many times a condition rose from false to true, and whether points were cut (more than 5,000 evaluations or 20,000 raw points a channel). The asset is named by its id or its serial. Nothing is stored. A syntax error or an unknown channel is a 400 naming line and column; a bad range is a 400 naming `from`.",
    body: {
      assetId: 'HXS-0001',
      expression: 'supply_temp > 60',
      from: 1796580000000,
      to: 1796583600000,
    },
    example: {
      type: 'boolean',
      from: 1796580000000,
      to: 1796583600000,
      channels: ['supply_temp'],
      points: [
        [1796580000000, false],
        [1796580060000, true],
        [1796580120000, true],
      ],
      rises: 1,
      truncated: false,
    },
  },
};
