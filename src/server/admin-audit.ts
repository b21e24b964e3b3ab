// Every administrator action is itself audited (GB/T 22239-2019 8.1.4.3 a "审计覆盖到每个用户",
// 8.1.5.2–8.1.5.3: the audit administrator's reads, too). Before each response is sent (so no
// administrator sees an answer whose record is not yet written), a request by an
// administrator role that changed something, read the audit log, or was refused is recorded
// with its route, status, outcome and client address, in the tenant it acted in. The services
// record what changed; this records that the administrator asked, and what came of it.
// Telemetry writes (routes needing telemetry:write) are the data plane, not administration: a
// collector holding an administrator's key would add one chained record per batch (and its
// transaction, a sixth of the ingest CPU) without recording any administrative act. Their
// refusals are still recorded.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findTenantBySlug, getTenant, isAdminRole, recordAudit } from '../identity/index.ts';
import type { TenantId } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const auditRoute = /\/audit(\/|$)/;

/** `.refused` for 401/403, `.failed` for other errors: the audit view's outcome filter. */
const outcomeSuffix = (status: number): string =>
  status === 401 || status === 403 ? '.refused' : status >= 400 ? '.failed' : '';

/** The tenant acted in: the principal's, or the one a platform account named in the header. */
async function tenantOf(db: Db, req: FastifyRequest): Promise<TenantId | null> {
  const p = req.principal!;
  if (p.tenantId) return p.tenantId;
  const h = req.headers['x-ronghe-tenant'];
  if (typeof h !== 'string' || !h) return null;
  const t = (await findTenantBySlug(db, h)) ?? (await getTenant(db, h as TenantId));
  return t?.id ?? null;
}

export function registerAdminAudit(app: FastifyInstance, db: Db): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const p = req.principal;
    if (!p || p.kind === 'device' || !isAdminRole(p.role)) return payload;
    const route = req.routeOptions.url ?? req.url;
    const status = reply.statusCode;
    const reads = auditRoute.test(route);
    const refused = status === 401 || status === 403;
    if (SAFE.has(req.method) && !reads && !refused) return payload;
    if (req.routeOptions.config?.permission === 'telemetry:write' && !refused) return payload;
    // The filters of an audit read, as the query string was sent.
    const query = reads ? (req.url.split('?')[1] ?? '') : undefined;
    try {
      await recordAudit(db.kysely, {
        tenantId: await tenantOf(db, req),
        actor: p.label,
        action: `${reads ? 'audit.read' : 'admin.request'}${outcomeSuffix(status)}`,
        entityType: 'route',
        entityId: `${req.method} ${route}`,
        details: {
          status,
          address: req.ip,
          role: p.role,
          ...(query !== undefined ? { query } : {}),
        },
      });
    } catch (e) {
      req.log.error({ err: e }, 'administrator action not audited');
    }
    return payload;
  });
}
