// Connector definitions and their status (issue 23). The body is one of two protocol schemas;
// the branch is picked by `protocol` before validation so an error names the field that is
// wrong rather than "matches no schema". OPC UA node ids are checked against the server when
// the platform can reach it (a gateway-only endpoint behind a plant firewall may not be).
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { FastifyValidationResult } from 'fastify/types/schema.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import {
  browseChildren,
  createConnector,
  DefinitionSchema,
  deleteConnector,
  getConnector,
  listConnectors,
  ModbusDefinitionSchema,
  OpcUaDefinitionSchema,
  replaceConnector,
  unknownNodes,
  withOpcUaSession,
  checkDefinition,
  connectorPassword,
  GatewayReportSchema,
  recordGatewayReport,
  reportedStatus,
  type ConnectorDefinition,
  type ConnectorRuntime,
  type GatewayGrants,
  type SecretBox,
} from '../../connectors/index.ts';
import { invalid, RongheError, type Language } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import { scopeOf } from '../auth.ts';
import { languageOf } from '../language.ts';
import { IdParams, Strict } from '../schemas.ts';
import {
  ConnectorSchema,
  GatewayReportAnswer,
  StatusSchema,
  BrowsedSchema,
  VerificationSchema,
} from './connector-schemas.ts';

const ajv = new Ajv({
  removeAdditional: false,
  useDefaults: true,
  allErrors: false,
  strict: false,
});
const byProtocol: Record<string, ReturnType<typeof ajv.compile>> = {
  opcua: ajv.compile(OpcUaDefinitionSchema),
  modbus: ajv.compile(ModbusDefinitionSchema),
};

const unknownProtocol = {
  instancePath: '/protocol',
  schemaPath: '#/properties/protocol/enum',
  keyword: 'enum',
  params: { allowedValues: ['opcua', 'modbus'] },
  message: 'must be equal to one of the allowed values',
};

/** Validates a definition body against its protocol's schema; errors as Ajv gives them, so the
 * one error handler names the field. */
function definitionValidator() {
  const v = (data: unknown): boolean => {
    const protocol = (data as { protocol?: unknown } | null)?.protocol;
    const check = typeof protocol === 'string' ? byProtocol[protocol] : undefined;
    if (!check) {
      v.errors = [unknownProtocol];
      return false;
    }
    const ok = check(data);
    v.errors = ok ? null : ((check.errors ?? null) as unknown[] | null);
    return ok;
  };
  v.errors = null as unknown[] | null;
  return v;
}

const paramsAjv = new Ajv({ coerceTypes: 'array', useDefaults: true, strict: false });
const compilers = (route: { httpPart?: string; schema: unknown }): FastifyValidationResult =>
  (route.httpPart === 'body'
    ? definitionValidator()
    : paramsAjv.compile(route.schema as object)) as FastifyValidationResult;

export interface ConnectorRouteOptions {
  db: Db;
  box: SecretBox;
  pkiDir: string;
  runtime?: ConnectorRuntime;
  verifyTimeoutMs?: number;
  /** The gateway write grants the ingest path caches: forgotten when a definition changes. */
  grants?: GatewayGrants;
}

export async function connectorRoutes(base: FastifyInstance, opts: ConnectorRouteOptions) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db, box } = opts;
  const probeDir = join(opts.pkiDir, 'api');

  /** Refuses unknown node ids when the server answers; says whether it could check. */
  async function verify(def: ConnectorDefinition, lang: Language, storedPassword?: string) {
    if (def.protocol !== 'opcua' || def.mappings.length === 0)
      return { checked: false, reason: null };
    const password = def.password ?? storedPassword;
    const r = await withOpcUaSession(
      {
        endpointUrl: def.endpointUrl,
        securityMode: def.securityMode,
        user: def.username ? { username: def.username, password: password ?? '' } : undefined,
        pkiDir: probeDir,
      },
      opts.verifyTimeoutMs ?? 5000,
      (s) => unknownNodes(s, def.mappings),
    );
    // Not a refusal (the definition is stored): the reason is answered in the caller's language.
    if (!r.ok) return { checked: false, reason: r.reason[lang] };
    const first = r.value[0];
    if (first !== undefined) {
      const m = def.mappings[first]!;
      throw invalid(`mappings[${first}].nodeId`, {
        en: `the server has no node ${m.nodeId} in namespace ${m.namespaceUri}`,
        'zh-CN': `服务器在命名空间 ${m.namespaceUri} 中没有节点 ${m.nodeId}`,
      });
    }
    return { checked: true, reason: null };
  }

  const answer = async <T>(view: T) => {
    await opts.runtime?.sync();
    return view;
  };

  app.post(
    '/connectors',
    {
      config: { permission: 'device:write' },
      validatorCompiler: compilers,
      schema: {
        body: DefinitionSchema,
        response: {
          201: Type.Composite([
            Type.Object({ connector: ConnectorSchema }),
            Type.Object({ verification: VerificationSchema }),
          ]),
        },
      },
    },
    async (req, reply) => {
      const s = await scopeOf(db, req);
      const def = req.body;
      checkDefinition(def);
      const verification = await verify(def, languageOf(req.headers['accept-language']));
      const connector = await createConnector(db, box, s.tenantId, def);
      await opts.grants?.reload(s.tenantId);
      reply.code(201);
      return { connector: await answer(connector), verification };
    },
  );

  app.get(
    '/connectors',
    {
      config: { permission: 'device:read' },
      schema: { response: { 200: Type.Object({ items: Type.Array(ConnectorSchema) }) } },
    },
    async (req) => ({ items: await listConnectors(db, (await scopeOf(db, req)).tenantId) }),
  );

  app.get(
    '/connectors/:id',
    {
      config: { permission: 'device:read' },
      schema: { params: IdParams, response: { 200: ConnectorSchema } },
    },
    async (req) => getConnector(db, (await scopeOf(db, req)).tenantId, req.params.id),
  );

  app.put(
    '/connectors/:id',
    {
      config: { permission: 'device:write' },
      validatorCompiler: compilers,
      schema: {
        params: IdParams,
        body: DefinitionSchema,
        response: {
          200: Type.Composite([
            Type.Object({ connector: ConnectorSchema }),
            Type.Object({ verification: VerificationSchema }),
          ]),
        },
      },
    },
    async (req) => {
      const s = await scopeOf(db, req);
      const def = req.body;
      checkDefinition(def);
      await getConnector(db, s.tenantId, req.params.id);
      const verification = await verify(
        def,
        languageOf(req.headers['accept-language']),
        await storedPassword(s.tenantId, req.params.id),
      );
      const connector = await replaceConnector(db, box, s.tenantId, req.params.id, def);
      await opts.grants?.reload(s.tenantId);
      return { connector: await answer(connector), verification };
    },
  );

  app.delete(
    '/connectors/:id',
    {
      config: { permission: 'device:write' },
      schema: { tags: ['connectors'], params: IdParams },
    },
    async (req, reply) => {
      const { tenantId } = await scopeOf(db, req);
      await deleteConnector(db, tenantId, req.params.id);
      await opts.grants?.reload(tenantId);
      await opts.runtime?.sync();
      return reply.code(204).send();
    },
  );

  app.get(
    '/connectors/:id/status',
    {
      config: { permission: 'device:read' },
      schema: { params: IdParams, response: { 200: StatusSchema } },
    },
    async (req) => {
      const { tenantId } = await scopeOf(db, req);
      const c = await getConnector(db, tenantId, req.params.id);
      // Errors in the caller's language (the console sends its own); status codes and exception
      // numbers stay as the protocols name them.
      const lang = languageOf(req.headers['accept-language']);
      const st = opts.runtime?.status(c.id, lang);
      if (st) return { ...st, runOn: c.runOn, running: true, reportedAt: null, stale: false };
      const reported =
        c.runOn === 'gateway' ? await reportedStatus(db, tenantId, c.id, lang) : null;
      if (reported) {
        const { status, reportedAt, stale } = reported;
        return { ...status, runOn: c.runOn, running: false, reportedAt, stale };
      }
      const idle =
        c.runOn === 'gateway'
          ? {
              en: 'runs on a gateway that has not reported yet',
              'zh-CN': '在边缘网关上运行，网关尚未上报状态',
            }
          : c.enabled
            ? { en: 'not started', 'zh-CN': '尚未启动' }
            : { en: 'disabled', 'zh-CN': '已停用' };
      return {
        id: c.id,
        runOn: c.runOn,
        running: false,
        state: 'offline' as const,
        lastError: idle[lang],
        lastErrorAt: null,
        since: c.updatedAt,
        mappings: [],
        reportedAt: null,
        stale: false,
      };
    },
  );

  // A gateway's status report: only a device token (the gateway's) may send it, and only its
  // own connectors are kept (connectors/reports.ts).
  app.post(
    '/connectors/gateway-status',
    {
      config: { permission: 'telemetry:write' },
      schema: { body: GatewayReportSchema, response: { 200: GatewayReportAnswer } },
    },
    async (req) => {
      const p = req.principal;
      if (p?.kind !== 'device' || !p.tenantId) {
        throw RongheError.of('RONGHE_FORBIDDEN', {
          reason: {
            en: "Only a gateway's device token reports connector status.",
            'zh-CN': '只有网关的设备令牌可以上报连接器状态。',
          },
        });
      }
      return recordGatewayReport(db, p.tenantId, p.deviceId, req.body);
    },
  );

  const storedPassword = (tenantId: string, id: string) => connectorPassword(db, box, tenantId, id);

  app.get(
    '/connectors/:id/browse',
    {
      config: { permission: 'device:read' },
      schema: {
        params: IdParams,
        querystring: Strict({
          namespaceUri: Type.Optional(Type.String({ maxLength: 500 })),
          nodeId: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(BrowsedSchema) }) },
      },
    },
    async (req) => {
      const s = await scopeOf(db, req);
      const c = await getConnector(db, s.tenantId, req.params.id);
      if (c.protocol !== 'opcua')
        throw invalid('id', {
          en: 'only OPC UA connectors have an address space to browse',
          'zh-CN': '只有 OPC UA 连接器有可浏览的地址空间',
        });
      const { namespaceUri, nodeId } = req.query;
      if ((namespaceUri === undefined) !== (nodeId === undefined)) {
        throw invalid(nodeId === undefined ? 'nodeId' : 'namespaceUri', {
          en: 'give both namespaceUri and nodeId, or neither (the Objects folder)',
          'zh-CN': 'namespaceUri 与 nodeId 要么都给出，要么都不给（即 Objects 文件夹）',
        });
      }
      const password = await storedPassword(s.tenantId, c.id);
      const r = await withOpcUaSession(
        {
          endpointUrl: c.endpointUrl,
          securityMode: c.securityMode,
          user: c.username ? { username: c.username, password: password ?? '' } : undefined,
          pkiDir: probeDir,
        },
        opts.verifyTimeoutMs ?? 5000,
        (session) =>
          browseChildren(session, namespaceUri && nodeId ? { namespaceUri, nodeId } : undefined),
      );
      if (!r.ok) {
        throw RongheError.of('RONGHE_UNAVAILABLE', {
          reason: {
            en: `OPC UA server ${c.endpointUrl}: ${r.reason.en}`,
            'zh-CN': `OPC UA 服务器 ${c.endpointUrl}：${r.reason['zh-CN']}`,
          },
        });
      }
      return { items: r.value };
    },
  );
}
