// Setting the scene for browser tests through the platform's HTTP API, as a script would.
import type { Console } from './browser.ts';
import { ADMIN } from './browser.ts';

export interface Api {
  cookie: string;
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

export async function apiAs(c: Console, email = ADMIN, password = c.adminPassword): Promise<Api> {
  const r = await fetch(`${c.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${await r.text()}`);
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
  return {
    cookie,
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${c.url}${path}`, {
        method,
        headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

export async function assetBySerial(
  api: Api,
  serial: string,
): Promise<{ id: string; customerId: string }> {
  const page = await api.call<{ items: Array<{ id: string; customerId: string }> }>(
    'GET',
    `/api/v1/assets?q=${serial}`,
  );
  return page.items[0]!;
}

/** A critical threshold rule on one asset, then a point above it: the alarm is raised. */
export async function raiseAlarm(api: Api, serial: string, ruleId: string): Promise<void> {
  const asset = await assetBySerial(api, serial);
  await api.call('PUT', `/api/v1/monitoring/rules/assets/${asset.id}`, {
    id: ruleId,
    severity: 'critical',
    kind: 'threshold',
    value: 'chw_supply_temp',
    op: 'above',
    limit: 50,
  });
  await api.call('POST', '/api/v1/telemetry', {
    points: [{ asset: serial, ts: Date.now(), values: { chw_supply_temp: 60 } }],
  });
}

/**
 * A user as an administrator makes one and the user then takes it over: the administrator sets
 * a temporary password, and the user replaces it with its own (`password`) before anything else
 * (a temporary password's session may do nothing else: issue #15, finding 13).
 */
export async function createUserWithOwnPassword(
  c: Console,
  admin: Api,
  user: { email: string; password: string; [field: string]: unknown },
): Promise<void> {
  const temporary = `${user.password}-temporary`;
  await admin.call('POST', '/api/v1/users', { ...user, password: temporary });
  const first = await apiAs(c, user.email, temporary);
  await first.call('POST', '/api/v1/auth/password', {
    currentPassword: temporary,
    newPassword: user.password,
  });
}
