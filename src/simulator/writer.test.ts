import { afterEach, describe, expect, it } from 'vitest';
import { isRongheError } from '../kernel/index.ts';
import { retryAfterMs, writeLines } from './index.ts';
import { startRecordingServer, type RecordingServer } from './testing/recording-server.ts';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const lines = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `telemetry,asset=A x=${i} ${i}`);

describe('writeLines over real HTTP', () => {
  it('posts ordered batches of the batch size with the token and precision=ms', async () => {
    server = await startRecordingServer();
    const seen: number[] = [];
    const result = await writeLines(
      {
        url: `${server.url}/`,
        token: 'rk_test123',
        batchSize: 500,
        onBatch: (p) => seen.push(p.lines),
      },
      lines(1234),
    );
    expect(result).toEqual({ batches: 3, lines: 1234, retries: 0 });
    expect(seen).toEqual([500, 1000, 1234]);
    expect(server.requests.map((r) => r.body.trimEnd().split('\n').length)).toEqual([
      500, 500, 234,
    ]);
    for (const r of server.requests) {
      expect(r.method).toBe('POST');
      expect(r.url).toBe('/write?precision=ms');
      expect(r.headers.authorization).toBe('Token rk_test123');
      expect(r.headers['content-type']).toMatch(/^text\/plain/);
      expect(r.body.endsWith('\n')).toBe(true);
    }
    expect(server.requests.flatMap((r) => r.body.trimEnd().split('\n'))).toEqual(lines(1234));
  });

  it('waits as Retry-After says on 429 and resends the same batch', async () => {
    server = await startRecordingServer((_, i) =>
      i < 2
        ? { status: 429, headers: { 'retry-after': String(i + 1) }, body: 'busy' }
        : { status: 204 },
    );
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const result = await writeLines(
      { url: server.url, token: 'k', batchSize: 10, sleep },
      lines(15),
    );
    expect(waits).toEqual([1000, 2000]);
    expect(result).toEqual({ batches: 2, lines: 15, retries: 2 });
    const bodies = server.requests.map((r) => r.body);
    expect(bodies[0]).toBe(bodies[1]);
    expect(bodies[1]).toBe(bodies[2]);
    expect(bodies[3]!.trimEnd().split('\n')).toEqual(lines(15).slice(10));
  });

  it('backs off exponentially when 429 carries no Retry-After, and gives up after maxRetries', async () => {
    server = await startRecordingServer(() => ({ status: 429 }));
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    let err: unknown;
    try {
      await writeLines({ url: server.url, token: 'k', sleep, maxRetries: 3 }, lines(2));
    } catch (e) {
      err = e;
    }
    expect(waits).toEqual([500, 1000, 2000]);
    expect(server.requests.length).toBe(4);
    expect(isRongheError(err) && err.code).toBe('RONGHE_TOO_MANY_REQUESTS');
  });

  it('stops at once on 401 with the server’s message', async () => {
    server = await startRecordingServer(() => ({ status: 401, body: 'bad key' }));
    let err: unknown;
    try {
      await writeLines({ url: server.url, token: 'wrong', sleep: async () => {} }, lines(3));
    } catch (e) {
      err = e;
    }
    expect(server.requests.length).toBe(1);
    expect(isRongheError(err) && err.code).toBe('RONGHE_UNAUTHENTICATED');
    expect(isRongheError(err) && err.message).toContain('bad key');
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds and HTTP dates (RFC 9110 §10.2.3), capped at a minute', () => {
    const now = Date.UTC(2026, 10, 26, 12, 0, 0);
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Thu, 26 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Thu, 26 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('86400', now)).toBe(60_000);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});

describe('unreachable server', () => {
  it('retries with back-off, then fails with RONGHE_UNAVAILABLE naming the cause', async () => {
    const s = await startRecordingServer();
    const url = s.url;
    await s.close(); // the port is now closed: connections are refused
    const waits: number[] = [];
    let err: unknown;
    try {
      await writeLines(
        { url, token: 'k', maxRetries: 2, sleep: async (ms) => void waits.push(ms) },
        lines(1),
      );
    } catch (e) {
      err = e;
    }
    expect(waits).toEqual([500, 1000]);
    expect(isRongheError(err) && err.code).toBe('RONGHE_UNAVAILABLE');
    expect(isRongheError(err) && err.message).toContain('failed');
  });
});
