// The demo's webhook dead letter stays one: the depot's webhook subscription (a private address
// the platform refuses by design) keeps its documented dead letter, but a new major alarm of the
// locomotives' customer — what the simulator's worn bearing raises again and again while it
// runs — goes through the same fan-out, webhook sender and dead-letter store the platform uses
// and adds none.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../test/databases.ts';
import { getAsset } from './assets/index.ts';
import { seedDemo, DEMO_ADMIN_EMAIL, DEMO_TENANT } from './demo.ts';
import { findTenantBySlug, listUsers, type Scope } from './identity/index.ts';
import {
  createAlarmFanout,
  createAlarmService,
  createDeadLetterStore,
  createSubscriptionStore,
  createWebhookSender,
  createWebhookTransport,
} from './monitoring/index.ts';
import type { Db } from './storage/index.ts';

describeEachDatabase('the demo webhook subscription', (t) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let scope: Scope;
  let owner: { tenantId: string; subscriberId: string };
  beforeAll(async () => {
    ({ db, dispose } = await t.open());
    await seedDemo(db, { adminPassword: 'demo-admin-password' });
    const tenant = (await findTenantBySlug(db, DEMO_TENANT))!;
    scope = { tenantId: tenant.id, customerIds: null, actor: 'test' } as Scope;
    const admin = (await listUsers(db, scope)).find((u) => u.email === DEMO_ADMIN_EMAIL)!;
    owner = { tenantId: tenant.id, subscriberId: admin.id };
  }, 180_000);
  afterAll(async () => {
    await dispose?.();
  });

  it('keeps its one dead letter and adds none for the alarms the simulator raises', async () => {
    const deadLetters = createDeadLetterStore(db);
    const before = await deadLetters.list(owner);
    expect(before).toHaveLength(1);
    const subs = await createSubscriptionStore(db).list(owner);
    const depot = subs.find((s) => s.channels.includes('webhook'))!;
    // the dead letter's subscription is still there, so a retry from the console reaches it
    expect(before[0]!.subscriptionId).toBe(depot.id);
    expect(depot.webhook?.url).toBe('http://192.168.10.30:8080/ronghe/alarms');

    const loc = await getAsset(db, scope, 'LOC-0001');
    const sender = createWebhookSender({ onDeadLetter: (d) => deadLetters.add(d) });
    const webhooks = createWebhookTransport(sender);
    const fanout = createAlarmFanout({
      subscriptions: createSubscriptionStore(db),
      transports: { webhook: webhooks.transport },
      subscriberScope: () => Promise.resolve(null),
    });
    const alarms = await createAlarmService(db, {
      tenantId: scope.tenantId,
      assetInfo: () => ({ ancestors: [], ...(loc.customerId ? { customer: loc.customerId } : {}) }),
    });
    // the same rule's alarm on another of the customer's locomotives, as the running simulator
    // raises it: major, raised, the locomotives' customer
    const effects = await alarms.onRuleEvent({
      kind: 'raise',
      asset: loc.id,
      ruleId: 'axle-temperature',
      severity: 'major',
      ts: Date.now(),
      value: 95,
    });
    expect(effects.map((e) => e.change)).toContain('raised');
    await fanout.publish(scope.tenantId, effects, () => ({
      ...(loc.customerId ? { customer: loc.customerId } : {}),
    }));
    await fanout.idle();
    await webhooks.idle();
    expect((await deadLetters.list(owner)).map((d) => d.id)).toEqual(before.map((d) => d.id));
  });
});
