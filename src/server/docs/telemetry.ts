// Documentation of the telemetry routes for /openapi.json (see route-docs.ts).
import { Type } from '@sinclair/typebox';
import { NoContent, Csv, EventStream, type RouteDocs } from './route-docs.ts';

export const telemetryDocs: RouteDocs = {
  'POST /write': {
    summary: 'Write line protocol',
    description:
      'InfluxDB 1.x compatible ingest: line protocol in the body, the measurement or `asset` tag naming the asset by id or serial. 204 when every line is stored; a 400 names every bad line and nothing is written.',
    response: { 204: NoContent },
    query: { precision: 'ms' },
    // The asset tag names the asset by serial; one line per time, fields are channels.
    text: {
      type: 'text/plain',
      example:
        'heat,asset=HXS-0001 supply_temp=71.5,return_temp=48.2 1796580000000\nheat,asset=HXS-0001 supply_temp=71.8,return_temp=48.3 1796580060000\n',
    },
  },
  'POST /api/v1/telemetry': {
    summary: 'Write telemetry as JSON',
    description:
      'A batch of points `{asset, channel, ts, value}` (asset by id or serial); the answer counts what was accepted, nothing is written when a point is refused.',
    response: {
      200: Type.Object({
        points: Type.Number(),
        rows: Type.Number(),
        createdSeries: Type.Number(),
      }),
    },
    example: {
      points: 1,
      rows: 1,
      createdSeries: 1,
    },
    body: {
      points: [
        {
          asset: 'CHL-0003',
          ts: '2026-12-06T19:27:49.000Z',
          values: {
            cop: 5,
          },
        },
      ],
    },
  },
  'GET /api/v1/telemetry/raw': {
    summary: 'Raw points',
    description:
      'The stored points of one asset channel between two times, in time order, with a `next` cursor when more remain.',
    example: {
      points: [[1796583180000]],
    },
    query: {
      asset: 'HXS-0001',
      channel: 'supply_temp',
      from: '1796580000000',
      to: '1796666400000',
    },
  },
  'GET /api/v1/telemetry/rollup': {
    summary: 'Roll-up buckets',
    description:
      'Count, sum, min, max, first, last and mean per bucket of one asset channel, from the coarsest stored resolution that fits.',
    example: {
      bucketMs: 3600000,
      resolution: 'raw',
      buckets: [
        {
          start: 1796583600000,
          count: 2,
          sum: 9.25,
          min: 4.5,
          max: 4.75,
          first: 4.5,
          last: 4.75,
          mean: 4.625,
        },
      ],
    },
    query: {
      asset: 'HXS-0001',
      channel: 'supply_temp',
      from: '1796580000000',
      to: '1796666400000',
      bucket: '1h',
    },
  },
  'GET /api/v1/telemetry/latest': {
    summary: 'Latest values',
    description: 'The last point of each asked channel of the asked assets (ids or serials).',
    example: [
      {
        assetId: 'as_gwyy8ygrhsqspc8k',
        channel: 'cop',
        ts: 1796584496964,
        value: 4.2,
      },
    ],
    query: { assets: 'HXS-0001', channels: 'supply_temp' },
  },
  'GET /api/v1/telemetry/fleet': {
    summary: 'Fleet aggregates',
    description:
      'One channel over many assets, bucketed and optionally grouped by asset, model or customer, in pages of groups.',
    example: {
      bucketMs: 3660000,
      resolution: 'raw',
      total: 0,
      groups: [],
    },
    query: { channel: 'supply_temp', from: '1796580000000', to: '1796666400000', groupBy: 'asset' },
  },
  'GET /api/v1/telemetry/export.csv': {
    summary: 'Export telemetry as CSV',
    description:
      'Raw points of the asked assets and channels between two times as CSV (UTF-8 with BOM unless `bom=false`).',
    response: {
      200: Csv(
        'asset,serial,channel,ts,value\nas_sy8kk5h77rs2hyk0,HXS-0001,supply_temp,2026-12-06T08:00:00.000Z,55.2\n',
      ),
    },
    query: {
      assets: 'HXS-0001',
      channels: 'supply_temp',
      from: '1796580000000',
      to: '1796583600000',
    },
  },
  'GET /api/v1/telemetry/status': {
    summary: 'Ingest status',
    description:
      "The caller's points acknowledged but not yet compacted, per resolution, and the engine's lag.",
    response: {
      200: Type.Object({
        series: Type.Number(),
        bufferedPoints: Type.Number(),
        overloaded: Type.Boolean(),
      }),
    },
    example: {
      series: 1,
      bufferedPoints: 5,
      overloaded: false,
    },
  },
  'GET /api/v1/telemetry/stream': {
    summary: 'Live telemetry (SSE)',
    description:
      'Server-Sent Events with each new point of the asked assets and channels; a heartbeat comment keeps the connection open.',
    response: {
      200: EventStream(
        'event: points\ndata: [{"assetId":"as_sy8kk5h77rs2hyk0","channel":"supply_temp","ts":1796580000000,"value":55.2}]\n\n',
      ),
    },
    query: { assets: 'HXS-0001', channels: 'supply_temp' },
  },
  'GET /api/v1/telemetry/retention': {
    summary: 'Retention settings',
    description:
      'How long raw, minute, hour and day data are kept for the tenant, and per channel where set.',
    example: {
      raw: null,
      '1m': null,
      '1h': null,
      '1d': null,
    },
  },
  'PUT /api/v1/telemetry/retention': {
    summary: 'Set retention',
    description: "Sets the tenant's retention per resolution, and optionally per channel.",
    example: {
      retention: {
        raw: 2,
        '1m': 2,
        '1h': 400,
        '1d': null,
      },
      removedRows: 1,
    },
    body: {
      raw: 2,
      '1m': 2,
      '1h': 400,
    },
  },
  'POST /api/v2/write': {
    summary: 'Write line protocol (InfluxDB 2.x)',
    description:
      'The InfluxDB 2.x write, for the 2.x client libraries and Telegraf’s `outputs.influxdb_v2`: line protocol in the body (gzip allowed), `org` and `bucket` accepted and ignored (the API key names the tenant), `precision` ns, us, ms or s (default ns). An `asset`, `device` or `host` tag (`asset_tag` names another) gives the asset by id or serial; `channels` and `strings` choose how fields map to channels and what to do with string fields. 204 when every line is stored (string fields dropped are named in `x-ronghe-dropped`). A bad line refuses the whole batch with a 400 naming every bad line by number; with `partial=true` the good lines are stored and the 400 (`RONGHE_PARTIAL_WRITE`) says how many.',
    response: { 204: NoContent },
    query: { org: 'demo', bucket: 'plant', precision: 'ms' },
    text: {
      type: 'text/plain',
      example: 'heat,asset=HXS-0002 supply_temp=70.9,return_temp=47.6 1796580000000\n',
    },
  },
  'GET /api/v1/telemetry/sparkplug/refusals': {
    summary: 'Sparkplug edge nodes refused',
    description:
      'Sparkplug B edge nodes (`group/edge_node`) whose messages were refused since the platform started, most recently refused first, with the count and the last reason: a stock edge node never reads Ronghe’s error topic, so this is where its mistakes show. Kept in memory per tenant. Customer users get 403: edge nodes belong to the tenant.',
    response: {
      200: Type.Array(
        Type.Object({
          source: Type.String({ description: 'group/edge_node' }),
          refused: Type.Integer(),
          lastReason: Type.String(),
          lastAt: Type.Number({ description: 'Epoch ms of the last refusal' }),
        }),
      ),
    },
    example: [
      {
        source: 'Plant1/EDGE-1',
        refused: 2,
        lastReason: 'not a Sparkplug B protobuf',
        lastAt: 1796584000000,
      },
    ],
  },
  'GET /api/v1/telemetry/retention/channels': {
    summary: "The tenant's retention rules per channel",
    description:
      "Channels (optionally only on assets of one model) whose data is kept longer or shorter than the tenant's retention, per resolution: whole days, null for ever, or 'tenant' where the tenant's retention applies.",
    example: {
      rules: [
        {
          channel: 'vibration_rms',
          modelId: null,
          retention: { raw: 7, '1m': 'tenant', '1h': 730, '1d': null },
        },
      ],
    },
  },
  'PUT /api/v1/telemetry/retention/channels/:channel': {
    summary: "Set a channel's retention (overrides the tenant's per resolution)",
    description:
      "Sets how long one channel's raw points and rollups are kept, on every asset or only on assets of `modelId`; resolutions left out keep their setting, 'tenant' gives one back to the tenant's retention. Shortening deletes data for good: it needs telemetry:retention, is audited and applied before the answer, which counts the rows removed. A day count outside 1–36500 is a 400 naming the resolution.",
    params: { channel: 'vibration_rms' },
    body: { raw: 7, '1h': 730 },
    example: {
      rule: {
        channel: 'vibration_rms',
        modelId: null,
        retention: { raw: 7, '1m': 'tenant', '1h': 730, '1d': 'tenant' },
      },
      removedRows: 1440,
    },
  },
  'DELETE /api/v1/telemetry/retention/channels/:channel': {
    summary: "Remove a channel's retention rule: the tenant's retention applies again",
    description:
      "Gives every resolution of the channel (on every asset, or only on assets of `modelId`) back to the tenant's retention; audited and applied before the answer, which counts the rows removed.",
    params: { channel: 'vibration_rms' },
    example: {
      rule: {
        channel: 'vibration_rms',
        modelId: null,
        retention: { raw: 'tenant', '1m': 'tenant', '1h': 'tenant', '1d': 'tenant' },
      },
      removedRows: 0,
    },
  },
};
