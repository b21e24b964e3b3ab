// Browser-facing defaults, applied by one hook to every response rather than per route, so the
// console's pages (web/dist, served at /), Swagger UI at /docs and any later HTML get them.
// - Content-Security-Policy (W3C CSP Level 3) for a single-page app served from this origin:
//   scripts only from here and never inline, so injected markup cannot run script; styles may
//   be inline (Swagger UI and chart libraries set style attributes), images may be data: URIs
//   (Swagger UI's icons); no plugins, no <base> hijack, forms post only here.
// - frame-ancestors 'none' and X-Frame-Options: DENY (RFC 7034, for older browsers): no
//   clickjacking by framing the console.
// - X-Content-Type-Options: nosniff (Fetch §3.7) on every response: a JSON or CSV answer is
//   never run as script or rendered as HTML.
// - Referrer-Policy: no-referrer: console URLs (asset ids, queries) do not leak to other sites.
import type { FastifyInstance } from 'fastify';

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function registerSecurityHeaders(app: FastifyInstance, opts: { hsts?: boolean } = {}): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    // Served over TLS: browsers keep to HTTPS for a year (RFC 6797).
    if (opts.hsts) void reply.header('strict-transport-security', 'max-age=31536000');
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && /^text\/html\b/i.test(type)) {
      void reply.header('content-security-policy', contentSecurityPolicy);
      void reply.header('x-frame-options', 'DENY');
      void reply.header('referrer-policy', 'no-referrer');
    }
    return payload;
  });
}
