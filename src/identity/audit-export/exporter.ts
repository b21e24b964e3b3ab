// Export of new audit records to a central collector (GB/T 22239-2019 8.1.5.4 d; 8.1.4.3 c):
// syslog over UDP (RFC 5426), over TCP with octet counting (RFC 6587 §3.4.1) or TLS (RFC 5425),
// or JSON lines over TCP. The database is the backlog: records are read in chain order after
// the last one delivered (kept in audit_export), at most `queueLimit` held in memory, and the
// cursor moves only once the collector took them. A collector that is down is retried with a
// growing delay (1 s doubling to 30 s); nothing is lost while it is, and memory stays bounded.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { hostname } from 'node:os';
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Db } from '../../storage/index.ts';
import { octetCounted, recordJson, syslogMessage, type ExportedRecord } from './format.ts';

export const EXPORT_PROTOCOLS = ['syslog+udp', 'syslog+tcp', 'syslog+tls', 'jsonl+tcp'] as const;
export type ExportProtocol = (typeof EXPORT_PROTOCOLS)[number];

export interface AuditExportConfig {
  protocol: ExportProtocol;
  host: string;
  port: number;
  /** syslog+tls: the collector's CA (PEM text); the system's CAs when absent. */
  ca?: string;
  /** Records held in memory at most (RONGHE_AUDIT_EXPORT_QUEUE). */
  queueLimit: number;
  /** How often new records are looked for, ms. */
  intervalMs?: number;
}

export interface AuditExporter {
  /** Reads and sends what is new now (the timer does this on its own). */
  tick(): Promise<void>;
  /** Records read and not yet delivered. */
  queued(): number;
  /** The last record the collector took. */
  delivered(): number;
  close(): Promise<void>;
}

const CURSOR = (c: AuditExportConfig) => `${c.protocol}://${c.host}:${c.port}`;

export async function startAuditExport(
  db: Db,
  config: AuditExportConfig,
  log: (line: string) => void = () => undefined,
): Promise<AuditExporter> {
  const id = CURSOR(config);
  const stored = await db.kysely
    .selectFrom('audit_export')
    .select('seq')
    .where('id', '=', id)
    .executeTakeFirst();
  // A new target starts at the head: what came before it is in the database and the archives.
  let delivered = Number(
    stored?.seq ??
      (
        await db.kysely
          .selectFrom('audit_chain')
          .select('seq')
          .where('id', '=', 'audit')
          .executeTakeFirst()
      )?.seq ??
      0,
  );
  if (!stored) await db.kysely.insertInto('audit_export').values({ id, seq: delivered }).execute();
  const queue: ExportedRecord[] = [];
  const host = { hostname: hostname(), procId: process.pid };
  const frame = (r: ExportedRecord): Buffer =>
    config.protocol === 'jsonl+tcp'
      ? Buffer.from(`${recordJson(r)}\n`)
      : config.protocol === 'syslog+udp'
        ? Buffer.from(syslogMessage(r, host))
        : octetCounted(syslogMessage(r, host));
  const sender = createSender(config);
  let retryAt = 0;
  let backoff = 1000;
  let closed = false;
  let running: Promise<void> | null = null;

  async function fill(): Promise<void> {
    const room = config.queueLimit - queue.length;
    if (room <= 0) return;
    const after = queue.length ? Number(queue[queue.length - 1]!.seq) : delivered;
    const rows = await db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(room)
      .execute();
    for (const r of rows) queue.push(r as ExportedRecord);
  }

  async function flush(): Promise<void> {
    if (!queue.length || Date.now() < retryAt) return;
    try {
      while (queue.length) {
        const batch = queue.slice(0, 100);
        await sender.send(batch.map(frame));
        queue.splice(0, batch.length);
        delivered = Number(batch[batch.length - 1]!.seq);
        await db.kysely
          .updateTable('audit_export')
          .set({ seq: delivered })
          .where('id', '=', id)
          .execute();
      }
      backoff = 1000;
    } catch (e) {
      log(`audit export to ${id}: ${(e as Error).message}; retrying in ${backoff / 1000} s`);
      retryAt = Date.now() + backoff;
      backoff = Math.min(backoff * 2, 30_000);
    }
  }

  const tick = (): Promise<void> => {
    running ??= (async () => {
      try {
        await fill();
        await flush();
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => {
    if (!closed) void tick().catch((e: Error) => log(`audit export: ${e.message}`));
  }, config.intervalMs ?? 1000);
  timer.unref();
  return {
    tick: async () => {
      retryAt = 0;
      await tick();
    },
    queued: () => queue.length,
    delivered: () => delivered,
    async close() {
      closed = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
      sender.close();
    },
  };
}

interface Sender {
  send(frames: Buffer[]): Promise<void>;
  close(): void;
}

function createSender(c: AuditExportConfig): Sender {
  if (c.protocol === 'syslog+udp') {
    let sock: UdpSocket | null = null;
    return {
      async send(frames) {
        sock ??= createSocket(c.host.includes(':') ? 'udp6' : 'udp4');
        for (const f of frames)
          await new Promise<void>((ok, fail) =>
            sock!.send(f, c.port, c.host, (e) => (e ? fail(e) : ok())),
          );
      },
      close: () => sock?.close(),
    };
  }
  // A stream that stays open between batches and is made again after an error.
  let sock: Socket | null = null;
  const open = () =>
    new Promise<Socket>((ok, fail) => {
      const s =
        c.protocol === 'syslog+tls'
          ? tlsConnect({
              host: c.host,
              port: c.port,
              // SNI carries host names only (RFC 6066 §3); an address is checked against the
              // certificate's IP entries all the same.
              ...(isIP(c.host) ? {} : { servername: c.host }),
              minVersion: 'TLSv1.2',
              ...(c.ca ? { ca: c.ca } : {}),
            })
          : tcpConnect({ host: c.host, port: c.port });
      const ready = c.protocol === 'syslog+tls' ? 'secureConnect' : 'connect';
      s.once(ready, () => {
        s.off('error', fail);
        s.on('error', () => s.destroy());
        s.on('close', () => {
          if (sock === s) sock = null;
        });
        ok(s);
      });
      s.once('error', fail);
      s.setTimeout(10_000, () => s.destroy(new Error('timed out')));
    });
  return {
    async send(frames) {
      sock ??= await open();
      const s = sock;
      await new Promise<void>((ok, fail) =>
        s.write(Buffer.concat(frames), (e) => {
          if (e) {
            s.destroy();
            fail(e);
          } else ok();
        }),
      );
    },
    close: () => sock?.end(),
  };
}
