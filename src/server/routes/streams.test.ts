// Issue #15 findings 3 (HTTP part) and 5 on a real listening server with real HTTP clients:
// revoking a principal (disabling a user, resetting or changing a password, revoking an API
// key) ends its live SSE streams within a second and its other sessions at once; a client that
// stops reading is destroyed and its subscription freed; one principal may hold only a bounded
// number of streams (429 RONGHE_TOO_MANY_STREAMS beyond it).
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { World } from '../../../test/http.ts';
import { createMonitoringWorld, type MonitoringWorld } from '../../../test/monitoring-world.ts';
import { openSse, sleep, until, type SseClient } from '../../../test/sse.ts';
import { createApiKey, createSession, createUser, type Role } from '../../identity/index.ts';

const TELEMETRY = '/api/v1/telemetry/stream?channels=cop';
const ALARMS = '/api/v1/alarms/stream';

describeEachDatabase('live streams: revocation, slow readers, limits', (t) => {
  let world: MonitoringWorld;
  let w: World;
  let base: string;
  const clients: SseClient[] = [];
  let n = 0;
  beforeAll(async () => {
    ({ w } = world = await createMonitoringWorld(t));
    await w.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await world?.close();
  });

  const newUser = async (role: Role) => {
    const u = await createUser(w.db, w.scopeA, 'tenant_admin', {
      email: `u${++n}@acme.test`,
      name: `user ${n}`,
      role,
      password: 'correct horse battery',
      ...(role === 'customer_viewer' ? { customerId: w.customers.A1 } : {}),
    });
    return { id: u.id, session: (await createSession(w.db, u.id)).token };
  };
  const cookie = (token: string) => ({ cookie: `ronghe_session=${token}` });
  const open = async (path: string, headers: Record<string, string>) => {
    const c = await openSse(`${base}${path}`, headers);
    clients.push(c);
    return c;
  };
  const endsWithinASecond = async (c: SseClient) => {
    await Promise.race([c.ended, sleep(1000)]);
    return c.isEnded();
  };
  const me = (token: string) =>
    w.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: cookie(token) });
  const patchUser = (by: string, id: string, body: object) =>
    w.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      headers: cookie(by),
      payload: body,
    });

  describe('revocation reaches open connections', () => {
    it('ends a disabled user’s telemetry and alarm streams', async () => {
      const u = await newUser('engineer');
      const streams = [
        await open(TELEMETRY, cookie(u.session)),
        await open(ALARMS, cookie(u.session)),
      ];
      expect(streams.map((s) => s.status)).toEqual([200, 200]);
      const feeds = world.monitoring.notify.connections;
      const live = world.telemetry.live.size;
      const res = await patchUser(w.tokens.tenant_admin, u.id, { disabled: true });
      expect(res.statusCode, res.body).toBe(200);
      for (const s of streams) expect(await endsWithinASecond(s)).toBe(true);
      // Their subscriptions are gone with them.
      expect(world.monitoring.notify.connections).toBe(feeds - 1);
      expect(world.telemetry.live.size).toBe(live - 1);
    });

    it('ends the sessions and streams of a user whose password an admin resets', async () => {
      const u = await newUser('customer_viewer');
      const stream = await open(TELEMETRY, cookie(u.session));
      expect(stream.status).toBe(200);
      const res = await patchUser(w.tokens.tenant_admin, u.id, {
        password: 'a new password 123',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(await endsWithinASecond(stream)).toBe(true);
      expect((await me(u.session)).statusCode).toBe(401);
    });

    it('keeps only the session that changed its own password', async () => {
      const u = await newUser('tenant_admin');
      const other = (await createSession(w.db, u.id)).token;
      const stream = await open(ALARMS, cookie(other));
      const res = await patchUser(u.session, u.id, { password: 'my own new password' });
      expect(res.statusCode, res.body).toBe(200);
      expect((await me(u.session)).statusCode).toBe(200);
      expect((await me(other)).statusCode).toBe(401);
      expect(await endsWithinASecond(stream)).toBe(true);
    });

    it('ends the streams of a session that logs out, and only those', async () => {
      const u = await newUser('engineer');
      const other = (await createSession(w.db, u.id)).token;
      const leaving = await open(TELEMETRY, cookie(u.session));
      const staying = await open(TELEMETRY, cookie(other));
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: cookie(u.session),
      });
      expect(res.statusCode, res.body).toBe(204);
      expect(await endsWithinASecond(leaving)).toBe(true);
      expect(staying.isEnded()).toBe(false);
    });

    it('ends the streams of an API key revoked mid-stream', async () => {
      const k = await createApiKey(w.db, w.scopeA, 'tenant_admin', {
        name: 'feed',
        role: 'engineer',
      });
      const auth = { authorization: `Bearer ${k.key}` };
      const streams = [await open(TELEMETRY, auth), await open(ALARMS, auth)];
      expect(streams.map((s) => s.status)).toEqual([200, 200]);
      const res = await w.as('tenant_admin', { method: 'DELETE', url: `/api/v1/api-keys/${k.id}` });
      expect(res.statusCode, res.body).toBe(204);
      for (const s of streams) expect(await endsWithinASecond(s)).toBe(true);
    });
  });

  describe('slow readers and per-principal limits', () => {
    it('refuses the ninth stream of one principal with 429, and frees a closed one’s slot', async () => {
      const u = await newUser('engineer');
      const mine: SseClient[] = [];
      for (let i = 0; i < 8; i++)
        mine.push(await open(i % 2 ? ALARMS : TELEMETRY, cookie(u.session)));
      expect(mine.map((s) => s.status)).toEqual(Array(8).fill(200));
      const ninth = await open(TELEMETRY, cookie(u.session));
      expect(ninth.status).toBe(429);
      await ninth.ended;
      expect(JSON.parse(ninth.body())).toMatchObject({ code: 'RONGHE_TOO_MANY_STREAMS' });
      // Another principal is not affected.
      const other = await open(TELEMETRY, cookie(w.tokens.engineer));
      expect(other.status).toBe(200);
      other.close();
      mine[0]!.close();
      let again: SseClient | undefined;
      for (let i = 0; i < 50; i++) {
        again = await open(TELEMETRY, cookie(u.session));
        if (again.status === 200) break;
        await sleep(20);
      }
      expect(again?.status).toBe(200);
    });

    it('frees the place and subscription of clients that hang up at once', async () => {
      const u = await newUser('engineer');
      const live = world.telemetry.live.size;
      const streams = w.app.streams.size;
      const port = Number(new URL(base).port);
      for (let i = 0; i < 20; i++) {
        const socket = connect(port, '127.0.0.1');
        await new Promise((r) => socket.once('connect', r));
        socket.write(
          `GET ${i % 2 ? ALARMS : TELEMETRY} HTTP/1.1\r\nHost: x\r\nCookie: ronghe_session=${u.session}\r\n\r\n`,
        );
        if (i % 3) await sleep(i); // some hang up during set-up, some after the stream started
        socket.destroy();
      }
      await until(
        () => w.app.streams.size === streams && world.telemetry.live.size === live,
        2000,
        'every place and subscription freed',
      );
      // And the principal's quota is whole again.
      const again = await open(TELEMETRY, cookie(u.session));
      expect(again.status).toBe(200);
    });

    it('destroys a client that stops reading and removes its subscription', async () => {
      const u = await newUser('engineer');
      const live = world.telemetry.live.size;
      const connections = () =>
        new Promise<number>((r) => w.app.server.getConnections((_e, c) => r(c)));
      const before = await connections();
      // A raw socket that sends the request and never reads the response.
      const socket: Socket = connect(Number(new URL(base).port), '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.pause();
      socket.write(
        `GET ${TELEMETRY} HTTP/1.1\r\nHost: x\r\nCookie: ronghe_session=${u.session}\r\n\r\n`,
      );
      await until(() => world.telemetry.live.size === live + 1, 2000, 'subscription');
      expect(await connections()).toBe(before + 1);
      // Far more than the socket buffers and the stream's bound hold: ~20 MB of frames.
      const t0 = Date.now() - 3_600_000;
      for (let batch = 0; batch < 40 && world.telemetry.live.size > live; batch++) {
        const points = Array.from({ length: 5000 }, (_, i) => ({
          asset: 'CH-1',
          ts: t0 + batch * 5000 + i,
          values: { cop: 3 + i / 1e4 },
        }));
        await world.telemetry.ingestJson({ tenantId: w.tenantA.id, customerIds: null }, points);
        await sleep(5);
      }
      await until(() => world.telemetry.live.size === live, 2000, 'subscription removed');
      let now = await connections();
      for (let i = 0; i < 100 && now > before; i++) {
        await sleep(20);
        now = await connections();
      }
      expect(now).toBe(before);
      socket.destroy();
    });
  });
});
