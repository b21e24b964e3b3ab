// A real SMTP server (nodemailer's `smtp-server` package) on a free loopback port, with TLS from
// a self-signed certificate made for the test by the openssl CLI: implicit TLS (`secure`) or
// STARTTLS. It records each authentication (and whether the session was already encrypted) and
// each message, decoded enough to read the subject and the base64 text body.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface TestCertificate {
  key: string;
  cert: string;
  /** A file holding the certificate (for RONGHE_SMTP_CA_FILE). */
  certFile: string;
  dispose(): void;
}

/** A self-signed certificate for 127.0.0.1 and localhost, valid one day. */
export function selfSignedCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-smtp-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return {
    key: readFileSync(keyFile, 'utf8'),
    cert: readFileSync(certFile, 'utf8'),
    certFile,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  headers: string;
  subject: string;
  text: string;
  /** The authenticated user, and whether TLS was on when AUTH ran. */
  auth?: { user: string; overTls: boolean };
  /** TLS was on when the message was sent. */
  secure: boolean;
}

export interface TestSmtpServer {
  port: number;
  mails: ReceivedMail[];
  auths: Array<{ user: string; overTls: boolean }>;
  close(): Promise<void>;
}

/** RFC 2047 encoded words (B and Q) of a header value, decoded. */
function decodeWords(v: string): string {
  return v
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

function parse(raw: string) {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const subject = decodeWords(/^Subject: (.*)$/im.exec(headers)?.[1] ?? '');
  const text = /content-transfer-encoding: base64/i.test(headers)
    ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    : body;
  return { headers, subject, text };
}

export async function startSmtpServer(
  cert: TestCertificate,
  mode: 'implicit-tls' | 'starttls',
  login = { user: 'alarm-svc', pass: 's3cret' },
): Promise<TestSmtpServer> {
  const mails: ReceivedMail[] = [];
  const auths: TestSmtpServer['auths'] = [];
  const server = new SMTPServer({
    secure: mode === 'implicit-tls',
    key: cert.key,
    cert: cert.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    // AUTH before TLS is refused by default (allowInsecureAuth false); kept explicit.
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, session, callback) {
      const entry = { user: auth.username ?? '', overTls: session.secure };
      auths.push(entry);
      if (auth.username !== login.user || auth.password !== login.pass)
        return callback(new Error('Invalid username or password'));
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const user = typeof session.user === 'string' ? session.user : undefined;
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          ...parse(Buffer.concat(chunks).toString('utf8')),
          ...(user ? { auth: { user, overTls: auths.at(-1)?.overTls ?? false } } : {}),
          secure: session.secure,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    auths,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
