// Times at the HTTP edge: the zone a request's days are cut in (its `tz` parameter, else the
// site's or tenant's zone) and the context the one time parser (kernel/time/parse.ts) reads
// `from`, `to` and `at` with. Responses carry instants as epoch milliseconds (UTC), as they
// always have; see the OpenAPI description.
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { timeZoneOf } from '../identity/index.ts';
import {
  TIME_FORMS,
  checkTimeZone,
  parseTimeParam,
  type TenantId,
  type TimeContext,
} from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';

/** A time in a query string or body: epoch ms, ISO 8601 or a relative form. */
export const TimeParam = Type.String({
  minLength: 1,
  maxLength: 40,
  description: `a time: ${TIME_FORMS}`,
  examples: ['now-7d', '2026-12-06T08:00', '1765008000000'],
});

/** A time in a JSON body: a number (epoch ms) or a string the time parser reads. */
export const TimeValue = Type.Union([Type.Number(), TimeParam], {
  description: `a time: ${TIME_FORMS}`,
});

/** The optional `tz` query parameter of routes that cut days. */
export const TzParam = Type.String({
  minLength: 1,
  maxLength: 64,
  description:
    "IANA time zone to cut days, weeks and months in and to read times without an offset in (default: the site's or tenant's zone)",
  examples: ['UTC', 'Asia/Shanghai'],
});

/** The zone of a request: `tz` when given (checked), else the site's or the tenant's. */
export async function zoneFor(
  db: Db,
  tenantId: string,
  tz: string | undefined,
  site?: string,
): Promise<string> {
  if (tz !== undefined && tz !== '') return checkTimeZone('tz', tz);
  return timeZoneOf(db, tenantId as TenantId, site);
}

/** What the time parser needs: now and the request's zone. */
export async function timeContext(
  db: Db,
  tenantId: string,
  tz?: string,
  site?: string,
): Promise<TimeContext> {
  return { now: Date.now(), timeZone: await zoneFor(db, tenantId, tz, site) };
}

/** `tz` of a request's query string, when it has one. */
export const tzOf = (request: FastifyRequest): string | undefined => {
  const q = request.query as Record<string, unknown> | undefined;
  return typeof q?.tz === 'string' ? q.tz : undefined;
};

export { parseTimeParam };

/** from/to (and tz) of a query or body read by the one time parser; other fields kept. */
export async function withTimes<
  Q extends { from: string | number; to: string | number; tz?: string | undefined },
>(
  db: Db,
  tenantId: string,
  q: Q,
): Promise<Omit<Q, 'from' | 'to' | 'tz'> & { from: number; to: number }> {
  const { tz, ...rest } = q;
  const ctx = await timeContext(db, tenantId, tz);
  const from = parseTimeParam('from', q.from, ctx);
  const to = parseTimeParam('to', q.to, ctx);
  return { ...(rest as Omit<Q, 'from' | 'to' | 'tz'>), from, to };
}

/** Reads a body's time fields with one context (now, the tenant's zone): `time('dueAt', v)` is
 * epoch ms, or a 400 naming the field, exactly as a query parameter would be read. */
export async function bodyTimes(
  db: Db,
  tenantId: string,
): Promise<(field: string, value: string | number) => number> {
  const ctx = await timeContext(db, tenantId);
  return (field, value) => parseTimeParam(field, value, ctx);
}
