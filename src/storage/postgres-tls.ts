// PostgreSQL over TLS (GB/T 22239-2019 8.1.2.2 and 8.1.4.8 a: data in transit between the
// platform and its database protected). The modes follow libpq's sslmode
// (postgresql.org/docs/15/libpq-ssl.html, table 34.1): `require` encrypts but trusts any
// certificate; `verify-ca` also checks it was signed by the given CA; `verify-full` also that it
// names the host connected to. A server that offers no TLS is refused in each mode: the client
// sends SSLRequest and stops when the answer is 'N' (protocol, §55.2.10).
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

export const PG_SSL_MODES = ['require', 'verify-ca', 'verify-full'] as const;
export type PgSslMode = (typeof PG_SSL_MODES)[number];

export interface PostgresTls {
  mode: PgSslMode;
  /** PEM file of the CA(s) that sign the server's certificate; the system's CAs when absent. */
  caFile?: string;
}

/** node-postgres's `ssl` option for a mode (passed on to tls.connect). */
export function pgSslOptions(tls: PostgresTls): ConnectionOptions {
  if (tls.mode === 'require') return { rejectUnauthorized: false };
  const ca = tls.caFile ? { ca: readFileSync(tls.caFile, 'utf8') } : {};
  return tls.mode === 'verify-ca'
    ? { ...ca, rejectUnauthorized: true, checkServerIdentity: () => undefined }
    : { ...ca, rejectUnauthorized: true };
}

/** Why a TLS connection to PostgreSQL failed, in words that name the setting to look at. */
export function tlsConnectError(tls: PostgresTls, cause: unknown): Error {
  const e = cause as { message?: string; code?: string };
  const msg = e?.message ?? String(cause);
  const mode = `RONGHE_DATABASE_SSL=${tls.mode}`;
  const text = `${msg} ${e?.code ?? ''}`;
  let why: string;
  if (/does not support SSL/i.test(msg))
    why = `the PostgreSQL server does not offer TLS (ssl = off in postgresql.conf); with ${mode} a plain connection is refused`;
  else if (/altnames|ERR_TLS_CERT_ALTNAME/i.test(text))
    why = `the server's certificate does not name the host in RONGHE_DATABASE_URL (${mode} checks it): ${msg}`;
  else if (
    /self[- ]signed|unable to (verify|get)|certificate (signature|chain)|UNABLE_TO|SELF_SIGNED|CERT_/i.test(
      text,
    )
  )
    why = `the server's certificate is not signed by a trusted CA (${tls.caFile ? `RONGHE_DATABASE_SSL_CA=${tls.caFile}` : "the system's CAs; set RONGHE_DATABASE_SSL_CA"}): ${msg}`;
  else why = msg;
  return new Error(`PostgreSQL over TLS (${mode}): ${why}`, { cause });
}
