// The alarm storm of `npm run bench -- monitoring` (issue #18): N assets cross one threshold in
// the same instant (a site-wide trip, EEMUA 191's flood). Each raise goes through the real
// path — rule engine → alarm service (one transaction per batch of actions on a fresh SQLite database in a
// temporary directory, with its journal row) → notifier with per-user storm digests — and the
// figures are the time until every alarm is committed and annunciated, the RSS growth, and what
// the digest collapsed: per subscriber, messages sent one by one vs folded into one digest.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compileRule,
  createAlarmService,
  createChannelLayout,
  createNotifier,
  createRuleEngine,
  type AlarmEffect,
  type NotifyMessage,
  type Subscription,
} from '../../src/monitoring/index.ts';
import { createDatabase, migrateToLatest } from '../../src/storage/index.ts';

export async function alarmStorm(assets: number, maxBatch = 1000) {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-storm-'));
  const db = await createDatabase({ url: join(dir, 'storm.db') });
  try {
    await migrateToLatest(db);
    const users = ['ops-1', 'ops-2', 'ops-3'];
    const subs: Subscription[] = users.map((userId) => ({
      userId,
      channels: ['email', 'webhook'],
      minSeverity: 'warning',
    }));
    const sent = { alarm: 0, digest: 0, digestItems: 0 };
    const count = (_u: string, m: NotifyMessage) => {
      if (m.kind === 'alarm') sent.alarm++;
      else {
        sent.digest++;
        sent.digestItems += m.count;
      }
      return Promise.resolve();
    };
    const windowMs = 600_000; // EEMUA 191: a flood is > 10 alarms in 10 minutes
    const notifier = createNotifier({
      subscriptions: () => subs,
      meta: () => ({ customer: 'cu_site' }),
      transports: { email: count, webhook: count },
      digest: { windowMs, maxPerWindow: 10 },
    });
    const T = Date.UTC(2026, 11, 1);
    let annunciated = 0;
    let batches = 0;
    let firstMs: number | undefined;
    let t0 = 0n;
    const pending: Array<Promise<unknown>> = [];
    const alarms = await createAlarmService(db, {
      tenantId: 'tn_storm',
      maxBatch,
      assetInfo: () => ({ ancestors: ['site-1'], customer: 'cu_site' }),
      onEffects: (effects: AlarmEffect[]) => {
        batches++;
        firstMs ??= Number(process.hrtime.bigint() - t0) / 1e6;
        annunciated += effects.filter((e) => e.annunciate && e.change === 'raised').length;
        pending.push(notifier.onEffects(effects, T));
      },
    });
    const engine = createRuleEngine((e) => pending.push(alarms.onRuleEvent(e)));
    const layout = createChannelLayout(['pressure']);
    const rule = compileRule(
      {
        id: 'trip',
        severity: 'critical',
        kind: 'threshold',
        value: 'pressure',
        op: 'above',
        limit: 10,
      },
      layout,
    );
    for (let a = 0; a < assets; a++) engine.addAsset(`as-${a}`, layout, [rule], { startMs: 0 });
    for (let a = 0; a < assets; a++) engine.ingest(a, 0, T - 60_000, 5);

    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    t0 = process.hrtime.bigint();
    for (let a = 0; a < assets; a++) engine.ingest(a, 0, T, 15);
    const evaluatedMs = Number(process.hrtime.bigint() - t0) / 1e6;
    // The alarm service queues actions: waiting on the last settles all before it.
    while (pending.length) await Promise.all(pending.splice(0));
    const annunciateMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const rss1 = process.memoryUsage().rss;
    const onTime = { ...sent };
    await notifier.flushDigests(T + windowMs);
    return {
      assets,
      raised: annunciated,
      openAlarms: alarms.openAlarms().length,
      evaluateMs: Number(evaluatedMs.toFixed(1)),
      batches,
      timeToAnnunciateFirstBatchMs: Math.round(firstMs ?? NaN),
      timeToAnnunciateAllMs: Math.round(annunciateMs),
      alarmsPerSecond: Math.round((annunciated / annunciateMs) * 1000),
      rssGrowthMB: Number(((rss1 - rss0) / 2 ** 20).toFixed(1)),
      rssMB: Number((rss1 / 2 ** 20).toFixed(1)),
      digest: {
        subscribers: users.length,
        channelsEach: 2,
        notificationsWithoutDigest: annunciated * users.length * 2,
        sentOneByOne: onTime.alarm,
        digestsAtWindowEnd: sent.digest,
        changesFoldedIntoDigests: sent.digestItems,
        messagesSent: sent.alarm + sent.digest,
      },
      database: `SQLite, default durability (fsync), one transaction per batch of at most ${maxBatch} alarm actions`,
    };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
