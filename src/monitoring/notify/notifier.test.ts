import { describe, expect, it } from 'vitest';
import {
  emptyAlarmBook,
  reduceAlarms,
  type AlarmEffect,
  type AlarmPolicy,
} from '../alarms/index.ts';
import {
  createLiveFeed,
  createNotifier,
  sseFrame,
  type NotifyMessage,
  type Subscription,
} from './index.ts';

const policy: AlarmPolicy = {
  topology: () => ({ ancestors: [], customer: 'cu_acme', tenant: 'tn_1' }),
};

/** `n` raise effects on distinct assets, one per second, through the real reducer. */
function storm(n: number): AlarmEffect[] {
  let book = emptyAlarmBook();
  const out: AlarmEffect[] = [];
  for (let i = 0; i < n; i++) {
    const r = reduceAlarms(
      book,
      { type: 'raise', asset: `pump-${i}`, ruleId: 'hi', severity: 'major', at: i * 1000 },
      policy,
    );
    book = r.book;
    out.push(...r.effects);
  }
  return out;
}

describe('SSE frames', () => {
  it('formats id, event and data lines ended by a blank line', () => {
    expect(sseFrame('alarm', { a: 1 }, '7')).toBe('id: 7\nevent: alarm\ndata: {"a":1}\n\n');
  });
});

describe('notifier', () => {
  const subs: Subscription[] = [
    { userId: 'ops', channels: ['live'], minSeverity: 'minor' },
    { userId: 'ops', channels: ['live', 'email'], minSeverity: 'major', customers: ['cu_acme'] },
    { userId: 'boss', channels: ['email'], minSeverity: 'critical' },
  ];

  it('delivers once per user on the union of channels, reports a failing transport, digests a storm', async () => {
    const feed = createLiveFeed();
    const frames: string[] = [];
    const unsubscribe = feed.subscribe('ops', (f) => frames.push(f));
    const mails: NotifyMessage[] = [];
    let mailDown = true;
    const notifier = createNotifier({
      subscriptions: () => subs,
      meta: () => ({ customer: 'cu_acme' }),
      digest: { windowMs: 600_000, maxPerWindow: 3 },
      transports: {
        live: (userId, m) => {
          feed.publish(
            userId,
            m.kind,
            m.kind === 'alarm' ? { id: m.effect.alarm.id } : { count: m.count },
          );
          return Promise.resolve();
        },
        email: (_u, m) => {
          if (mailDown) return Promise.reject(new Error('SMTP 421 try later'));
          mails.push(m);
          return Promise.resolve();
        },
      },
    });
    const effects = storm(50);
    const first = await notifier.onEffects(effects.slice(0, 1), 0);
    expect(first.map((r) => [r.value!.channel, r.status, r.reason])).toEqual([
      ['live', 'ok', undefined],
      ['email', 'failed', 'SMTP 421 try later'],
    ]);
    mailDown = false;
    const rest = await notifier.onEffects(effects.slice(1), 49_000);
    // 3 per window go out one by one (1 above + 2 here, each on live and e-mail); 47 are held.
    expect(rest).toHaveLength(4);
    expect(frames).toHaveLength(3);
    expect(await notifier.flushDigests(599_999)).toEqual([]);
    const digests = await notifier.flushDigests(600_000);
    expect(digests.map((d) => [d.value!.channel, d.value!.kind, d.status])).toEqual([
      ['live', 'digest', 'ok'],
      ['email', 'digest', 'ok'],
    ]);
    expect(frames.at(-1)).toContain('event: digest\ndata: {"count":47}');
    expect(mails.at(-1)).toMatchObject({ kind: 'digest', count: 47 });
    unsubscribe();
    expect(feed.connections).toBe(0);
  });
});
