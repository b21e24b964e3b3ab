import { describe, expect, it } from 'vitest';
import {
  emptyAlarmBook,
  reduceAlarms,
  statusOf,
  type AlarmAction,
  type AlarmBook,
  type AlarmEffect,
  type AlarmPolicy,
} from './index.ts';

const min = 60_000;
const policy: AlarmPolicy = {
  topology: (asset) =>
    asset === 'pump-1'
      ? { ancestors: ['station-3', 'site-a'], customer: 'cu_acme', tenant: 'tn_maker' }
      : { ancestors: [], tenant: 'tn_maker' },
  escalateAfterMs: { critical: 5 * min, major: 15 * min },
  maxEscalationLevel: 2,
};

function play(actions: AlarmAction[], start: AlarmBook = emptyAlarmBook()) {
  let book = start;
  const effects: AlarmEffect[] = [];
  for (const a of actions) {
    const r = reduceAlarms(book, a, policy);
    book = r.book;
    effects.push(...r.effects);
  }
  return {
    book,
    effects,
    changes: effects.map((e) => `${e.change}${e.annunciate ? '' : '(silent)'}@${e.at / min}`),
  };
}

const raise = (at: number, asset = 'pump-1', ruleId = 'hi-temp'): AlarmAction => ({
  type: 'raise',
  asset,
  ruleId,
  severity: 'critical',
  at: at * min,
});
const clear = (at: number, asset = 'pump-1', ruleId = 'hi-temp'): AlarmAction => ({
  type: 'clear',
  asset,
  ruleId,
  at: at * min,
});
const ack = (at: number, by = 'li.wei'): AlarmAction => ({
  type: 'acknowledge',
  asset: 'pump-1',
  ruleId: 'hi-temp',
  by,
  at: at * min,
});

describe('alarm lifecycle', () => {
  it('active → acknowledged → cleared closes the alarm', () => {
    const r1 = play([raise(0)]);
    const a = r1.book.open.get('pump-1|hi-temp')!;
    expect(statusOf(a)).toBe('active');
    expect(a.targets).toEqual([
      { kind: 'asset', id: 'pump-1' },
      { kind: 'asset', id: 'station-3' },
      { kind: 'asset', id: 'site-a' },
      { kind: 'customer', id: 'cu_acme' },
      { kind: 'tenant', id: 'tn_maker' },
    ]);
    const r2 = play([ack(2)], r1.book);
    expect(statusOf(r2.book.open.get('pump-1|hi-temp')!)).toBe('acknowledged');
    const r3 = play([clear(3)], r2.book);
    expect(r3.book.open.size).toBe(0);
    expect(r3.changes).toEqual(['cleared@3', 'closed(silent)@3']);
    expect(r3.effects[1]!.alarm).toMatchObject({
      raisedAt: 0,
      acknowledgedAt: 2 * min,
      acknowledgedBy: 'li.wei',
      clearedAt: 3 * min,
    });
    // The old book is untouched (pure reducer).
    expect(r1.book.open.size).toBe(1);
  });

  it('cleared before acknowledgement stays open; a new raise is a repeat on the same alarm', () => {
    const { book, changes } = play([raise(0), clear(1), raise(2), clear(3), raise(4)]);
    expect(book.open.size).toBe(1);
    const a = book.open.get('pump-1|hi-temp')!;
    expect(a).toMatchObject({
      id: 'pump-1/hi-temp/0',
      repeatCount: 2,
      lastRaisedAt: 4 * min,
      active: true,
    });
    expect(changes).toEqual(['raised@0', 'cleared@1', 'repeated@2', 'cleared@3', 'repeated@4']);
    const done = play([clear(5), ack(6)], book);
    expect(done.book.open.size).toBe(0);
    expect(statusOf(done.effects.at(-1)!.alarm)).toBe('cleared');
  });

  it('a clear without an open alarm and a second acknowledgement do nothing', () => {
    expect(play([clear(0)]).effects).toEqual([]);
    expect(play([raise(0), ack(1), ack(2)]).changes).toEqual(['raised@0', 'acknowledged@1']);
  });

  it('assignee and comments', () => {
    const { book } = play([
      raise(0),
      {
        type: 'assign',
        asset: 'pump-1',
        ruleId: 'hi-temp',
        by: 'li.wei',
        to: 'zhang.min',
        at: min,
      },
      {
        type: 'comment',
        asset: 'pump-1',
        ruleId: 'hi-temp',
        by: 'zhang.min',
        text: 'bearing noisy',
        at: 2 * min,
      },
    ]);
    const a = book.open.get('pump-1|hi-temp')!;
    expect(a.assignee).toBe('zhang.min');
    expect(a.comments).toEqual([{ at: 2 * min, by: 'zhang.min', text: 'bearing noisy' }]);
  });
});

describe('escalation', () => {
  it('escalates each missed deadline up to the maximum level, never after acknowledgement', () => {
    const ticks = [4, 5, 9, 10, 15, 20].map((t): AlarmAction => ({ type: 'tick', at: t * min }));
    const { changes, book } = play([raise(0), ...ticks]);
    expect(changes).toEqual(['raised@0', 'escalated@5', 'escalated@10']);
    expect(book.open.get('pump-1|hi-temp')!.escalationLevel).toBe(2);
    const acked = play([raise(0), ack(3), { type: 'tick', at: 30 * min }]);
    expect(acked.changes).toEqual(['raised@0', 'acknowledged@3']);
  });

  it('no escalation policy for a severity means no escalation', () => {
    const r = play([
      { type: 'raise', asset: 'fan-2', ruleId: 'r', severity: 'warning', at: 0 },
      { type: 'tick', at: 999 * min },
    ]);
    expect(r.changes).toEqual(['raised@0']);
  });
});

describe('suppression', () => {
  it('maintenance records alarms silently and annunciates those still active when it ends', () => {
    const { changes, book } = play([
      {
        type: 'maintenance-start',
        maintenance: { asset: 'pump-1', by: 'wang.fang', reason: 'seal change WO-17', at: 0 },
      },
      raise(1),
      raise(2, 'pump-1', 'low-flow'),
      clear(3, 'pump-1', 'low-flow'),
      { type: 'tick', at: 30 * min }, // suppressed alarms do not escalate
      { type: 'maintenance-end', asset: 'pump-1', by: 'wang.fang', at: 40 * min },
    ]);
    expect(changes).toEqual([
      'raised(silent)@1',
      'raised(silent)@2',
      'cleared(silent)@3',
      'unsuppressed@40',
      'unsuppressed@40',
    ]);
    expect(book.open.get('pump-1|hi-temp')!.escalateAt).toBe(45 * min);
  });

  it('shelving names who and why, hides an active alarm, and expires on its time limit', () => {
    const { changes, book } = play([
      raise(0),
      {
        type: 'shelve',
        shelf: {
          ruleId: 'hi-temp',
          by: 'li.wei',
          reason: 'sensor replacement ordered',
          at: min,
          until: 60 * min,
        },
      },
      raise(2, 'fan-9', 'hi-temp'), // shelf without asset covers every asset
    ]);
    expect(changes).toEqual(['raised@0', 'suppressed@1', 'raised(silent)@2']);
    expect(book.open.get('pump-1|hi-temp')!.suppressedBy).toEqual({
      kind: 'shelved',
      by: 'li.wei',
      reason: 'sensor replacement ordered',
    });
    const later = play(
      [
        { type: 'tick', at: 59 * min },
        { type: 'tick', at: 60 * min },
      ],
      book,
    );
    expect(later.changes).toEqual(['unsuppressed@60', 'unsuppressed@60']);
    expect(later.book.shelves).toEqual([]);
  });

  it('unshelving a rule on one asset leaves others shelved', () => {
    const { changes } = play([
      {
        type: 'shelve',
        shelf: { asset: 'pump-1', ruleId: 'hi-temp', by: 'a', reason: 'x', at: 0, until: 99 * min },
      },
      raise(1),
      raise(1, 'fan-9'),
      { type: 'unshelve', asset: 'pump-1', ruleId: 'hi-temp', by: 'a', at: 2 * min },
    ]);
    expect(changes).toEqual(['raised(silent)@1', 'raised@1', 'unsuppressed@2']);
  });
});
