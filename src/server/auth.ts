// Authentication and permission checks for every route, in one place. Each route declares
// `config.permission`; a route without one fails at start-up, so none is open by accident.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RongheError, notFound, reason, type TenantId } from '../kernel/index.ts';
import {
  principalCan,
  findTenantBySlug,
  getTenant,
  type Authenticator,
  type Permission,
  type Principal,
  type Scope,
} from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import { refuseUrlCredentials } from './url-credentials.ts';

export const SESSION_COOKIE = 'ronghe_session';
export type RoutePermission = Permission | 'public' | 'authenticated';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    permission?: RoutePermission;
    /** Open to a session whose password is temporary (see me, change the password). */
    temporaryPassword?: boolean;
  }
}

/** Routes registered by third-party plugins that serve public documents. */
const publicPrefixes = ['/docs'];

/** The request's credential: an explicit token (a header), else the session cookie. */
export function tokenOf(request: FastifyRequest): string | undefined {
  return credentialOf(request).token;
}

/** The credential of a request and whether it came from the session cookie. */
function credentialOf(request: FastifyRequest): { token?: string; fromCookie: boolean } {
  const explicit = explicitToken(request);
  if (explicit) return { token: explicit, fromCookie: false };
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie ? { token: cookie, fromCookie: true } : { fromCookie: false };
}

/** InfluxDB's endpoints, where its clients' credential forms (Basic, u/p) are accepted. */
const influxPaths = /^\/(write|query|api\/v2\/(write|query))(\?|$)/;

function explicitToken(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  const influx = influxPaths.test(request.url);
  if (auth) {
    const m = /^(Bearer|Token)\s+(\S+)$/i.exec(auth);
    if (m) return m[2];
    // InfluxDB 1.x clients and Telegraf send username and password as HTTP Basic (RFC 7617):
    // the password is the API key or device token; the user name is free (a key alone in the
    // user name, as some clients send a token, is taken too).
    const b = influx ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(auth) : null;
    if (b) {
      const pair = Buffer.from(b[1]!, 'base64').toString('utf8');
      const colon = pair.indexOf(':');
      const password = colon < 0 ? '' : pair.slice(colon + 1);
      const user = colon < 0 ? pair : pair.slice(0, colon);
      return password || user || undefined;
    }
  }
  const key = request.headers['x-api-key'];
  if (typeof key === 'string' && key) return key;
  // InfluxDB 1.x's u/p query parameters are refused before this (url-credentials.ts).
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Origin's host and port equal the Host header's (default ports dropped on both). */
function sameHost(origin: string, host: string | undefined): boolean {
  try {
    const o = new URL(origin);
    return host !== undefined && o.host === new URL(`${o.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

/**
 * CSRF defence for the session cookie (OWASP CSRF Prevention Cheat Sheet, "Verifying Origin
 * With Standard Headers"; Fetch Metadata, W3C). SameSite=Lax keeps the cookie off cross-site
 * POSTs, but "site" is the registrable domain: a page on another port or subdomain of the same
 * host (another web app on :3000, say) is same-site and its form or fetch carries the cookie —
 * a text/plain POST /write needs no CORS preflight. A state-changing request that authenticates
 * with the cookie must come from this origin: Sec-Fetch-Site same-origin or none (typed by the
 * user), else an Origin equal to the Host it was sent to. Requests with neither header (curl,
 * scripts) pass; bearer credentials are never sent by a browser on its own and are not
 * checked.
 */
function assertSameOrigin(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  let cross = false;
  if (typeof site === 'string' && site) cross = site !== 'same-origin' && site !== 'none';
  else if (typeof origin === 'string' && origin) {
    cross = origin === 'null' || !sameHost(origin, request.headers.host);
  }
  if (cross) {
    throw RongheError.of('RONGHE_CROSS_ORIGIN', {
      reason: reason(
        {
          en: "A {method} with the session cookie must come from this site's own pages (Origin {origin}); scripts elsewhere use an API key.",
          'zh-CN':
            '携带会话 Cookie 的 {method} 请求必须来自本站页面（Origin {origin}）；其他脚本请使用 API 密钥。',
        },
        { method: request.method, origin: String(origin ?? site) },
      ),
    });
  }
}

export function registerAuth(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    if (route.config?.permission) return;
    if (publicPrefixes.some((p) => route.url.startsWith(p))) {
      route.config = { ...route.config, permission: 'public' };
      return;
    }
    throw new Error(`Route ${String(route.method)} ${route.url} declares no config.permission`);
  });
  app.addHook('onRequest', async (request) => {
    refuseUrlCredentials(request);
    const permission = request.routeOptions.config.permission;
    if (permission === undefined) return; // 404 handler
    const { token, fromCookie } = credentialOf(request);
    if (fromCookie && !SAFE_METHODS.has(request.method)) assertSameOrigin(request);
    request.principal = token ? ((await authenticator.authenticate(token)) ?? null) : null;
    if (permission === 'public') return;
    if (!request.principal) {
      throw RongheError.of('RONGHE_UNAUTHENTICATED', {
        reason: token
          ? {
              en: 'The session, API key or token is unknown, expired or revoked.',
              'zh-CN': '会话、API 密钥或令牌不存在、已过期或已被吊销。',
            }
          : {
              en: 'Log in, or send an API key as "Authorization: Bearer <key>".',
              'zh-CN': '请先登录，或以“Authorization: Bearer <key>”发送 API 密钥。',
            },
      });
    }
    if (
      request.principal.kind === 'user' &&
      request.principal.mustChangePassword &&
      !request.routeOptions.config.temporaryPassword
    ) {
      throw RongheError.of('RONGHE_PASSWORD_CHANGE_REQUIRED', {
        reason: {
          en: 'Your password was set by an administrator: choose your own with POST /api/v1/auth/password before anything else.',
          'zh-CN': '您的密码由管理员设置，请先设置自己的密码。',
        },
      });
    }
    if (request.principal.kind === 'device' && permission === 'authenticated') {
      throw RongheError.of('RONGHE_FORBIDDEN', {
        reason: {
          en: 'A device token may only write telemetry.',
          'zh-CN': '设备令牌只能写入遥测数据。',
        },
      });
    }
    if (permission !== 'authenticated' && !principalCan(request.principal, permission)) {
      throw RongheError.of('RONGHE_FORBIDDEN', {
        reason: reason(
          {
            en: 'Your role {role} lacks the permission {permission}.',
            'zh-CN': '您的角色 {role} 没有权限 {permission}。',
          },
          { role: request.principal.role, permission },
        ),
      });
    }
  });
}

/**
 * The tenant and customer scope of a request. A platform admin picks a tenant with the
 * `X-Ronghe-Tenant` header (slug or id); everyone else works in their own tenant.
 */
export async function scopeOf(db: Db, request: FastifyRequest): Promise<Scope> {
  const p = request.principal;
  if (!p)
    throw RongheError.of('RONGHE_UNAUTHENTICATED', {
      reason: { en: 'Not authenticated.', 'zh-CN': '未登录。' },
    });
  if (p.tenantId) return { tenantId: p.tenantId, customerIds: p.customerIds, actor: p.label };
  const header = request.headers['x-ronghe-tenant'];
  if (typeof header !== 'string' || !header) {
    throw new RongheError('RONGHE_BAD_REQUEST', {
      en: 'A platform admin must name the tenant to act in with the X-Ronghe-Tenant header (slug or id).',
      'zh-CN': '平台管理员须用 X-Ronghe-Tenant 请求头（标识或 id）指明要操作的租户。',
    });
  }
  const tenant = (await findTenantBySlug(db, header)) ?? (await getTenant(db, header as TenantId));
  if (!tenant) throw notFound('Tenant', header);
  return { tenantId: tenant.id, customerIds: null, actor: p.label };
}
