// Audit records as a collector takes them (GB/T 22239-2019 8.1.5.4 d, audit records gathered
// centrally): syslog (RFC 5424) or one JSON object per line. Pure: no I/O.
import type { AuditTable } from '../../storage/index.ts';

export type ExportedRecord = Required<Pick<AuditTable, 'seq' | 'hash'>> &
  Omit<AuditTable, 'seq' | 'hash'>;

/** RFC 5424 §6.2.1: facility 13 is "log audit"; severities notice (5) and warning (4). */
const FACILITY_LOG_AUDIT = 13;
/** RFC 5612: the private enterprise number set aside for documentation and examples. */
export const SD_ID = 'ronghe@32473';

const failed = (r: ExportedRecord): boolean => {
  if (/\.(failed|refused|denied)$/.test(r.action)) return true;
  try {
    const d = r.details ? (JSON.parse(r.details) as { outcome?: unknown }) : null;
    return typeof d?.outcome === 'string' && d.outcome !== 'ok';
  } catch {
    return false;
  }
};

/** PRINTUSASCII without space, at most `max` characters (RFC 5424 §6.2: HOSTNAME, MSGID…). */
const header = (s: string, max: number): string =>
  s.replace(/[^\x21-\x7e]/g, '_').slice(0, max) || '-';

/** SD-PARAM value escaping, RFC 5424 §6.3.3: '"', '\' and ']' are escaped with '\'. */
const sdValue = (s: string): string => s.replace(/["\\\]]/g, (c) => `\\${c}`);

/** The record as one JSON object, the same fields for syslog's MSG and for JSON lines. */
export function recordJson(r: ExportedRecord): string {
  let details: unknown = null;
  try {
    details = r.details === null ? null : JSON.parse(r.details);
  } catch {
    details = r.details;
  }
  return JSON.stringify({
    seq: Number(r.seq),
    id: r.id,
    at: new Date(Number(r.at)).toISOString(),
    tenantId: r.tenant_id,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    details,
    hash: r.hash,
  });
}

/** One RFC 5424 message: header, structured data with the chain's fields, MSG as BOM + JSON. */
export function syslogMessage(
  r: ExportedRecord,
  host: { hostname: string; procId: number | string },
): string {
  const pri = FACILITY_LOG_AUDIT * 8 + (failed(r) ? 4 : 5);
  const sd = [
    ['seq', String(r.seq)],
    ['tenant', r.tenant_id ?? '-'],
    ['actor', r.actor],
    ['entityType', r.entity_type],
    ['entityId', r.entity_id],
    ['hash', r.hash],
  ]
    .map(([k, v]) => `${k}="${sdValue(v!)}"`)
    .join(' ');
  return [
    `<${pri}>1`,
    new Date(Number(r.at)).toISOString(),
    header(host.hostname, 255),
    'ronghe',
    header(String(host.procId), 128),
    header(r.action, 32),
    `[${SD_ID} ${sd}]`,
    `\uFEFF${recordJson(r)}`,
  ].join(' ');
}

/** RFC 6587 §3.4.1 (and RFC 5425 §4.3 over TLS): MSG-LEN SP SYSLOG-MSG, the length in octets. */
export function octetCounted(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `), body]);
}
