// The shutdown hang of issue #17, made deterministic: a keep-alive request is in flight when the
// server starts closing. Without the drain, its connection turns idle a moment later and holds
// the close for Fastify's keepAliveTimeout (72 s); with it the close ends once it is answered.
import { Agent, request } from 'node:http';
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { registerDrain } from './drain.ts';

it('closes a keep-alive connection whose request was in flight when the close began', async () => {
  const app = Fastify();
  registerDrain(app);
  let arrived!: () => void;
  const inFlight = new Promise<void>((r) => (arrived = r));
  app.get('/slow', async () => {
    arrived();
    await new Promise((r) => setTimeout(r, 300));
    return { ok: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const agent = new Agent({ keepAlive: true });
  const answer = new Promise<{ status: number; connection: string | undefined }>((resolve) => {
    request({ port, host: '127.0.0.1', path: '/slow', agent }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }),
      );
    }).end();
  });
  await inFlight;
  const closed = app.close().then(() => 'closed' as const);
  const hang = new Promise<'hang'>((r) => setTimeout(() => r('hang'), 20_000).unref());
  // The request in flight is answered (nothing it carried is lost), told to close its
  // connection, and the close ends long before the 72 s keep-alive timeout.
  const answered = await answer;
  expect(await Promise.race([closed, hang])).toBe('closed');
  expect(answered).toEqual({ status: 200, connection: 'close' });
  agent.destroy();
});
