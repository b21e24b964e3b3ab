// Audit export (issue #26; GB/T 22239-2019 8.1.5.4 d) to real local receivers: a UDP socket
// taking one RFC 5424 message per datagram, a TCP server parsing octet-counted frames
// (RFC 6587 §3.4.1) and JSON lines; a collector that is down at first gets every record, in
// chain order, once it is up, with no more than the queue limit held in memory meanwhile; and
// a TLS listener (RFC 5425) with a certificate openssl makes for the test, trusted through the
// exporter's CA setting, while a collector the CA does not vouch for gets nothing.
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { TenantId } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import { recordAudit } from '../audit.ts';
import { SD_ID, startAuditExport, type AuditExporter } from './index.ts';

/** RFC 5424 §6: PRI VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG. */
const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (\[(?:[^\]\\]|\\.)*\]) \uFEFF(.*)$/s;

function parse(msg: string) {
  const m = RFC5424.exec(msg);
  if (!m) throw new Error(`not RFC 5424: ${msg}`);
  const sd = Object.fromEntries(
    [...m[7]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((p) => [p[1], p[2]]),
  );
  return {
    pri: Number(m[1]),
    timestamp: m[2]!,
    app: m[4]!,
    msgid: m[6]!,
    sdId: m[7]!.slice(1).split(' ')[0],
    sd,
    msg: JSON.parse(m[8]!) as Record<string, unknown>,
  };
}

/** A self-signed certificate for 127.0.0.1 and localhost, valid for a day. */
function selfSigned(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-syslog-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
        .concat(['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')])
        .concat(['-days', '1', '-subj', '/CN=localhost'])
        .concat(['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost']),
      { stdio: 'ignore' },
    );
    return {
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A TCP collector: octet-counted frames, or lines; over TLS with `tls`. */
function tcpCollector(kind: 'octets' | 'lines', port = 0, tls?: { cert: string; key: string }) {
  const got: string[] = [];
  const onSocket = (s: Socket) => {
    let buf = Buffer.alloc(0);
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        if (kind === 'lines') {
          const nl = buf.indexOf(10);
          if (nl < 0) break;
          got.push(buf.subarray(0, nl).toString('utf8'));
          buf = buf.subarray(nl + 1);
          continue;
        }
        const sp = buf.indexOf(32);
        if (sp < 0) break;
        const len = Number(buf.subarray(0, sp).toString('ascii'));
        if (buf.length < sp + 1 + len) break;
        got.push(buf.subarray(sp + 1, sp + 1 + len).toString('utf8'));
        buf = buf.subarray(sp + 1 + len);
      }
    });
  };
  const server: Server = tls
    ? createTlsServer({ ...tls, minVersion: 'TLSv1.2' }, onSocket)
    : createServer(onSocket);
  const listening = new Promise<number>((ok) =>
    server.listen(port, '127.0.0.1', () => ok((server.address() as { port: number }).port)),
  );
  return { got, listening, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

const until = async (ok: () => boolean, what: string, tick?: () => Promise<void>) => {
  for (let i = 0; i < 200; i++) {
    if (tick) await tick();
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describeEachDatabase('audit export', (t) => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  const open = async (): Promise<Db> => {
    const h = await t.open();
    cleanup.push(() => h.dispose());
    return h.db;
  };
  const write = (db: Db, n: number, action = 'asset.update') =>
    (async () => {
      for (let i = 0; i < n; i++)
        await recordAudit(db.kysely, {
          tenantId: 'tn_acme' as TenantId,
          actor: 'user:us_8kq2m4x7d1ppd2n9',
          action,
          entityType: 'asset',
          entityId: `as_${i}`,
          details: { i, note: 'quote " and ] and \\' },
        });
    })();
  const exporter = async (db: Db, ...args: Parameters<typeof startAuditExport>[1][]) => {
    const x: AuditExporter = await startAuditExport(db, args[0]!);
    cleanup.push(() => x.close());
    return x;
  };

  it('sends RFC 5424 over UDP, one message per datagram, with the chain fields', async () => {
    const db = await open();
    await write(db, 1, 'before.export'); // before the target existed: not sent
    const got: string[] = [];
    const udp = createSocket('udp4');
    udp.on('message', (m) => got.push(m.toString('utf8')));
    await new Promise<void>((ok) => udp.bind(0, '127.0.0.1', () => ok()));
    cleanup.push(() => new Promise<void>((ok) => udp.close(() => ok())));
    const port = udp.address().port;
    const x = await exporter(db, {
      protocol: 'syslog+udp',
      host: '127.0.0.1',
      port,
      queueLimit: 100,
      intervalMs: 60_000,
    });
    await write(db, 2);
    await write(db, 1, 'auth.login.failed');
    await until(() => got.length >= 3, '3 datagrams', x.tick);
    const [a, , f] = got.map(parse);
    expect(a).toMatchObject({ pri: 13 * 8 + 5, app: 'ronghe', msgid: 'asset.update', sdId: SD_ID });
    expect(a!.sd).toMatchObject({
      tenant: 'tn_acme',
      actor: 'user:us_8kq2m4x7d1ppd2n9',
      entityId: 'as_0',
    });
    expect(a!.sd.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(new Date(a!.timestamp).toISOString()).toBe(a!.timestamp);
    expect(a!.msg).toMatchObject({ action: 'asset.update', details: { i: 0 } });
    expect(f!.pri).toBe(13 * 8 + 4); // a failure is a warning
    expect(got.some((m) => m.includes('before.export'))).toBe(false);
    expect(x.delivered()).toBe(Number(a!.sd.seq) + 2);
  });

  it('frames syslog over TCP by octet count, and retries a collector that is down until it is up', async () => {
    const db = await open();
    // A port that was free: nothing listens on it yet.
    const probe = tcpCollector('octets');
    const port = await probe.listening;
    await probe.close();
    const x = await exporter(db, {
      protocol: 'syslog+tcp',
      host: '127.0.0.1',
      port,
      queueLimit: 2,
      intervalMs: 60_000,
    });
    await write(db, 5);
    await x.tick(); // refused: held, bounded
    expect(x.queued()).toBe(2);
    const start = x.delivered();
    const c = tcpCollector('octets', port);
    await c.listening;
    cleanup.push(c.close);
    await until(() => c.got.length >= 5, '5 frames', x.tick);
    const seqs = c.got.map((m) => Number(parse(m).sd.seq));
    expect(seqs).toEqual([1, 2, 3, 4, 5].map((i) => start + i));
    expect(parse(c.got[0]!).msg).toMatchObject({ details: { note: 'quote " and ] and \\' } });
    expect(x.queued()).toBe(0);
    // The cursor is kept: a new exporter to the same target sends only what is new.
    await x.close();
    const y = await exporter(db, {
      protocol: 'syslog+tcp',
      host: '127.0.0.1',
      port,
      queueLimit: 10,
      intervalMs: 60_000,
    });
    await write(db, 1, 'after.restart');
    await until(() => c.got.length >= 6, 'the 6th frame', y.tick);
    expect(c.got.length).toBe(6);
    expect(parse(c.got[5]!).msgid).toBe('after.restart');
  });

  it('sends JSON lines over TCP', async () => {
    const db = await open();
    const c = tcpCollector('lines');
    const port = await c.listening;
    cleanup.push(c.close);
    const x = await exporter(db, {
      protocol: 'jsonl+tcp',
      host: '127.0.0.1',
      port,
      queueLimit: 10,
      intervalMs: 60_000,
    });
    await write(db, 3);
    await until(() => c.got.length >= 3, '3 lines', x.tick);
    const rows = c.got.map((l) => JSON.parse(l) as { seq: number; entityId: string; hash: string });
    expect(rows.map((r) => r.entityId)).toEqual(['as_0', 'as_1', 'as_2']);
    expect(rows[1]!.seq).toBe(rows[0]!.seq + 1);
    expect(rows[0]!.hash).toMatch(/^sha256:/);
  });

  it('frames syslog over TLS (RFC 5425) to a collector its CA vouches for, and to no other', async () => {
    const db = await open();
    const pem = selfSigned();
    const c = tcpCollector('octets', 0, pem);
    const port = await c.listening;
    cleanup.push(c.close);
    // No CA given: the system's CAs do not know the test certificate, so nothing is sent.
    const logged: string[] = [];
    const untrusted = await startAuditExport(
      db,
      { protocol: 'syslog+tls', host: '127.0.0.1', port, queueLimit: 10, intervalMs: 60_000 },
      (line) => logged.push(line),
    );
    cleanup.push(() => untrusted.close());
    await write(db, 2);
    await untrusted.tick();
    expect(untrusted.queued()).toBe(2);
    expect(c.got).toEqual([]);
    expect(logged.join('\n')).toMatch(/self[- ]signed certificate/);
    await untrusted.close();
    const x = await exporter(db, {
      protocol: 'syslog+tls',
      host: '127.0.0.1',
      port,
      ca: pem.cert,
      queueLimit: 10,
      intervalMs: 60_000,
    });
    await write(db, 1, 'auth.login.failed');
    await until(() => c.got.length >= 3, '3 frames over TLS', x.tick);
    const [a, , f] = c.got.map(parse);
    expect(a).toMatchObject({ app: 'ronghe', msgid: 'asset.update', sdId: SD_ID });
    expect(a!.sd.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(f).toMatchObject({ pri: 13 * 8 + 4, msgid: 'auth.login.failed' });
    expect(Number(f!.sd.seq)).toBe(Number(a!.sd.seq) + 2);
  });
});
