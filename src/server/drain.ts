// Closing the HTTP server without waiting on keep-alive sockets (issue #17, "a clean shutdown in
// under 5 s"). Node's server.close() ends only the connections idle at that moment, and
// Fastify's default (forceCloseConnections 'idle') adds nothing without a serverFactory. A
// keep-alive connection whose request is still being answered when the close begins becomes
// idle a moment later and then stays open until keepAliveTimeout (72 s in Fastify) — the
// server's close, and so the platform's, waits for it. Under load a request is nearly always in
// flight, which is why the close hung inside the whole test suite and never when run alone.
//
// So, from the moment the close begins: every response says `Connection: close` (RFC 9112
// §9.6, the client opens a new connection elsewhere), connections are closed as soon as they
// are idle, and whatever is still busy after `graceMs` is cut. A cut request was never answered,
// so nothing it carried was acknowledged.
import type { FastifyInstance } from 'fastify';

export const DRAIN_POLL_MS = 50;
export const DEFAULT_DRAIN_GRACE_MS = 3_000;

export function registerDrain(app: FastifyInstance, graceMs = DEFAULT_DRAIN_GRACE_MS): void {
  let closing = false;
  let poll: NodeJS.Timeout | undefined;
  let cut: NodeJS.Timeout | undefined;
  const stop = () => {
    clearInterval(poll);
    clearTimeout(cut);
  };
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) void reply.header('connection', 'close');
    return payload;
  });
  app.addHook('preClose', async () => {
    closing = true;
    const server = app.server;
    poll = setInterval(() => server.closeIdleConnections(), DRAIN_POLL_MS);
    cut = setTimeout(() => {
      clearInterval(poll);
      server.closeAllConnections();
    }, graceMs);
    poll.unref();
    cut.unref();
    // The server's 'close' event fires once its last connection has ended.
    server.once('close', stop);
  });
  app.addHook('onClose', async () => stop());
}
