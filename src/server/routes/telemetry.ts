// Telemetry HTTP edge: InfluxDB 1.x compatible `POST /write` (line protocol, gzip or plain, 204
// on success, 400 naming every bad line — the whole body is rejected, nothing is written,
// unless `partial=true` asks for InfluxDB's partial writes; the rest of InfluxDB's API is in
// influx.ts), the JSON batch
// `POST /api/v1/telemetry`, queries under /api/v1/telemetry and a Server-Sent Events stream
// (WHATWG HTML §9.2). All ingest paths feed TelemetryService.ingestRows.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  RongheError,
  invalid,
  type CalendarUnit,
  type TenantId,
  type TimeContext,
} from '../../kernel/index.ts';
import { autoBucket, type Scope, type TelemetryService } from '../../telemetry/index.ts';
import { getTimeZones } from '../../identity/index.ts';
import { scopeOf } from '../auth.ts';
import { CsvExportQuery, withCsvBom } from '../csv.ts';
import {
  MappingQuery,
  answerWrite,
  influxRoutes,
  lineBody,
  mappingFor,
  precisionOf,
} from './influx.ts';
import { Strict } from '../schemas.ts';
import type { SseStream } from '../streams.ts';
import { TimeParam, TzParam, parseTimeParam, timeContext } from '../time.ts';
import {
  FleetResponse,
  LatestResponse,
  RawResponse,
  RollupResponse,
} from './telemetry-responses.ts';

const P = '/api/v1/telemetry';
const Str = Type.String({ maxLength: 200 });
const List = Type.String({ maxLength: 20_000 });
const Time = Type.String({ maxLength: 40 });

/** from/to of a read, by the one time parser (to defaults to now). */
function rangeOf(q: { from: string; to?: string | undefined }, ctx: TimeContext) {
  return {
    from: parseTimeParam('from', q.from, ctx),
    to: parseTimeParam('to', q.to, ctx, ctx.now + 1),
  };
}

const Bucket = Type.String({
  maxLength: 20,
  description:
    "bucket: 5m, 1h (fixed) or 1d, 2d, 1w (ISO week), 1mo, cut at local midnight in `tz` or the tenant's zone",
});

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DAY = 86_400_000;

/** A fixed bucket length, or calendar buckets cut at local midnight. */
export type BucketChoice = { ms: number } | { calendar: CalendarUnit };

/**
 * A bucket: a duration like `5m` or `1h` (or ms), or calendar units — whole days (`1d`, `2d`),
 * an ISO week (`1w` or `7d`, from Monday) or a month (`1mo`) — cut at local midnight.
 */
export function parseBucket(field: string, v: string | undefined): BucketChoice | undefined {
  if (v === undefined || v === '') return undefined;
  if (v === '1w') return { calendar: { kind: 'week' } };
  if (v === '1mo' || v === '1M') return { calendar: { kind: 'month' } };
  const m = /^(\d{1,12})(ms|s|m|h|d)?$/.exec(v);
  const ms = m ? Number(m[1]) * units[m[2] ?? 'ms']! : NaN;
  if (!(ms >= 1000))
    throw invalid(field, {
      en: `'${v}' is not a bucket of at least 1 s (e.g. 5m, 1h, 1d, 1w, 1mo)`,
      'zh-CN': `“${v}”不是至少 1 秒的时间桶（例如 5m、1h、1d、1w、1mo）`,
    });
  return ms % DAY === 0 ? { calendar: calendarUnitOf(ms) } : { ms };
}

const calendarUnitOf = (ms: number): CalendarUnit =>
  ms === 7 * DAY ? { kind: 'week' } : { kind: 'day', days: ms / DAY };

/** The bucket of a read: as asked, else auto-picked; whole days become calendar days. */
function bucketArgs(choice: BucketChoice | undefined, from: number, to: number, timeZone: string) {
  const c = choice ?? { ms: autoBucket(from, to) };
  if ('calendar' in c) return { calendar: { unit: c.calendar, timeZone } };
  return c.ms % DAY === 0
    ? { calendar: { unit: calendarUnitOf(c.ms), timeZone } }
    : { bucketMs: c.ms };
}

const listOf = (v: string | undefined) =>
  v === undefined || v === ''
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

/** The site of an asset when the tenant keeps site zones (its rollups cut days there). */
async function siteOf(t: TelemetryService, s: Scope, asset: string, tz: string | undefined) {
  if (tz) return undefined;
  const zones = await getTimeZones(t.db, s.tenantId as TenantId);
  if (zones.sites.length === 0) return undefined;
  const a = await t.assetFor(s, asset);
  const row = await t.db.kysely
    .selectFrom('assets')
    .select('site')
    .where('id', '=', a.assetId)
    .executeTakeFirst();
  return row?.site || undefined;
}

async function scope(t: TelemetryService, request: FastifyRequest): Promise<Scope> {
  const s = await scopeOf(t.db, request);
  const p = request.principal;
  const device =
    p?.kind === 'device'
      ? { deviceAssetId: String(p.deviceAssetId), deviceId: String(p.deviceId) }
      : {};
  return { tenantId: s.tenantId, customerIds: s.customerIds, transport: 'http', ...device };
}

export async function telemetryRoutes(
  fastify: FastifyInstance,
  opts: { telemetry: TelemetryService },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const t = opts.telemetry;
  const bodyLimit = fastify.initialConfig.bodyLimit ?? 16 * 1024 * 1024;
  // Line protocol arrives as text/plain, application/octet-stream or with no content type. It
  // is parsed from its bytes (line-protocol.ts), so it is not decoded into a string first.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(['text/plain', '*'], { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );

  app.post(
    '/write',
    {
      config: { permission: 'telemetry:write' },
      schema: {
        querystring: Type.Object({
          db: Type.Optional(Str),
          precision: Type.Optional(Str),
          u: Type.Optional(Str),
          p: Type.Optional(Type.String({ maxLength: 500 })),
          rp: Type.Optional(Str),
          consistency: Type.Optional(Str),
          ...MappingQuery,
        }),
      },
    },
    async (request, reply) => {
      const precision = precisionOf(request.query.precision);
      const body = await lineBody(request, bodyLimit);
      const r = await t.ingestLineProtocol(
        await scope(t, request),
        body,
        precision,
        mappingFor(request, request.query),
      );
      return answerWrite(reply, r);
    },
  );
  // /ping, /query, /api/v2/write, /health: influx.ts.
  await influxRoutes(fastify, opts);

  const JsonPoint = Strict({
    asset: Str,
    ts: Type.Optional(Type.Union([Type.Number(), Time])),
    values: Type.Record(Type.String({ maxLength: 200 }), Type.Number(), { maxProperties: 1000 }),
  });
  app.post(
    P,
    {
      config: { permission: 'telemetry:write' },
      schema: {
        body: Strict({ points: Type.Array(JsonPoint, { minItems: 1, maxItems: 100_000 }) }),
      },
    },
    async (request) => t.ingestJson(await scope(t, request), request.body.points),
  );

  const Range = { from: TimeParam, to: Type.Optional(TimeParam), tz: Type.Optional(TzParam) };
  app.get(
    `${P}/raw`,
    {
      config: { permission: 'telemetry:read' },
      schema: {
        querystring: Strict({
          asset: Str,
          channel: Str,
          ...Range,
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
        }),
        response: { 200: RawResponse },
      },
    },
    async (request) => {
      const q = request.query;
      const s = await scope(t, request);
      return t.queries.raw(s, {
        asset: q.asset,
        channel: q.channel,
        ...rangeOf(q, await timeContext(t.db, s.tenantId, q.tz)),
        limit: q.limit ?? 10_000,
      });
    },
  );

  app.get(
    `${P}/rollup`,
    {
      config: { permission: 'telemetry:read' },
      schema: {
        querystring: Strict({ asset: Str, channel: Str, ...Range, bucket: Type.Optional(Bucket) }),
        response: { 200: RollupResponse },
      },
    },
    async (request) => {
      const q = request.query;
      const bucket = parseBucket('bucket', q.bucket);
      const s = await scope(t, request);
      const ctx = await timeContext(t.db, s.tenantId, q.tz, await siteOf(t, s, q.asset, q.tz));
      const range = rangeOf(q, ctx);
      return t.queries.rollup(s, {
        asset: q.asset,
        channel: q.channel,
        ...range,
        ...bucketArgs(bucket, range.from, range.to, ctx.timeZone),
      });
    },
  );

  app.get(
    `${P}/latest`,
    {
      config: { permission: 'telemetry:read' },
      schema: {
        querystring: Strict({ channels: List, assets: Type.Optional(List) }),
        response: { 200: LatestResponse },
      },
      // A fleet's latest values are one flat row an asset (q1 of issue 21: 100,000 rows at a
      // million series). V8's JSON.stringify writes these rows in about a third of the CPU of
      // the schema-compiled serialiser (fast-json-stringify checks and escapes each string
      // by hand), and the rows carry exactly the documented fields (queries.ts), so nothing
      // is left for the schema to drop; response checks still see the value (preSerialization).
      serializerCompiler: () => (rows) => JSON.stringify(rows),
    },
    async (request) => {
      const assets = listOf(request.query.assets);
      return t.queries.latest(await scope(t, request), {
        channels: listOf(request.query.channels) ?? [],
        ...(assets ? { assets } : {}),
      });
    },
  );

  app.get(
    `${P}/fleet`,
    {
      config: { permission: 'telemetry:read' },
      schema: {
        querystring: Strict({
          channel: Str,
          ...Range,
          bucket: Type.Optional(Bucket),
          groupBy: Type.Optional(
            Type.Union(['asset', 'model', 'customer', 'none'].map((v) => Type.Literal(v))),
          ),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        response: { 200: FleetResponse },
      },
    },
    async (request) => {
      const q = request.query;
      const bucket = parseBucket('bucket', q.bucket);
      const s = await scope(t, request);
      const ctx = await timeContext(t.db, s.tenantId, q.tz);
      const range = rangeOf(q, ctx);
      return t.queries.fleet(s, {
        channel: q.channel,
        ...range,
        groupBy: (q.groupBy ?? 'none') as 'asset' | 'model' | 'customer' | 'none',
        limit: q.limit ?? 1000,
        offset: q.offset ?? 0,
        // Without a bucket, the fleet answer is one bucket over the whole range.
        ...(bucket !== undefined ? bucketArgs(bucket, range.from, range.to, ctx.timeZone) : {}),
      });
    },
  );

  app.get(
    `${P}/export.csv`,
    {
      config: { permission: 'telemetry:read' },
      schema: {
        querystring: Strict({ assets: List, channels: List, ...Range, ...CsvExportQuery }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const s = await scope(t, request);
      const query = {
        assets: listOf(q.assets) ?? [],
        channels: listOf(q.channels) ?? [],
        ...rangeOf(q, await timeContext(t.db, s.tenantId, q.tz)),
      };
      for (const a of query.assets) await t.assetFor(s, a); // 404 before streaming starts
      void reply.header('content-type', 'text/csv; charset=utf-8');
      void reply.header('content-disposition', 'attachment; filename="telemetry.csv"');
      const { Readable } = await import('node:stream');
      return reply.send(Readable.from(withCsvBom(t.queries.csv(s, query), q.bom)));
    },
  );

  // Operators and the benchmark: how much of the caller's data is acknowledged but not yet
  // compacted. Never another tenant's figures.
  app.get(`${P}/status`, { config: { permission: 'telemetry:read' } }, async (request) =>
    t.status(await scope(t, request)),
  );

  // Sparkplug edge nodes whose messages were refused (issue 25): they never read our error topic.
  app.get(
    `${P}/sparkplug/refusals`,
    { config: { permission: 'telemetry:read' } },
    async (request) => {
      const s = await scope(t, request);
      if (s.customerIds !== null) {
        throw new RongheError('RONGHE_FORBIDDEN', {
          en: "Edge nodes belong to the tenant, not to a customer: ask the tenant's engineers.",
          'zh-CN': '边缘节点属于租户而非客户，请联系租户的工程师。',
        });
      }
      return t.sourceRefusals.list(s.tenantId);
    },
  );

  app.get(
    `${P}/stream`,
    {
      config: { permission: 'telemetry:read' },
      schema: {
        querystring: Strict({ assets: Type.Optional(List), channels: Type.Optional(List) }),
      },
    },
    async (request, reply) => {
      const assets = listOf(request.query.assets);
      const channels = listOf(request.query.channels);
      const s = await scope(t, request);
      // Limits, slow readers and revocation: server/streams.ts.
      const slot = fastify.streams.reserve(request);
      // Points published before the stream starts (an await away) are not sent.
      const to: { stream?: SseStream } = {};
      const off = await t
        .subscribe(
          s,
          // everyNode: in cluster mode, also the points other nodes' partitions stored.
          { ...(assets ? { assets } : {}), ...(channels ? { channels } : {}), everyNode: true },
          (points) => to.stream?.write(`event: points\ndata: ${JSON.stringify(points)}\n\n`),
        )
        .catch((e: unknown) => {
          slot.release();
          throw e;
        });
      const stream = (to.stream = slot.start(reply, { heartbeatMs: 15_000 }));
      stream.onClose(off);
      stream.write(': connected\n\n');
    },
  );
}
