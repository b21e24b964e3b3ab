import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alarm, AlarmEffect } from '../alarms/index.ts';
import {
  createStormDigest,
  createWebhookSender,
  matchSubscriptions,
  signPayload,
  signatureHeader,
  verifySignature,
  type Subscription,
} from './index.ts';

const secret = 'whsec_test_5b1c';

interface Received {
  body: string;
  headers: IncomingMessage['headers'];
}

/** A local receiver answering with the given statuses in turn (then the last one). */
async function receiver(statuses: number[], extraHeaders: Record<string, string> = {}) {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ body, headers: req.headers });
      res
        .writeHead(statuses[Math.min(got.length - 1, statuses.length - 1)]!, extraHeaders)
        .end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { got, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

function sender(delays: number[]) {
  return createWebhookSender({
    allowPrivate: true, // the receiver is a local test server
    maxAttempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
  });
}

describe('webhooks', () => {
  it('signs with HMAC-SHA256 and retries 5xx with exponential backoff until success', async () => {
    const r = await receiver([500, 503, 200]);
    close = r.close;
    const delays: number[] = [];
    const res = await sender(delays).deliver(
      { id: 'wh1', url: r.url, secret },
      { alarm: 'pump-1/hi-temp/0' },
    );
    expect(res).toMatchObject({ ok: true, attempts: 3, status: 200 });
    expect(delays).toEqual([75, 150]); // equal jitter at random 0.5: 100·(½+¼), 200·(½+¼)
    for (const g of r.got) {
      expect(
        verifySignature(secret, g.headers[signatureHeader] as string, g.body, Date.now()),
      ).toEqual({ ok: true });
      expect(
        verifySignature('wrong', g.headers[signatureHeader] as string, g.body, Date.now()).ok,
      ).toBe(false);
    }
    // The same delivery id on every attempt lets the receiver de-duplicate.
    expect(new Set(r.got.map((g) => g.headers['x-ronghe-delivery'])).size).toBe(1);
    expect(JSON.parse(r.got[0]!.body)).toEqual({ alarm: 'pump-1/hi-temp/0' });
  });

  it('dead-letters after the last attempt, and a dead letter can be retried', async () => {
    const r = await receiver([502]);
    close = r.close;
    const delays: number[] = [];
    const s = sender(delays);
    const res = await s.deliver({ id: 'wh1', url: r.url, secret }, { n: 1 });
    expect(res).toMatchObject({ ok: false, attempts: 4, error: 'HTTP 502' });
    expect(delays).toEqual([75, 150, 300]);
    expect(s.deadLetters).toHaveLength(1);
    expect(s.deadLetters[0]).toMatchObject({
      targetId: 'wh1',
      attempts: 4,
      lastError: 'HTTP 502',
      body: '{"n":1}',
    });
    const ok = await receiver([200]);
    const again = await s.retryDeadLetter(res.deliveryId, { id: 'wh1', url: ok.url, secret });
    await ok.close();
    expect(again).toMatchObject({ ok: true, attempts: 1, deliveryId: res.deliveryId });
    expect(s.deadLetters).toHaveLength(0);
  });

  it('does not retry a permanent 4xx; honours Retry-After on 429', async () => {
    const bad = await receiver([400]);
    const delays: number[] = [];
    const res = await sender(delays).deliver({ id: 'wh1', url: bad.url, secret }, {});
    await bad.close();
    expect(res).toMatchObject({ ok: false, attempts: 1, error: 'HTTP 400' });
    expect(bad.got).toHaveLength(1);
    const busy = await receiver([429, 200], { 'retry-after': '0.5' });
    close = busy.close;
    const d2: number[] = [];
    expect(await sender(d2).deliver({ id: 'wh1', url: busy.url, secret }, {})).toMatchObject({
      ok: true,
      attempts: 2,
    });
    expect(d2).toEqual([500]);
  });

  it('retries a refused connection and dead-letters it', async () => {
    const r = await receiver([200]);
    await r.close(); // nothing listens on the port any more
    const delays: number[] = [];
    const s = sender(delays);
    const res = await s.deliver({ id: 'wh1', url: r.url, secret }, {});
    expect(res.ok).toBe(false);
    expect(res.attempts).toBe(4);
    expect(s.deadLetters).toHaveLength(1);
  });

  it('rejects stale and malformed signatures', () => {
    const sig = signPayload(secret, 1_000_000, '{}');
    expect(verifySignature(secret, sig, '{}', 1_000_000 + 60_000)).toEqual({ ok: true });
    expect(verifySignature(secret, sig, '{}', 1_000_000 + 600_000)).toEqual({
      ok: false,
      reason: 'timestamp outside tolerance',
    });
    expect(verifySignature(secret, sig, '{"x":1}', 1_000_000)).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    expect(verifySignature(secret, 'v1=abc', '{}', 0).ok).toBe(false);
  });
});

const alarm = (severity: Alarm['severity']): Alarm => ({
  id: 'a',
  asset: 'pump-1',
  ruleId: 'r',
  severity,
  active: true,
  acknowledged: false,
  raisedAt: 0,
  lastRaisedAt: 0,
  repeatCount: 0,
  comments: [],
  escalationLevel: 0,
  targets: [],
});
const effect = (
  severity: Alarm['severity'],
  change: AlarmEffect['change'] = 'raised',
  annunciate = true,
): AlarmEffect => ({
  change,
  alarm: alarm(severity),
  at: 0,
  annunciate,
});

describe('subscriptions', () => {
  const subs: Subscription[] = [
    { userId: 'ops', channels: ['live'], minSeverity: 'warning' },
    { userId: 'boss', channels: ['email'], minSeverity: 'critical' },
    {
      userId: 'acme-eng',
      channels: ['email', 'webhook'],
      minSeverity: 'major',
      customers: ['cu_acme'],
      models: ['P-200'],
    },
    { userId: 'acks', channels: ['live'], minSeverity: 'warning', changes: ['acknowledged'] },
  ];
  const who = (e: AlarmEffect, meta = {}) => matchSubscriptions(subs, e, meta).map((s) => s.userId);
  it('filters by severity, customer, model, change and suppression', () => {
    expect(who(effect('critical'), { customer: 'cu_acme', model: 'P-200' })).toEqual([
      'ops',
      'boss',
      'acme-eng',
    ]);
    expect(who(effect('major'), { customer: 'cu_acme', model: 'P-200' })).toEqual([
      'ops',
      'acme-eng',
    ]);
    expect(who(effect('major'), { customer: 'cu_beta', model: 'P-200' })).toEqual(['ops']);
    expect(who(effect('minor'), { customer: 'cu_acme', model: 'P-200' })).toEqual(['ops']);
    expect(who(effect('minor', 'acknowledged'))).toEqual(['acks']);
    expect(who(effect('critical', 'raised', false))).toEqual([]);
  });
});

describe('storm digest', () => {
  it('sends the first N per window and folds the rest into one digest', () => {
    const d = createStormDigest<number>({ windowMs: 600_000, maxPerWindow: 3 });
    const decisions = Array.from({ length: 1000 }, (_, i) => d.offer('ops', i, i * 100));
    expect(decisions.filter((x) => x === 'send')).toHaveLength(3);
    expect(d.offer('boss', -1, 0)).toBe('send'); // recipients are independent
    expect(d.due(599_999)).toEqual([]);
    const [digest] = d.due(600_000);
    expect(digest).toMatchObject({ recipient: 'ops', windowStart: 0, count: 997 });
    expect(digest!.items.slice(0, 2)).toEqual([3, 4]);
    // A new window starts fresh.
    expect(d.offer('ops', 2000, 700_000)).toBe('send');
  });
});
