// Every Server-Sent Events stream (WHATWG HTML §9.2) of the HTTP edge goes through here, since
// each one holds a socket and server memory for as long as its client stays (issue #15):
//  - a client that stops reading is destroyed once `maxBufferedBytes` are unsent, and its
//    subscription freed (ending it politely would keep its buffer until it reads);
//  - one principal holds at most `maxPerPrincipal` streams at once; the next gets 429
//    RONGHE_TOO_MANY_STREAMS (RONGHE_SSE_MAX_PER_PRINCIPAL);
//  - revoking a principal (disabled user, password change, revoked API key, rotated device
//    token) ends its streams at once, logging out ends the streams of that session; each heartbeat also re-checks the credential, which
//    catches revocations made by another process.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  hashSecret,
  principalKey,
  type Authenticator,
  type Revocations,
} from '../identity/index.ts';
import { RongheError } from '../kernel/index.ts';
import { tokenOf } from './auth.ts';

export interface SseOptions {
  authenticator: Authenticator;
  revocations: Revocations;
  maxPerPrincipal: number;
  /** Unsent bytes past which a client is taken to have stopped reading. */
  maxBufferedBytes?: number;
}

export interface SseStream {
  /** Writes a frame, or destroys the connection of a client that stopped reading. */
  write(text: string): void;
  /** Runs once when the stream ends, however it ends. */
  onClose(fn: () => void): void;
}

/** A place in the principal's quota, taken before the route does its (async) set-up. */
export interface SseSlot {
  /** Takes over the reply and starts the event stream. */
  start(reply: FastifyReply, o: { heartbeatMs: number }): SseStream;
  /** Gives the place back when the route fails before starting. */
  release(): void;
}

export interface SseStreams {
  /** Throws 429 RONGHE_TOO_MANY_STREAMS when the principal has no place left. */
  reserve(request: FastifyRequest): SseSlot;
  readonly size: number;
  closeAll(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    streams: SseStreams;
  }
}

export const DEFAULT_SSE_MAX_PER_PRINCIPAL = 8;

/** The revocation key of one console session (logout ends only that session's streams). */
export const sessionKey = (token: string): string => `session:${hashSecret(token)}`;

type Ender = (destroy: boolean) => void;

export function createSseStreams(o: SseOptions): SseStreams & { dispose(): void } {
  const maxBuffered = o.maxBufferedBytes ?? 1 << 20;
  const byKey = new Map<string, Set<object>>();
  const enders = new Map<object, Ender>();
  const held = (key: string) => {
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = new Set()));
    return s;
  };
  const off = o.revocations.onRevoked((key) => {
    for (const place of [...(byKey.get(key) ?? [])]) enders.get(place)?.(false);
  });

  function startStream(
    request: FastifyRequest,
    reply: FastifyReply,
    place: object,
    release: () => void,
    heartbeatMs: number,
  ): SseStream {
    const token = tokenOf(request);
    const closers: Array<() => void> = [];
    let closed = false;
    reply.hijack();
    const res = reply.raw;
    const finish = () => {
      if (closed) return;
      closed = true;
      clearInterval(ping);
      enders.delete(place);
      release();
      for (const fn of closers.splice(0)) fn();
    };
    // Revocation and shutdown: end politely, but never wait more than a second for a reader.
    const end: Ender = (destroy) => {
      finish();
      if (destroy) return void res.destroy();
      res.end();
      setTimeout(() => res.destroy(), 1000).unref();
    };
    const write = (text: string) => {
      if (closed) return;
      if (res.writableLength > maxBuffered) return end(true);
      res.write(text);
    };
    const ping = setInterval(() => {
      write(': ping\n\n');
      if (token)
        void o.authenticator.authenticate(token).then(
          (p) => p || end(false),
          () => undefined,
        );
    }, heartbeatMs);
    enders.set(place, end);
    res.on('close', finish);
    // The client may have gone while the route was setting up: no 'close' would follow.
    if (res.destroyed || !res.socket || res.socket.destroyed) finish();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no', // nginx: do not buffer the stream
    });
    return {
      write,
      onClose: (fn) => (closed ? fn() : void closers.push(fn)),
    };
  }

  return {
    reserve(request) {
      const p = request.principal;
      if (!p)
        throw new RongheError('RONGHE_UNAUTHENTICATED', {
          en: 'Not authenticated.',
          'zh-CN': '未通过身份验证。',
        });
      const key = principalKey(p);
      const mine = held(key);
      if (mine.size >= o.maxPerPrincipal)
        throw new RongheError(
          'RONGHE_TOO_MANY_STREAMS',
          {
            en: `${p.label} already has ${mine.size} live streams open, the most one user or API key may hold (RONGHE_SSE_MAX_PER_PRINCIPAL); close one first.`,
            'zh-CN': `${p.label} 已打开 ${mine.size} 个实时数据流，已达每个用户或 API 密钥的上限（RONGHE_SSE_MAX_PER_PRINCIPAL），请先关闭一个。`,
          },
          { limit: o.maxPerPrincipal },
        );
      const place = {};
      const token = tokenOf(request);
      const keys = [key, ...(p.kind === 'user' && token ? [sessionKey(token)] : [])];
      for (const k of keys) held(k).add(place);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        for (const k of keys) {
          const set = byKey.get(k);
          set?.delete(place);
          if (set?.size === 0) byKey.delete(k);
        }
      };
      return {
        start: (reply, s) => startStream(request, reply, place, release, s.heartbeatMs),
        release,
      };
    },
    get size() {
      return enders.size;
    },
    closeAll() {
      for (const end of [...enders.values()]) end(true);
    },
    dispose() {
      off();
      this.closeAll();
    },
  };
}

/** Decorates the app with its stream registry and closes every stream before the server. */
export function registerStreams(app: FastifyInstance, o: SseOptions): void {
  const streams = createSseStreams(o);
  app.decorate('streams', streams);
  // Streams never end on their own: close them first, or closing the server would wait.
  app.addHook('preClose', async () => streams.dispose());
}
