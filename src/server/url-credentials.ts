// Credentials never travel in a URL (GB/T 22239-2019 8.1.4.8 a; OWASP ASVS 4.0 V3.1.1 and V13.1.3,
// "sensitive data … are not exposed in the URL"): a URL is written to proxy and server logs,
// browser history and Referer headers. InfluxDB 1.x also took `u`/`p` query parameters; its
// clients and Telegraf send HTTP Basic instead, which is what /write and /query accept.
import type { FastifyRequest } from 'fastify';
import { RongheError, reason } from '../kernel/index.ts';

/** Query parameter names that carry a secret, compared lower-case. */
const SECRET_PARAMS = new Set([
  'p',
  'password',
  'passwd',
  'pwd',
  'token',
  'access_token',
  'auth',
  'authorization',
  'api_key',
  'apikey',
  'api-key',
  'x-api-key',
  'secret',
  'session',
  'ronghe_session',
]);

/** InfluxDB's endpoints, where `u` (the 1.x user name) comes in a pair with `p`. */
const influxPaths = /^\/(write|query|api\/v2\/(write|query))$/;

/** The names of the credential-bearing parameters in a URL's query string. */
export function urlCredentialParams(url: string): string[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const path = url.slice(0, q);
  const names = new Set<string>();
  for (const name of new URLSearchParams(url.slice(q + 1)).keys()) {
    const n = name.toLowerCase();
    if (SECRET_PARAMS.has(n) || (n === 'u' && influxPaths.test(path))) names.add(name);
  }
  return [...names];
}

/** The URL with the value of every credential-bearing parameter replaced, for logs. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const secret = new Set(urlCredentialParams(url));
  if (secret.size === 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const name of secret) params.set(name, 'REDACTED');
  return `${url.slice(0, q)}?${params.toString()}`;
}

/** Refuses a request whose URL carries a credential, naming the header to use instead. */
export function refuseUrlCredentials(request: FastifyRequest): void {
  const found = urlCredentialParams(request.url);
  if (found.length === 0) return;
  throw RongheError.of(
    'RONGHE_BAD_REQUEST',
    {
      reason: reason(
        {
          en: 'Credentials are not accepted in the URL ({params}): send the API key or token in the Authorization header ("Authorization: Bearer <key>", "Token <key>", or HTTP Basic with the key as the password, as InfluxDB clients and Telegraf do) or in X-API-Key.',
          'zh-CN':
            'URL 中不接受凭据（{params}）：请在 Authorization 请求头中发送 API 密钥或令牌（“Authorization: Bearer <key>”“Token <key>”，或像 InfluxDB 客户端和 Telegraf 那样以 HTTP Basic 把密钥作为密码），或使用 X-API-Key 请求头。',
        },
        { params: found.join(', ') },
      ),
    },
    { params: found, header: 'Authorization' },
  );
}
