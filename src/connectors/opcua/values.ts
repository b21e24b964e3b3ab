// Pure helpers for OPC UA data: where a mapping's node lives, what a Variant is as a number,
// and how a failure reads to the person fixing it. OPC UA Part 3 §8.2: a NodeId's namespace
// index is only valid against the server's current NamespaceArray, so mappings keep the
// namespace URI and the index is looked up at every session (a restarted server may renumber).
import type { Localized } from '../../kernel/index.ts';

/** `ns=<index>;<identifier>` for a mapping's URI and identifier (`s=Temp`, `i=1001`). */
export function resolveNodeId(
  namespaces: readonly string[],
  namespaceUri: string,
  identifier: string,
): string {
  const index = namespaces.indexOf(namespaceUri);
  if (index < 0) throw new Error(`namespace '${namespaceUri}' is not on the server`);
  return index === 0 ? identifier : `ns=${index};${identifier}`;
}

/** An identifier as written in a mapping: `i=`, `s=`, `g=` or `b=` and its value (Part 6 §5.3.1.10). */
export const isNodeIdentifier = (s: string): boolean =>
  /^(i=\d+|s=.+|g=[0-9a-fA-F-]{36}|b=.+)$/.test(s);

/** The number in a Variant's value: numbers, booleans (0/1) and 64-bit integers, which
 * node-opcua gives as [high, low] 32-bit words. Anything else is not a measurement. */
export function variantNumber(value: unknown, dataTypeName: string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value) && value.length === 2 && /Int64$/.test(dataTypeName)) {
    const [hi, lo] = value as [number, number];
    return hi * 2 ** 32 + (lo >>> 0);
  }
  return undefined;
}

/** A failure worded for the person fixing it, in both languages: login, trust and
 * reachability are told apart. The stack's own message (English, from node-opcua) is kept in
 * parentheses as the detail to search for, as the status codes are (Part 4 §7.34). */
export function explainOpcUaError(e: unknown, pkiDir: string): Localized {
  const msg = e instanceof Error ? e.message : String(e);
  if (/BadUserAccessDenied|BadIdentityTokenRejected|BadIdentityTokenInvalid/.test(msg)) {
    return {
      en: 'login refused: wrong user name or password (BadUserAccessDenied)',
      'zh-CN': '登录被拒绝：用户名或密码错误（BadUserAccessDenied）',
    };
  }
  if (/server Certificate verification failed/i.test(msg)) {
    return {
      en:
        "the server's certificate is not trusted: check it and move it from " +
        `${pkiDir}/rejected to ${pkiDir}/trusted/certs (${msg})`,
      'zh-CN': `服务器证书不受信任：请核对后将其从 ${pkiDir}/rejected 移到 ${pkiDir}/trusted/certs（${msg}）`,
    };
  }
  if (/BadSecurityChecksFailed|BadCertificate/.test(msg)) {
    return {
      en:
        "the server refused this gateway's certificate: trust " +
        `${pkiDir}/own/certs/client_certificate.pem on the server (${msg})`,
      'zh-CN': `服务器拒绝了本网关的证书：请在服务器上信任 ${pkiDir}/own/certs/client_certificate.pem（${msg}）`,
    };
  }
  const timeout = /^timeout after (\d+) ms$/.exec(msg);
  if (timeout) {
    return {
      en: `server unreachable: no answer in ${timeout[1]} ms`,
      'zh-CN': `服务器不可达：${timeout[1]} 毫秒内无应答`,
    };
  }
  const unreachable = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|timeout/i.exec(msg);
  if (unreachable) {
    // The stack's wording around the system error is English; the error code alone says it.
    return {
      en: `server unreachable: ${msg}`,
      'zh-CN': `服务器不可达（${unreachable[0]}）`,
    };
  }
  return { en: msg, 'zh-CN': `OPC UA 会话失败（${msg}）` };
}
