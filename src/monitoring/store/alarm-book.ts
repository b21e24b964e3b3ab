// The alarm service's book (open alarms, shelves, maintenance windows) as stored, and, for
// several processes sharing one database (cluster mode, issue 24), the reconciliation of a
// batch of actions with what the other processes committed.
//
// In one process the book in memory is the database: every change goes through it. In a
// cluster it is not: the owner of an asset's partition raises and clears its alarms, but an
// operator may acknowledge or shelve on any node, and after a failover the new owner's rules
// may emit again a raise the dead owner already committed (its stream messages were not yet
// acknowledged, so they are delivered again). So a shared service, inside the transaction that
// writes the batch:
//   1. reads and locks (FOR UPDATE) the open alarms of the batch's (asset, rule) pairs, and
//      reads the shelves and maintenance windows, replacing its memory with them;
//   2. drops a raise whose instant lies in an activation episode already recorded for its
//      (asset, rule) — raised_at ≤ at and not cleared before `at` — and a clear stamped before
//      the open alarm's last raise. Those are redeliveries of what is stored, not news. The
//      batch's own earlier raises and clears count as recorded (a clear in the batch ends the
//      stored episode before a later raise of the batch is judged).
// A batch that acts on the whole book — the clock's tick (escalation deadlines, shelf expiry,
// ISA-18.2 §16.3) and shelving or maintenance, which rewrite the tenant's shelves — first takes
// the tenant's book lock (a PostgreSQL transaction-scoped advisory lock), then reads and locks
// every open alarm. So two nodes ticking at once (a background lease changing hands, or one
// node stalled past its TTL) run one after the other, and the second reads the first's commit:
// an escalation deadline already advanced, a shelf already gone. Each escalation notice and
// each expiry is then committed, and announced, once.
// The alarm's identity stays `${asset}/${rule}/${raisedAt}` and activations `${id}#${repeat}`,
// both primary keys, so even a raise that slipped through could not be stored twice.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../storage/index.ts';
import type { MonitoringTables } from '../../storage/monitoring-schema.ts';
import {
  alarmKey,
  type Alarm,
  type AlarmAction,
  type AlarmBook,
  type Shelf,
} from '../alarms/index.ts';
import { rowToAlarm } from './alarm-rows.ts';

type K = Kysely<Database & MonitoringTables>;

async function suppressions(k: K, tenantId: string): Promise<Omit<AlarmBook, 'open'>> {
  // Shelves and maintenance are rewritten whole (alarm-writes.ts); a shared writer of them
  // holds the tenant's book lock (bookLock), so they need no row locks here.
  const shelves = await k
    .selectFrom('alarm_shelves')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .execute();
  const maint = await k
    .selectFrom('asset_maintenance')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .execute();
  return {
    shelves: shelves.map((s): Shelf => {
      const shelf: Shelf = {
        ruleId: s.rule_id,
        by: s.shelved_by,
        reason: s.reason,
        at: s.at,
        until: s.until,
      };
      if (s.asset_id !== '') shelf.asset = s.asset_id;
      return shelf;
    }),
    maintenance: new Map(
      maint.map((m) => [
        m.asset_id,
        { asset: m.asset_id, by: m.started_by, reason: m.reason, at: m.at },
      ]),
    ),
  };
}

/** The tenant's open alarms (of `assets.ids` only when given; locked with `assets.lock`),
 * shelves and maintenance. */
export async function loadBook(
  k: K,
  tenantId: string,
  assets?: { ids?: readonly string[]; lock: boolean },
): Promise<AlarmBook> {
  let q = k
    .selectFrom('alarms')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('open', '=', 1);
  if (assets?.ids) q = q.where('asset_id', 'in', assets.ids.length ? assets.ids : ['']);
  // Locked in id order by every shared batch, so two batches' locks cannot deadlock.
  if (assets?.lock) q = q.orderBy('id').forUpdate();
  const open = await q.execute();
  return {
    open: new Map(open.map(rowToAlarm).map((a) => [alarmKey(a.asset, a.ruleId), a])),
    ...(await suppressions(k, tenantId)),
  };
}

/** Actions that read or rewrite more than their own (asset, rule): see the header. */
const BOOK_WIDE = new Set<AlarmAction['type']>([
  'tick',
  'shelve',
  'unshelve',
  'maintenance-start',
  'maintenance-end',
]);

/** The tenant's book lock, held to the end of the transaction `tx`. 64-bit hash of a key
 * named for this use, so it cannot collide with another advisory lock by accident. */
async function bookLock(tx: K, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`ronghe.alarm-book.${tenantId}`}, 0))`.execute(
    tx,
  );
}

const pairOf = (a: AlarmAction): { asset: string; ruleId: string } | undefined =>
  'asset' in a && 'ruleId' in a && a.asset !== undefined
    ? { asset: a.asset, ruleId: a.ruleId }
    : undefined;

/**
 * Step 1 and 2 above, inside the batch's transaction `tx`: the book to reduce the batch over,
 * and per action whether it is dropped as a redelivery.
 */
export async function reconcileShared(
  tx: K,
  tenantId: string,
  book: AlarmBook,
  actions: readonly AlarmAction[],
): Promise<{ book: AlarmBook; drop: boolean[] }> {
  const keys = new Set<string>();
  const assets = new Set<string>();
  for (const a of actions) {
    const p = pairOf(a);
    if (!p) continue;
    keys.add(alarmKey(p.asset, p.ruleId));
    assets.add(p.asset);
  }
  const wide = actions.some((a) => BOOK_WIDE.has(a.type));
  if (wide) await bookLock(tx, tenantId);
  const stored = await loadBook(
    tx,
    tenantId,
    wide ? { lock: true } : { ids: [...assets], lock: true },
  );
  // A book-wide batch takes the whole stored book; another only its pairs' alarms.
  const open = wide ? new Map(stored.open) : new Map(book.open);
  if (!wide) {
    for (const key of keys) open.delete(key);
    for (const [key, a] of stored.open) if (keys.has(key)) open.set(key, a);
  }
  const raises = actions.filter((a) => a.type === 'raise');
  const stamps = raises.length ? await episodesOf(tx, tenantId, raises) : [];
  // Decided in the batch's order, each kept raise or clear changing the episodes the next ones
  // are judged by: a backlog evaluated at once (a new owner after a failover) gives one batch
  // with the clear of a stored episode and the next crossing, whose raise is then news, not a
  // repeat of the stored episode (issue 24's chaos run lost whole episodes to this).
  const episodes = new Map<string, { raisedAt: number; clearedAt: number | null }[]>();
  for (const e of stamps) {
    const key = alarmKey(e.asset_id, e.rule_id);
    const list = episodes.get(key) ?? [];
    list.push({ raisedAt: Number(e.raised_at), clearedAt: e.cleared_at && Number(e.cleared_at) });
    episodes.set(key, list);
  }
  const now = new Map<string, { active: boolean; lastRaisedAt: number }>();
  for (const key of keys) {
    const o: Alarm | undefined = open.get(key);
    if (o) now.set(key, { active: o.active, lastRaisedAt: o.lastRaisedAt });
  }
  const drop = actions.map((a) => {
    if (a.type !== 'raise' && a.type !== 'clear') return false;
    const key = alarmKey(a.asset, a.ruleId);
    const list = episodes.get(key) ?? [];
    const o = now.get(key);
    if (a.type === 'raise') {
      if (list.some((e) => e.raisedAt <= a.at && (e.clearedAt === null || a.at <= e.clearedAt)))
        return true;
      list.push({ raisedAt: a.at, clearedAt: null });
      episodes.set(key, list);
      now.set(key, { active: true, lastRaisedAt: a.at });
      return false;
    }
    if (o !== undefined && o.active && a.at < o.lastRaisedAt) return true;
    if (o) o.active = false;
    for (const e of list) if (e.clearedAt === null && e.raisedAt <= a.at) e.clearedAt = a.at;
    return false;
  });
  return { book: { ...stored, open }, drop };
}

/** Recorded activations of the raises' (asset, rule) pairs that could contain their instants. */
async function episodesOf(
  tx: K,
  tenantId: string,
  raises: ReadonlyArray<AlarmAction & { type: 'raise' }>,
) {
  const at = raises.map((r) => r.at);
  return tx
    .selectFrom('alarm_activations')
    .select(['asset_id', 'rule_id', 'raised_at', 'cleared_at'])
    .where('tenant_id', '=', tenantId)
    .where('asset_id', 'in', [...new Set(raises.map((r) => r.asset))])
    .where('rule_id', 'in', [...new Set(raises.map((r) => r.ruleId))])
    .where('raised_at', '<=', Math.max(...at))
    .where((eb) => eb.or([eb('cleared_at', 'is', null), eb('cleared_at', '>=', Math.min(...at))]))
    .execute();
}
