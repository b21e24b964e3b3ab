// Retention per tenant over the API (tenant admins set it, everyone in the tenant reads it,
// other tenants are untouched) and over the CLI.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createWorld, type World } from '../../../test/http.ts';
import { createAssetResolver, updateModel } from '../../assets/index.ts';
import { createAuthenticator } from '../../identity/index.ts';
import { createTelemetryService, type TelemetryService } from '../../telemetry/index.ts';
import { buildApp } from '../app.ts';
import { telemetryRoutes } from './telemetry.ts';
import { telemetryRetentionRoutes } from './telemetry-retention.ts';

const DAY = 86_400_000;

describeEachDatabase('telemetry retention over HTTP', (t) => {
  let world: World | undefined;
  let app: FastifyInstance | undefined;
  let telemetry: TelemetryService | undefined;
  afterEach(async () => {
    await app?.close();
    await telemetry?.close();
    await world?.dispose();
    app = telemetry = world = undefined;
  });

  it('lets a tenant admin set it, applies it at once and refuses older points after', async () => {
    const w = (world = await createWorld(t));
    const svc = (telemetry = await createTelemetryService({
      db: w.db,
      resolver: createAssetResolver(w.db),
    }));
    const a = (app = await buildApp({
      db: w.db,
      authenticator: createAuthenticator(w.db),
      plugins: [
        { plugin: (f) => telemetryRoutes(f, { telemetry: svc }) },
        { plugin: (f) => telemetryRetentionRoutes(f, { telemetry: svc }), prefix: '/api/v1' },
      ],
    }));
    await a.ready();
    const as = (who: keyof World['tokens'], opts: InjectOptions) =>
      a.inject({
        ...opts,
        headers: { ...(opts.headers ?? {}), authorization: `Bearer ${w.tokens[who]}` },
      });
    const put = (who: keyof World['tokens'], payload: object) =>
      as(who, { method: 'PUT', url: '/api/v1/telemetry/retention', payload });
    const forever = { raw: null, '1m': null, '1h': null, '1d': null };
    expect(
      (await as('viewer', { method: 'GET', url: '/api/v1/telemetry/retention' })).json(),
    ).toEqual(forever);

    const now = Date.now();
    const old = now - 5 * DAY;
    const write = (ts: number) =>
      as('engineer', {
        method: 'POST',
        url: '/write?precision=ms',
        payload: `chiller,asset=CH-1 cop=4.5 ${ts}\nchiller,asset=CH-1 cop=4.7 ${ts + 60_000}`,
        headers: { 'content-type': 'text/plain' },
      });
    expect((await write(old)).statusCode).toBe(204);
    expect((await write(now - 3_600_000)).statusCode).toBe(204);
    await svc.flush();

    expect((await put('engineer', { raw: 2 })).statusCode).toBe(403);
    const bad = await put('tenant_admin', { raw: 0 });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { message: string }).message).toMatch(/^body\.raw/);
    expect((await put('tenant_admin', { weeks: 2 })).statusCode).toBe(400);

    // Raw days whose minutes hold one point each serve as their 1m rollup, so 1m goes too.
    const set = await put('tenant_admin', { raw: 2, '1m': 2, '1h': 400 });
    expect(set.statusCode).toBe(200);
    const body = set.json() as { retention: object; removedRows: number };
    expect(body.retention).toEqual({ ...forever, raw: 2, '1m': 2, '1h': 400 });
    expect(body.removedRows).toBeGreaterThanOrEqual(1);
    const raw = async (from: number, to: number) =>
      (
        (
          await as('engineer', {
            method: 'GET',
            url: `/api/v1/telemetry/raw?asset=CH-1&channel=cop&from=${from}&to=${to}`,
          })
        ).json() as { points: unknown[] }
      ).points.length;
    expect(await raw(old - 1, old + DAY)).toBe(0);
    expect(await raw(now - 2 * 3_600_000, now)).toBe(2);
    const late = await write(now - 4 * DAY);
    expect(late.statusCode).toBe(400);

    // Another tenant keeps its own (none), and null clears a resolution.
    expect(
      (await as('other_admin', { method: 'GET', url: '/api/v1/telemetry/retention' })).json(),
    ).toEqual(forever);
    const cleared = (await put('tenant_admin', { '1h': null })).json() as { retention: object };
    expect(cleared.retention).toEqual({ ...forever, raw: 2, '1m': 2 });
    const audit = (
      await as('tenant_admin', { method: 'GET', url: '/api/v1/audit?limit=1000' })
    ).json().items as Array<{ action: string }>;
    const actions = audit.map((e) => e.action);
    expect(actions.filter((x) => x === 'telemetry.retention')).toHaveLength(2);
  });

  it('keeps a channel by its own rule over the tenant retention, and gives it back', async () => {
    const w = (world = await createWorld(t));
    const svc = (telemetry = await createTelemetryService({
      db: w.db,
      resolver: createAssetResolver(w.db),
    }));
    const a = (app = await buildApp({
      db: w.db,
      authenticator: createAuthenticator(w.db),
      plugins: [
        { plugin: (f) => telemetryRoutes(f, { telemetry: svc }) },
        { plugin: (f) => telemetryRetentionRoutes(f, { telemetry: svc }), prefix: '/api/v1' },
      ],
    }));
    await a.ready();
    const as = (who: keyof World['tokens'], opts: InjectOptions) =>
      a.inject({
        ...opts,
        headers: { ...(opts.headers ?? {}), authorization: `Bearer ${w.tokens[who]}` },
      });
    await updateModel(w.db, w.scopeA, w.models.A, {
      channels: [
        { key: 'cop', name: 'COP', dataType: 'float' },
        { key: 'power', name: 'Power', dataType: 'float' },
      ],
    });
    const now = Date.now();
    const old = now - 5 * DAY;
    const lines = [old, old + 60_000, now - 3_600_000].map(
      (ts, i) => `chiller,asset=CH-1 cop=${4 + i},power=${100 + i} ${ts}`,
    );
    const w1 = await as('engineer', {
      method: 'POST',
      url: '/write?precision=ms',
      payload: lines.join('\n'),
      headers: { 'content-type': 'text/plain' },
    });
    expect(w1.statusCode).toBe(204);
    await svc.flush();
    const count = async (channel: string) =>
      (
        await as('engineer', {
          method: 'GET',
          url: `/api/v1/telemetry/raw?asset=CH-1&channel=${channel}&from=${old - 1}&to=${now}`,
        })
      ).json<{ points: unknown[] }>().points.length;
    const putChannel = (who: keyof World['tokens'], channel: string, payload: object) =>
      as(who, { method: 'PUT', url: `/api/v1/telemetry/retention/channels/${channel}`, payload });

    // cop is kept for ever, raw and 1m, before the tenant cuts everything to 2 days.
    expect((await putChannel('engineer', 'cop', { raw: null })).statusCode).toBe(403);
    expect((await putChannel('tenant_admin', 'cop', { raw: 0 })).statusCode).toBe(400);
    expect((await putChannel('tenant_admin', 'cop', { weeks: 1 })).statusCode).toBe(400);
    const kept = await putChannel('tenant_admin', 'cop', { raw: null, '1m': null });
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({
      rule: {
        channel: 'cop',
        modelId: null,
        retention: { raw: null, '1m': null, '1h': 'tenant', '1d': 'tenant' },
      },
    });
    const tenant = await as('tenant_admin', {
      method: 'PUT',
      url: '/api/v1/telemetry/retention',
      payload: { raw: 2, '1m': 2 },
    });
    expect(tenant.statusCode).toBe(200);
    expect(await count('power')).toBe(1);
    expect(await count('cop')).toBe(3);
    const listed = await as('viewer', {
      method: 'GET',
      url: '/api/v1/telemetry/retention/channels',
    });
    expect(
      listed.json<{ rules: Array<{ channel: string }> }>().rules.map((r) => r.channel),
    ).toEqual(['cop']);
    const other = await as('other_admin', {
      method: 'GET',
      url: '/api/v1/telemetry/retention/channels',
    });
    expect(other.json()).toEqual({ rules: [] });

    // Removing the rule gives cop back to the tenant's two days: its old points go.
    const removed = await as('tenant_admin', {
      method: 'DELETE',
      url: '/api/v1/telemetry/retention/channels/cop',
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json<{ removedRows: number }>().removedRows).toBeGreaterThanOrEqual(1);
    expect(await count('cop')).toBe(1);
    expect(
      (await as('viewer', { method: 'GET', url: '/api/v1/telemetry/retention/channels' })).json(),
    ).toEqual({ rules: [] });
    const audit = (
      await as('tenant_admin', { method: 'GET', url: '/api/v1/audit?limit=1000' })
    ).json().items as Array<{ action: string }>;
    expect(audit.filter((e) => e.action === 'telemetry.retention.channel')).toHaveLength(2);
  });
});

it('ronghe retention set and show a tenant\u2019s retention and its channel rules', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-retention-'));
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ['bin/ronghe.js', ...args, '--data', dir]);
  try {
    await run(['tenant', 'create', '--slug', 'acme', '--name', 'Acme']);
    const set = await run([
      'retention',
      'set',
      '--tenant',
      'acme',
      '--raw',
      '30',
      '--1d',
      'forever',
    ]);
    expect(set.stdout).toBe('raw  30 days\n1m   forever\n1h   forever\n1d   forever\n');
    await run(['retention', 'set', '--tenant', 'acme', '--1h', '365']);
    const shown = await run(['retention', 'show', '--tenant', 'acme']);
    expect(shown.stdout).toBe('raw  30 days\n1m   forever\n1h   365 days\n1d   forever\n');
    // Per channel, optionally per model: overrides the tenant's, 'tenant' gives a resolution back.
    const ch = await run([
      'retention',
      'set',
      '--tenant',
      'acme',
      '--channel',
      'cop',
      '--raw',
      'forever',
      '--1m',
      '90',
    ]);
    expect(ch.stdout).toBe('channel cop: raw forever, 1m 90 days, 1h tenant, 1d tenant\n');
    await run([
      'retention',
      'set',
      '--tenant',
      'acme',
      '--channel',
      'cop',
      '--model',
      'am_x',
      '--raw',
      '7',
    ]);
    await run(['retention', 'set', '--tenant', 'acme', '--channel', 'cop', '--1m', 'tenant']);
    const all = await run(['retention', 'show', '--tenant', 'acme']);
    expect(all.stdout).toBe(
      'raw  30 days\n1m   forever\n1h   365 days\n1d   forever\n' +
        'channel cop: raw forever, 1m tenant, 1h tenant, 1d tenant\n' +
        'channel cop (model am_x): raw 7 days, 1m tenant, 1h tenant, 1d tenant\n',
    );
    const noChannel = await run([
      'retention',
      'set',
      '--tenant',
      'acme',
      '--model',
      'am_x',
      '--raw',
      '7',
    ]).catch((e: unknown) => e as { code: number; stderr: string });
    expect(noChannel).toMatchObject({ code: 2 });
    expect((noChannel as { stderr: string }).stderr).toMatch(/--model needs --channel/);
    const bad = await run(['retention', 'set', '--tenant', 'acme', '--raw', '2w']).catch(
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toMatch(/--raw: '2w' is not a number of days/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
