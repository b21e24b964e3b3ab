// Every administrator action is itself audited (GB/T 22239-2019 8.1.4.3 a "审计覆盖到每个用户",
// 8.1.5.2–8.1.5.3: the audit administrator's reads, too). Before each response is sent (so no
// administrator sees an answer whose record is not yet written), a request by an
// administrator role that changed something, read the audit log, or was refused is recorded
// with its route, status, outcome, client address and User-Agent, in the tenant it acted in.
// The services record what changed; this records that the administrator asked, and what came
// of it. Telemetry writes (routes needing telemetry:write) are the data plane, not
// administration: a collector holding an administrator's key would add one chained record per
// batch (and its transaction, a sixth of the ingest CPU) without recording any administrative
// act. Their refusals are still recorded.
// For everyone else (issue 26): a refusal (401/403) by any principal, or by no one, is recorded
// through the refusal aggregator (identity/refusal-audit.ts: the first per principal — or
// address, when unauthenticated — route and status each minute at once, the rest counted), and
// every bulk hand-out is recorded as `data.export`: a response sent as an attachment (the CSV
// exports) and every audit read, with the query that chose the range.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  createRefusalAudit,
  findTenantBySlug,
  getTenant,
  isAdminRole,
  recordAudit,
  type RefusalAuditOptions,
} from '../identity/index.ts';
import type { TenantId } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { originOf } from './request-client.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const auditRoute = /\/audit(\/|$)/;
/** Login, second factor, logout and who-am-I audit their own failures (or need none). */
/** Export routes, recorded even when they fail before the attachment is sent. */
const exportRoute = /(\/export[./]|\.csv$)/;
const authRoute = /\/auth(\/|$)/;
/** Never copied into a record, should a caller put a credential in the query. */
const SECRET_PARAMS = new Set(['key', 'token', 'password', 'apikey', 'api_key', 'p', 'u']);
const QUERY_MAX = 1000;

/** `.refused` for 401/403, `.failed` for other errors: the audit view's outcome filter. */
const outcomeSuffix = (status: number): string =>
  status === 401 || status === 403 ? '.refused' : status >= 400 ? '.failed' : '';

/** The tenant acted in: the principal's, or the one a platform account named in the header. */
async function tenantOf(db: Db, req: FastifyRequest): Promise<TenantId | null> {
  const p = req.principal;
  if (!p) return null;
  if (p.tenantId) return p.tenantId;
  const h = req.headers['x-ronghe-tenant'];
  if (typeof h !== 'string' || !h) return null;
  const t = (await findTenantBySlug(db, h)) ?? (await getTenant(db, h as TenantId));
  return t?.id ?? null;
}

/** The query string as sent, less any credential, bounded: what range was read or exported. */
function queryOf(req: FastifyRequest): string {
  const q = new URLSearchParams(req.url.split('?')[1] ?? '');
  for (const k of [...q.keys()]) if (SECRET_PARAMS.has(k.toLowerCase())) q.delete(k);
  return q.toString().slice(0, QUERY_MAX);
}

const isExport = (req: FastifyRequest, reply: FastifyReply, route: string): boolean => {
  if (req.method !== 'GET' || req.routeOptions.url === undefined) return false;
  if (auditRoute.test(route) || exportRoute.test(route)) return true;
  const cd = reply.getHeader('content-disposition');
  return typeof cd === 'string' && cd.startsWith('attachment');
};

export function registerAdminAudit(
  app: FastifyInstance,
  db: Db,
  refusalOptions: RefusalAuditOptions = {},
): void {
  const refusals = createRefusalAudit(db.kysely, {
    onError: (e) => app.log.error({ err: e }, 'refusal not audited'),
    ...refusalOptions,
  });
  app.addHook('onClose', () => refusals.close());

  app.addHook('onSend', async (req, reply, payload) => {
    const p = req.principal;
    const route = req.routeOptions.url ?? req.url.split('?')[0]!;
    const status = reply.statusCode;
    const refused = status === 401 || status === 403;
    const admin = !!p && p.kind !== 'device' && isAdminRole(p.role);
    const reads = auditRoute.test(route);
    const exported = isExport(req, reply, route);
    const entityId = `${req.method} ${route}`;
    try {
      if (!admin && refused) {
        if (!p && authRoute.test(route)) return payload;
        const tenantId = await tenantOf(db, req);
        const origin = originOf(req);
        const actor = p?.label ?? 'anonymous';
        // Unauthenticated, the address is all that tells one caller from another.
        const who = p ? actor : `${actor}@${origin.address}`;
        await refusals.refused(`${tenantId ?? ''}|${who}|${entityId}|${status}`, {
          tenantId,
          actor,
          action: 'request.refused',
          entityType: 'route',
          entityId,
          details: { status, ...origin, ...(p ? { role: p.role } : {}) },
        });
        return payload;
      }
      if (!admin && !exported) return payload;
      if (admin && SAFE.has(req.method) && !reads && !refused && !exported) return payload;
      if (req.routeOptions.config?.permission === 'telemetry:write' && !refused) return payload;
      const kind = reads ? 'audit.read' : exported ? 'data.export' : 'admin.request';
      await recordAudit(db.kysely, {
        tenantId: await tenantOf(db, req),
        actor: p?.label ?? 'anonymous',
        action: `${kind}${outcomeSuffix(status)}`,
        entityType: 'route',
        entityId,
        details: {
          status,
          ...originOf(req),
          ...(p ? { role: p.role } : {}),
          // The filters of an audit read or the range of an export, as the query chose them.
          ...(reads || exported ? { query: queryOf(req) } : {}),
        },
      });
    } catch (e) {
      req.log.error({ err: e }, 'request not audited');
    }
    return payload;
  });
}
