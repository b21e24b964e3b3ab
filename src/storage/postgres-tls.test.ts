// PostgreSQL over TLS (issue #26; GB/T 22239-2019 8.1.2.2, 8.1.4.8 a): a throwaway server made
// with initdb and pg_ctl on a free port, its certificate signed by a test CA that openssl makes
// here. verify-full with that CA connects over TLS; another CA is refused, saying so; a server
// with ssl = off is refused when TLS is required.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from './database.ts';

const BIN = '/usr/lib/postgresql/15/bin';
const available = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return existsSync(join(BIN, 'initdb'));
  } catch {
    return false;
  }
})();
if (!available)
  console.warn('postgres-tls.test.ts: initdb or openssl missing; PostgreSQL TLS not tested');

/** Runs a PostgreSQL binary as the postgres user when we are root (initdb refuses root). */
function pgRun(cmd: string, args: string[]): void {
  const full = join(BIN, cmd);
  if (process.getuid?.() === 0)
    execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'ignore' });
  else execFileSync(full, args, { stdio: 'ignore' });
}

const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });

/** A CA (key and self-signed certificate) named `name` under dir. */
function makeCa(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  openssl(
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
      .concat(['-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${name}`])
      .concat(['-addext', 'basicConstraints=critical,CA:TRUE'])
      .concat(['-addext', 'keyUsage=critical,keyCertSign,cRLSign']),
  );
  return { cert, key };
}

/** A server certificate for the name localhost (not the address 127.0.0.1) signed by `ca`. */
function makeServerCert(dir: string, ca: { cert: string; key: string }) {
  const key = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const cert = join(dir, 'server.crt');
  const ext = join(dir, 'server.ext');
  writeFileSync(ext, 'subjectAltName=DNS:localhost\n');
  openssl(
    ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
      '-keyout',
      key,
      '-out',
      csr,
      '-subj',
      '/CN=localhost',
    ]),
  );
  openssl(
    ['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial'].concat([
      '-out',
      cert,
      '-days',
      '1',
      '-extfile',
      ext,
    ]),
  );
  return { cert, key };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(!available)('PostgreSQL over TLS', () => {
  let dir: string;
  let data: string;
  let port: number;
  let ca: { cert: string; key: string };
  let otherCa: { cert: string; key: string };
  let running = false;
  const url = () => `postgres://postgres@localhost:${port}/postgres`;
  const byAddress = () => `postgres://postgres@127.0.0.1:${port}/postgres`;
  const start = () => {
    pgRun('pg_ctl', ['-D', data, '-l', join(dir, 'pg.log'), '-w', '-t', '60', 'start']);
    running = true;
  };
  const stop = () => {
    if (running) pgRun('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']);
    running = false;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ronghe-pgtls-'));
    data = join(dir, 'data');
    ca = makeCa(dir, 'Ronghe Test CA');
    otherCa = makeCa(dir, 'Other CA');
    const server = makeServerCert(dir, ca);
    if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres', dir]);
    pgRun('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    port = await freePort();
    appendFileSync(
      join(data, 'postgresql.conf'),
      [
        `port = ${port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        'ssl = on',
        `ssl_cert_file = '${server.cert}'`,
        `ssl_key_file = '${server.key}'`,
        "ssl_min_protocol_version = 'TLSv1.2'",
        '',
      ].join('\n'),
    );
    // TLS connections only: a plain one is rejected by the server itself.
    writeFileSync(
      join(data, 'pg_hba.conf'),
      'hostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n',
    );
    start();
  }, 120_000);

  afterAll(() => {
    try {
      stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('connects with verify-full and the test CA, over TLS', async () => {
    const db = await createDatabase({
      url: url(),
      ssl: { mode: 'verify-full', caFile: ca.cert },
    });
    try {
      const r = await sql<{
        ssl: boolean;
        version: string;
      }>`select ssl, version from pg_stat_ssl where pid = pg_backend_pid()`.execute(db.kysely);
      expect(r.rows[0]?.ssl).toBe(true);
      expect(r.rows[0]?.version).toMatch(/^TLSv1\.[23]$/);
    } finally {
      await db.close();
    }
  });

  it('refuses a server whose certificate another CA signed, naming the CA setting', async () => {
    const e = await createDatabase({
      url: url(),
      ssl: { mode: 'verify-full', caFile: otherCa.cert },
    }).catch((x: Error) => x);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(
      /^PostgreSQL over TLS \(RONGHE_DATABASE_SSL=verify-full\): the server's certificate is not signed by a trusted CA \(RONGHE_DATABASE_SSL_CA=/,
    );
  });

  it('refuses a certificate that does not name the host with verify-full, not with verify-ca', async () => {
    // The certificate names localhost; connecting by address, verify-full finds no match.
    const e = await createDatabase({
      url: byAddress(),
      ssl: { mode: 'verify-full', caFile: ca.cert },
    }).catch((x: Error) => x);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(
      /^PostgreSQL over TLS \(RONGHE_DATABASE_SSL=verify-full\): the server's certificate does not name the host/,
    );
    const verifyCa = await createDatabase({
      url: byAddress(),
      ssl: { mode: 'verify-ca', caFile: ca.cert },
    });
    await sql`select 1`.execute(verifyCa.kysely);
    await verifyCa.close();
  });

  it('is refused by the server without TLS (hostnossl reject)', async () => {
    const db = await createDatabase({ url: url() });
    try {
      await expect(sql`select 1`.execute(db.kysely)).rejects.toThrow(/no encryption|pg_hba/);
    } finally {
      await db.close();
    }
  });

  it('refuses a server that offers no TLS when TLS is required', async () => {
    stop();
    appendFileSync(join(data, 'postgresql.conf'), 'ssl = off\n');
    writeFileSync(join(data, 'pg_hba.conf'), 'host all all 127.0.0.1/32 trust\n');
    start();
    const plain = await createDatabase({ url: url() });
    await sql`select 1`.execute(plain.kysely); // the server is up and takes plain connections
    await plain.close();
    for (const ssl of [
      { mode: 'require' as const },
      { mode: 'verify-full' as const, caFile: ca.cert },
    ]) {
      const e = await createDatabase({ url: url(), ssl }).catch((x: Error) => x);
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).message).toContain(
        `PostgreSQL over TLS (RONGHE_DATABASE_SSL=${ssl.mode}): the PostgreSQL server does not offer TLS`,
      );
    }
  });
});
