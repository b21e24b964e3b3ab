// Points → rule engine → alarm service (database) → notifier → signed webhook at a local HTTP
// receiver: the whole monitoring path with nothing mocked.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createChannelLayout } from '../expressions/index.ts';
import {
  createNotifier,
  createWebhookSender,
  signatureHeader,
  verifySignature,
} from '../notify/index.ts';
import { compileRule, createRuleEngine } from '../rules/index.ts';
import { createAlarmService } from './alarm-service.ts';

const secret = 'whsec_e2e';

describeEachDatabase('monitoring end to end', (t) => {
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup = [];
  });

  it('a threshold breach reaches the subscriber as a verified webhook, and its clear too', async () => {
    const h = await t.open();
    cleanup.push(h.dispose);
    const received: { change: string; alarm: string; verified: boolean }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const v = verifySignature(secret, req.headers[signatureHeader] as string, body, Date.now());
        const m = JSON.parse(body) as { change: string; alarm: string };
        received.push({ ...m, verified: v.ok });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise<void>((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

    const webhooks = createWebhookSender({ maxAttempts: 2, baseDelayMs: 10, allowPrivate: true });
    const notifier = createNotifier({
      subscriptions: () => [{ userId: 'ops', channels: ['webhook'], minSeverity: 'major' }],
      meta: () => ({ customer: 'cu_acme' }),
      transports: {
        webhook: async (_user, m) => {
          if (m.kind !== 'alarm') return;
          const r = await webhooks.deliver(
            { id: 'wh', url, secret },
            { change: m.effect.change, alarm: m.effect.alarm.id },
          );
          if (!r.ok) throw new Error(r.error);
        },
      },
    });
    const alarms = await createAlarmService(h.db, {
      tenantId: 'tn_1',
      assetInfo: () => ({ ancestors: [], customer: 'cu_acme', model: 'am_pump' }),
    });
    let chain: Promise<unknown> = Promise.resolve();
    const engine = createRuleEngine((e) => {
      chain = chain.then(async () => notifier.onEffects(await alarms.onRuleEvent(e), e.ts));
    });
    const layout = createChannelLayout(['bearing_temp']);
    engine.addAsset('pump-9', layout, [
      compileRule(
        {
          id: 'hot-bearing',
          severity: 'critical',
          kind: 'threshold',
          value: 'bearing_temp',
          op: 'above',
          limit: 'prop.limit',
          hysteresis: 3,
        },
        layout,
        { limit: 85 },
      ),
    ]);
    [70, 80, 88, 90, 84, 81, 79].forEach((v, i) =>
      engine.ingestNamed('pump-9', 'bearing_temp', i * 60_000, v),
    );
    await chain;

    expect(received).toEqual([
      { change: 'raised', alarm: 'pump-9/hot-bearing/120000', verified: true },
      { change: 'cleared', alarm: 'pump-9/hot-bearing/120000', verified: true },
    ]);
    expect(webhooks.deadLetters).toEqual([]);
    expect(alarms.openAlarms()).toMatchObject([
      { active: false, acknowledged: false, clearedAt: 5 * 60_000 }, // 81 ≤ 85 − 3,
    ]);
  });
});
