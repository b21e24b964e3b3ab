// Who asked, as far as the request says: its address and its client (User-Agent), for audit
// records (GB/T 22239-2019 8.1.4.3 b asks for the subject and where it came from). The
// User-Agent is the caller's text: control characters go and it is cut to CLIENT_MAX, so a
// crafted header neither forges lines in a syslog export nor swells the chained log.
import type { FastifyRequest } from 'fastify';

export const CLIENT_MAX = 200;

/** The User-Agent, cleaned and bounded; undefined when none was sent. */
export function clientOf(req: FastifyRequest): string | undefined {
  const ua = req.headers['user-agent'];
  if (typeof ua !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const clean = ua.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return clean ? clean.slice(0, CLIENT_MAX) : undefined;
}

/** `{ address, client? }` for an audit record's details. */
export function originOf(req: FastifyRequest): { address: string; client?: string } {
  const client = clientOf(req);
  return { address: req.ip, ...(client ? { client } : {}) };
}
