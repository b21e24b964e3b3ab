// The alarm lifecycle as a pure reducer: (book, action, policy) → (book, effects). Maps are
// copied on write, so a caller may keep old books (undo, tests) and the reducer has no I/O;
// the effects tell the service what to store and whom to notify.
import { assertNever } from '../../kernel/index.ts';
import { suppressionFor } from './suppression.ts';
import {
  alarmKey,
  type Alarm,
  type AlarmAction,
  type AlarmBook,
  type AlarmChange,
  type AlarmEffect,
  type AlarmPolicy,
  type PropagationTarget,
} from './types.ts';

export interface Reduced {
  book: AlarmBook;
  effects: AlarmEffect[];
}

/** The asset, its ancestors, its customer and its tenant, as the topology gives them now. */
export function targetsOf(policy: AlarmPolicy, asset: string): PropagationTarget[] {
  const t = policy.topology(asset);
  const out: PropagationTarget[] = [asset, ...t.ancestors].map((id) => ({ kind: 'asset', id }));
  if (t.customer) out.push({ kind: 'customer', id: t.customer });
  if (t.tenant) out.push({ kind: 'tenant', id: t.tenant });
  return out;
}

class Tx {
  readonly open: Map<string, Alarm>;
  readonly effects: AlarmEffect[] = [];
  constructor(
    readonly book: AlarmBook,
    readonly policy: AlarmPolicy,
    /** The book's map of open alarms belongs to the caller's batch and is changed in place. */
    owned = false,
  ) {
    // Only reduceAlarmBatch passes owned, with a Map it made itself.
    this.open = owned ? (book.open as Map<string, Alarm>) : new Map(book.open);
  }
  put(a: Alarm, change: AlarmChange, at: number) {
    const closed = !a.active && a.acknowledged;
    if (closed) this.open.delete(alarmKey(a.asset, a.ruleId));
    else this.open.set(alarmKey(a.asset, a.ruleId), a);
    // Suppressed alarms notify nobody, except the news that an alarm was just suppressed, which
    // the console needs to take it off the active list.
    const annunciate = change === 'suppressed' || a.suppressedBy === undefined;
    this.effects.push({ change, alarm: a, at, annunciate });
    if (closed) this.effects.push({ change: 'closed', alarm: a, at, annunciate: false });
  }
  done(over: Partial<AlarmBook> = {}): Reduced {
    return { book: { ...this.book, ...over, open: this.open }, effects: this.effects };
  }
}

function escalateAt(policy: AlarmPolicy, a: Pick<Alarm, 'severity'>, from: number) {
  const after = policy.escalateAfterMs?.[a.severity];
  return after === undefined ? undefined : from + after;
}

function raise(tx: Tx, act: AlarmAction & { type: 'raise' }) {
  const key = alarmKey(act.asset, act.ruleId);
  const prev = tx.open.get(key);
  const suppressedBy = suppressionFor(tx.book, act.asset, act.ruleId);
  if (prev) {
    const a: Alarm = {
      ...prev,
      active: true,
      acknowledged: false, // a return to alarm must be acknowledged again (ISA-18.2 §11.3)
      severity: act.severity,
      lastRaisedAt: act.at,
      repeatCount: prev.repeatCount + 1,
      escalateAt: prev.escalateAt ?? escalateAt(tx.policy, act, act.at),
      ...(act.value !== undefined ? { value: act.value } : {}),
    };
    return tx.put(a, 'repeated', act.at);
  }
  const a: Alarm = {
    id: `${act.asset}/${act.ruleId}/${act.at}`,
    asset: act.asset,
    ruleId: act.ruleId,
    severity: act.severity,
    active: true,
    acknowledged: false,
    raisedAt: act.at,
    lastRaisedAt: act.at,
    repeatCount: 0,
    comments: [],
    escalationLevel: 0,
    targets: targetsOf(tx.policy, act.asset),
  };
  if (act.value !== undefined) a.value = act.value;
  if (suppressedBy) a.suppressedBy = suppressedBy;
  else {
    const e = escalateAt(tx.policy, a, act.at);
    if (e !== undefined) a.escalateAt = e;
  }
  tx.put(a, 'raised', act.at);
}

function withoutEscalation(a: Alarm): Alarm {
  const { escalateAt: _drop, ...rest } = a;
  return rest;
}

function onAlarm(
  tx: Tx,
  asset: string,
  ruleId: string,
  f: (a: Alarm) => [Alarm, AlarmChange] | undefined,
  at: number,
) {
  const a = tx.open.get(alarmKey(asset, ruleId));
  if (!a) return;
  const r = f(a);
  if (r) tx.put(r[0], r[1], at);
}

function tick(tx: Tx, at: number): Partial<AlarmBook> {
  const max = tx.policy.maxEscalationLevel ?? 3;
  for (const a of [...tx.open.values()]) {
    if (a.acknowledged || a.escalateAt === undefined || at < a.escalateAt || a.suppressedBy)
      continue;
    const level = a.escalationLevel + 1;
    const next = level < max ? escalateAt(tx.policy, a, a.escalateAt) : undefined;
    const b: Alarm = { ...withoutEscalation(a), escalationLevel: level };
    if (next !== undefined) b.escalateAt = next;
    tx.put(b, 'escalated', at);
  }
  // Expired shelves end as if unshelved by the system.
  const expired = tx.book.shelves.filter((s) => s.until <= at);
  if (expired.length === 0) return {};
  const shelves = tx.book.shelves.filter((s) => s.until > at);
  resurface(tx, { ...tx.book, shelves }, at);
  return { shelves };
}

/** Re-evaluates suppression of every open alarm against `book` and annunciates any now visible. */
function resurface(tx: Tx, book: AlarmBook, at: number) {
  for (const a of [...tx.open.values()]) {
    const s = suppressionFor(book, a.asset, a.ruleId);
    if (s && !a.suppressedBy)
      tx.put({ ...withoutEscalation(a), suppressedBy: s }, 'suppressed', at);
    if (!s && a.suppressedBy) {
      const { suppressedBy: _gone, ...b } = a;
      const e = a.acknowledged ? undefined : escalateAt(tx.policy, a, at);
      tx.put(e === undefined ? b : { ...b, escalateAt: e }, 'unsuppressed', at);
    }
  }
}

export function reduceAlarms(book: AlarmBook, act: AlarmAction, policy: AlarmPolicy): Reduced {
  return reduceIn(new Tx(book, policy), book, act);
}

export type BatchResult = { ok: true; effects: AlarmEffect[] } | { ok: false; error: unknown };

/**
 * Actions in turn, as reduceAlarms one after another, but with one copy of the open alarms for
 * the whole batch instead of one per action: a storm of n raises costs O(n), not O(n²) (issue
 * #18). The books in between are not kept; `book` itself is left as it was.
 */
export function reduceAlarmBatch(
  book: AlarmBook,
  actions: readonly AlarmAction[],
  policy: AlarmPolicy,
): { book: AlarmBook; results: BatchResult[] } {
  let cur: AlarmBook = { ...book, open: new Map(book.open) };
  const results = actions.map((act): BatchResult => {
    try {
      const r = reduceIn(new Tx(cur, policy, true), cur, act);
      cur = r.book;
      return { ok: true, effects: r.effects };
    } catch (error) {
      return { ok: false, error };
    }
  });
  return { book: cur, results };
}

function reduceIn(tx: Tx, book: AlarmBook, act: AlarmAction): Reduced {
  switch (act.type) {
    case 'raise':
      raise(tx, act);
      return tx.done();
    case 'clear':
      onAlarm(
        tx,
        act.asset,
        act.ruleId,
        (a) => (a.active ? [{ ...a, active: false, clearedAt: act.at }, 'cleared'] : undefined),
        act.at,
      );
      return tx.done();
    case 'acknowledge':
      onAlarm(
        tx,
        act.asset,
        act.ruleId,
        (a) =>
          a.acknowledged
            ? undefined
            : [
                {
                  ...withoutEscalation(a),
                  acknowledged: true,
                  acknowledgedAt: act.at,
                  acknowledgedBy: act.by,
                },
                'acknowledged',
              ],
        act.at,
      );
      return tx.done();
    case 'assign':
      onAlarm(tx, act.asset, act.ruleId, (a) => [{ ...a, assignee: act.to }, 'assigned'], act.at);
      return tx.done();
    case 'comment':
      onAlarm(
        tx,
        act.asset,
        act.ruleId,
        (a) => [
          { ...a, comments: [...a.comments, { at: act.at, by: act.by, text: act.text }] },
          'commented',
        ],
        act.at,
      );
      return tx.done();
    case 'shelve': {
      const shelves = [
        ...book.shelves.filter(
          (s) => !(s.ruleId === act.shelf.ruleId && s.asset === act.shelf.asset),
        ),
        act.shelf,
      ];
      resurface(tx, { ...book, shelves }, act.shelf.at);
      return tx.done({ shelves });
    }
    case 'unshelve': {
      const shelves = book.shelves.filter(
        (s) => !(s.ruleId === act.ruleId && s.asset === act.asset),
      );
      resurface(tx, { ...book, shelves }, act.at);
      return tx.done({ shelves });
    }
    case 'maintenance-start': {
      const maintenance = new Map(book.maintenance).set(act.maintenance.asset, act.maintenance);
      resurface(tx, { ...book, maintenance }, act.maintenance.at);
      return tx.done({ maintenance });
    }
    case 'maintenance-end': {
      const maintenance = new Map(book.maintenance);
      maintenance.delete(act.asset);
      resurface(tx, { ...book, maintenance }, act.at);
      return tx.done({ maintenance });
    }
    case 'tick':
      return tx.done(tick(tx, act.at));
    default:
      return assertNever(act, 'alarm action');
  }
}
