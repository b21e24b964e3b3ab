// InfluxDB compatibility, so the tools users already run work unchanged (issue 25): the 1.x
// write (`/write`, in telemetry.ts, sharing the helpers here) and query (`/query`, InfluxQL —
// influx-query.ts) endpoints, the 2.x write (`/api/v2/write` with org, bucket and precision),
// `/ping`, `/api/v2/ping` and `/health`. Credentials: `Authorization: Token|Bearer <key>`,
// HTTP Basic with the key (or a device token) as the password (auth.ts); the 1.x `u`/`p` query
// parameters are refused with a 400 naming the header (url-credentials.ts). Bodies may be gzip-compressed (`Content-Encoding: gzip`, Telegraf's default).
// Database, retention policy, org and bucket are accepted and ignored: a tenant has one store.
import { promisify } from 'node:util';
import { gunzip as gunzipCb } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { RongheError, invalid } from '../../kernel/index.ts';
import {
  namedErrors,
  type IngestResult,
  type LineMapping,
  type Precision,
  type TelemetryService,
} from '../../telemetry/index.ts';
import { scopeOf } from '../auth.ts';
import { InfluxQuery, timeFormat } from './influx-query.ts';

const gunzip = promisify(gunzipCb);

/** The version InfluxDB 1.x clients read from /ping (node-influx, Telegraf, Grafana). */
export const INFLUX_VERSION = '1.8.10';

const precisions: Record<string, Precision> = {
  ns: 'ns',
  n: 'ns',
  us: 'us',
  u: 'us',
  ms: 'ms',
  s: 's',
};

export function precisionOf(v: string | undefined): Precision {
  const p = precisions[v ?? 'ns'];
  if (!p)
    throw invalid('precision', {
      en: 'must be ns, us, ms or s',
      'zh-CN': '必须是 ns、us、ms 或 s',
    });
  return p;
}

/**
 * The body's bytes, gunzipped when `Content-Encoding: gzip`, at most `limit` bytes once
 * inflated (a small compressed body must not inflate past the body limit).
 */
export async function lineBody(request: FastifyRequest, limit: number): Promise<Uint8Array> {
  const body = request.body;
  if (!(body instanceof Uint8Array) || body.length === 0) {
    throw new RongheError('RONGHE_BAD_REQUEST', {
      en: 'The body is empty; send line protocol.',
      'zh-CN': '请求体为空，请发送行协议数据。',
    });
  }
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding === undefined || encoding === '' || encoding === 'identity') return body;
  if (encoding !== 'gzip') {
    throw new RongheError('RONGHE_UNSUPPORTED_MEDIA_TYPE', {
      en: `Content-Encoding '${encoding}' is not accepted; send gzip or an uncompressed body.`,
      'zh-CN': `不接受 Content-Encoding“${encoding}”，请发送 gzip 或未压缩的请求体。`,
    });
  }
  try {
    return await gunzip(body, { maxOutputLength: limit });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new RongheError('RONGHE_PAYLOAD_TOO_LARGE', {
        en: `The gzip body inflates past ${limit} bytes; send smaller batches.`,
        'zh-CN': `gzip 请求体解压后超过 ${limit} 字节，请分小批发送。`,
      });
    }
    throw new RongheError('RONGHE_BAD_REQUEST', {
      en: 'The body is not valid gzip (Content-Encoding: gzip).',
      'zh-CN': '请求体不是有效的 gzip（Content-Encoding: gzip）。',
    });
  }
}

/** Mapping options a write may carry as parameters (each API key's defaults otherwise). */
export const MappingQuery = {
  asset_tag: Type.Optional(Type.String({ maxLength: 200 })),
  channels: Type.Optional(Type.Union([Type.Literal('field'), Type.Literal('measurement_field')])),
  strings: Type.Optional(Type.Union([Type.Literal('drop'), Type.Literal('reject')])),
  partial: Type.Optional(Type.Boolean()),
};

/**
 * The mapping of a write: the API key's own (set when it was created), then the request's
 * parameters over it.
 */
export function mappingFor(request: FastifyRequest, q: Parameters<typeof mappingOf>[0]) {
  const p = request.principal;
  const own = p?.kind === 'apikey' ? p.lineMapping : undefined;
  return { ...own, ...mappingOf(q) } as Partial<LineMapping>;
}

export function mappingOf(q: {
  asset_tag?: string;
  channels?: LineMapping['channels'];
  strings?: LineMapping['strings'];
  partial?: boolean;
}): Partial<LineMapping> {
  const tags = q.asset_tag
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    ...(tags?.length ? { assetTags: tags } : {}),
    ...(q.channels ? { channels: q.channels } : {}),
    ...(q.strings ? { strings: q.strings } : {}),
    ...(q.partial !== undefined ? { partial: q.partial } : {}),
  };
}

/**
 * 204 as InfluxDB answers a stored write. String fields skipped are said in the
 * `X-Ronghe-Dropped` header; lines left out of a partial write make it InfluxDB's
 * "partial write" 400, naming them and counting what was stored.
 */
export function answerWrite(reply: FastifyReply, r: IngestResult): FastifyReply {
  const d = r.dropped;
  if (d?.strings) {
    const first = d.stringKey !== undefined ? ` (first: '${d.stringKey}')` : '';
    void reply.header(
      'x-ronghe-dropped',
      `${d.strings} string field(s) not stored${first}; channels are numeric`,
    );
  }
  if (d && d.lines > 0) {
    const named = namedErrors(d.errors);
    throw new RongheError(
      'RONGHE_PARTIAL_WRITE',
      {
        en: `partial write: ${named.en} dropped=${d.lines}; ${r.points} points of ${r.rows} lines were stored.`,
        'zh-CN': `部分写入：${named['zh-CN']} 丢弃 ${d.lines} 行；已存储 ${r.rows} 行中的 ${r.points} 个数据点。`,
      },
      d.errors.map((e) => ({ field: e.at, reason: e.reason.en })),
    );
  }
  return reply.status(204).send();
}

async function scope(t: TelemetryService, request: FastifyRequest) {
  const s = await scopeOf(t.db, request);
  const p = request.principal;
  const device =
    p?.kind === 'device'
      ? { deviceAssetId: String(p.deviceAssetId), deviceId: String(p.deviceId) }
      : {};
  return {
    identity: s,
    telemetry: {
      tenantId: s.tenantId,
      customerIds: s.customerIds,
      transport: 'http' as const,
      ...device,
    },
  };
}

export async function influxRoutes(
  fastify: FastifyInstance,
  opts: { telemetry: TelemetryService },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const t = opts.telemetry;
  const limit = fastify.initialConfig.bodyLimit ?? 16 * 1024 * 1024;
  // Grafana and node-influx POST /query as an HTML form.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  const ping = {
    config: { permission: 'public' as const },
    schema: { hide: true },
  };
  for (const url of ['/ping', '/api/v2/ping']) {
    app.route({
      ...ping,
      method: ['GET', 'HEAD'],
      url,
      handler: async (_request, reply) =>
        reply
          .header('x-influxdb-version', INFLUX_VERSION)
          .header('x-influxdb-build', 'OSS')
          .status(204)
          .send(),
    });
  }
  app.get('/health', ping, async (_request, reply) =>
    reply.header('x-influxdb-version', INFLUX_VERSION).send({
      name: 'influxdb',
      message: 'ready for queries and writes',
      status: 'pass',
      checks: [],
      version: INFLUX_VERSION,
      commit: 'ronghe',
    }),
  );

  app.post(
    '/api/v2/write',
    {
      config: { permission: 'telemetry:write' },
      schema: {
        querystring: Type.Object({
          org: Type.Optional(Type.String({ maxLength: 200 })),
          orgID: Type.Optional(Type.String({ maxLength: 200 })),
          bucket: Type.Optional(Type.String({ maxLength: 200 })),
          precision: Type.Optional(Type.String({ maxLength: 4 })),
          ...MappingQuery,
        }),
      },
    },
    async (request, reply) => {
      const precision = precisionOf(request.query.precision);
      const body = await lineBody(request, limit);
      const s = await scope(t, request);
      const r = await t.ingestLineProtocol(
        s.telemetry,
        body,
        precision,
        mappingFor(request, request.query),
      );
      return answerWrite(reply, r);
    },
  );

  const QueryParams = Type.Object({
    q: Type.Optional(Type.String({ maxLength: 100_000 })),
    db: Type.Optional(Type.String({ maxLength: 200 })),
    rp: Type.Optional(Type.String({ maxLength: 200 })),
    epoch: Type.Optional(Type.String({ maxLength: 4 })),
    u: Type.Optional(Type.String({ maxLength: 200 })),
    p: Type.Optional(Type.String({ maxLength: 500 })),
    pretty: Type.Optional(Type.String({ maxLength: 10 })),
    chunked: Type.Optional(Type.String({ maxLength: 10 })),
  });
  const query = async (
    request: FastifyRequest<{ Querystring: Record<string, string | undefined> }>,
  ) => {
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    const param = (k: string) => form[k] ?? request.query[k];
    const q = param('q');
    if (q === undefined || q.trim() === '')
      throw invalid('q', {
        en: 'is required (an InfluxQL query)',
        'zh-CN': '必填（一条 InfluxQL 查询）',
      });
    const s = await scope(t, request);
    const fmt = timeFormat(param('epoch'));
    return new InfluxQuery(t, s.telemetry, s.identity, fmt, param('db')).run(q);
  };
  const queryRoute = {
    config: { permission: 'telemetry:read' as const },
    schema: { querystring: QueryParams, hide: true },
  };
  app.get('/query', queryRoute, query);
  app.post('/query', queryRoute, query);

  // Only a signpost for Flux clients: it never answers 2xx, so like /query it is left out of
  // /openapi.json (an operation with no success to document).
  app.post(
    '/api/v2/query',
    { config: { permission: 'telemetry:read' }, schema: { hide: true } },
    async () => {
      throw new RongheError('RONGHE_BAD_REQUEST', {
        en: 'Flux is not supported; query with InfluxQL over /query (Grafana: query language InfluxQL).',
        'zh-CN': '不支持 Flux，请通过 /query 使用 InfluxQL 查询（Grafana：查询语言选 InfluxQL）。',
      });
    },
  );
}
