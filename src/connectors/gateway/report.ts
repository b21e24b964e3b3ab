// What a gateway tells the platform about its connectors every few seconds (issue 23 §5): per
// connector its state and last error, per mapping the last value, last error, counts and rate.
// Sent beside the points (POST /api/v1/connectors/gateway-status or MQTT ronghe/gateway/status),
// never queued on disk: only the latest report matters. Mappings use one-letter keys to keep a
// report of thousands of mappings well inside the 1 MiB MQTT packet and HTTP body limits.
import { Type, type Static } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import { invalid, schemaReason, type Language } from '../../kernel/index.ts';
import type { ConnectorStatus, MappingStatus } from '../status.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const ReportMapping = Type.Object(
  {
    k: Type.String({ maxLength: 500, description: 'mapping key <index>:<asset>/<channel>' }),
    v: Nullable(Type.Number({ description: 'last value' })),
    t: Nullable(Type.Number({ description: 'time of the last value, epoch ms' })),
    e: Nullable(Type.String({ maxLength: 1000, description: 'last error' })),
    ez: Type.Optional(
      Nullable(Type.String({ maxLength: 1000, description: 'last error in Chinese (zh-CN)' })),
    ),
    et: Nullable(Type.Number({ description: 'time of the last error, epoch ms' })),
    g: Type.Integer({ minimum: 0, description: 'good values' }),
    b: Type.Integer({ minimum: 0, description: 'values refused for bad quality' }),
    r: Type.Number({ minimum: 0, description: 'good values per second' }),
  },
  { additionalProperties: false },
);

const ReportConnector = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    state: Type.Union([
      Type.Literal('connecting'),
      Type.Literal('online'),
      Type.Literal('offline'),
    ]),
    lastError: Nullable(Type.String({ maxLength: 1000 })),
    lastErrorZh: Type.Optional(
      Nullable(Type.String({ maxLength: 1000, description: 'lastError in Chinese (zh-CN)' })),
    ),
    lastErrorAt: Nullable(Type.Number()),
    since: Type.Number(),
    mappings: Type.Array(ReportMapping, { maxItems: 20_000 }),
  },
  { additionalProperties: false },
);

export const GatewayReportSchema = Type.Object(
  {
    intervalMs: Type.Integer({
      minimum: 100,
      maximum: 3_600_000,
      description: 'how often the gateway reports: a report older than three of these is stale',
    }),
    connectors: Type.Array(ReportConnector, { maxItems: 1000 }),
  },
  { additionalProperties: false },
);
export type GatewayReport = Static<typeof GatewayReportSchema>;
export type ReportedConnector = Static<typeof ReportConnector>;

const trim = (s: string | null) => (s === null ? null : s.slice(0, 1000));

/** A running connector's status in the report's compact form, under its configured name, its
 * errors in English and Chinese (`zh`: the same status taken in zh-CN). */
export function reportedConnector(
  name: string,
  s: ConnectorStatus,
  zh: ConnectorStatus,
): ReportedConnector {
  const zhError = new Map(zh.mappings.map((m) => [m.key, m.lastError]));
  return {
    name,
    state: s.state,
    lastError: trim(s.lastError),
    lastErrorZh: trim(zh.lastError),
    lastErrorAt: s.lastErrorAt,
    since: s.since,
    mappings: s.mappings.map((m) => ({
      k: m.key,
      v: m.lastValue,
      t: m.lastTs,
      e: trim(m.lastError),
      ez: trim(zhError.get(m.key) ?? null),
      et: m.lastErrorAt,
      g: m.good,
      b: m.bad,
      r: m.rate,
    })),
  };
}

/** A reported connector back in the status API's shape, its errors in `lang` where the gateway
 * sent them so (an older gateway's are English only). */
export function statusOfReported(
  id: string,
  c: ReportedConnector,
  lang: Language = 'en',
): ConnectorStatus {
  const zh = lang === 'zh-CN';
  return {
    id,
    state: c.state,
    lastError: (zh ? c.lastErrorZh : undefined) ?? c.lastError,
    lastErrorAt: c.lastErrorAt,
    since: c.since,
    mappings: c.mappings.map((m): MappingStatus => ({
      key: m.k,
      lastValue: m.v,
      lastTs: m.t,
      lastError: (zh ? m.ez : undefined) ?? m.e,
      lastErrorAt: m.et,
      good: m.g,
      bad: m.b,
      rate: m.r,
    })),
  };
}

/** A report is stale when three of its intervals (at least 15 s) pass without a newer one. */
export const isStale = (receivedAt: number, intervalMs: number, now = Date.now()): boolean =>
  now - receivedAt > Math.max(3 * intervalMs, 15_000);

const validate = new Ajv({ allErrors: false, strict: false }).compile(GatewayReportSchema);

/** A report as it came over MQTT, checked with the HTTP route's own schema; errors name the field. */
export function parseGatewayReport(raw: unknown): GatewayReport {
  if (validate(raw)) return raw as GatewayReport;
  const e = validate.errors?.[0];
  const field = (e?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || 'report';
  throw invalid(field, e ? schemaReason(e) : { en: 'is invalid', 'zh-CN': '无效' });
}
