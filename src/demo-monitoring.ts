// What the demo tenant's monitoring holds from the start, so that a new user (and the API
// contract walk, test/openapi-contract.test.ts) finds something to act on before any telemetry
// has arrived: the alarm the simulator's seeded fault raises (LOC-0001's wearing axle bearing,
// demo-rules.ts), a live alarm subscription of the admin, and the Modbus connector of a chiller
// PLC, defined for a gateway in the plant and disabled, so the platform itself polls nothing.
// The admin also subscribed the locomotive depot's SCADA receiver on the plant network by
// webhook; the platform (RONGHE_WEBHOOK_ALLOW_PRIVATE unset, the default) refuses to call a
// private address, so the alarm's delivery went to the dead-letter list — through the webhook
// sender and dead-letter store the running platform uses — for the operator to retry or drop.
// Until the depot opens its receiver, the admin narrowed that subscription to critical alarms,
// which the demo's rules (major, demo-rules.ts) never raise: the one dead letter stays the
// example, instead of one more for every bearing alarm while the simulator runs.
import * as assets from './assets/index.ts';
import { createConnector, createSecretBox } from './connectors/index.ts';
import type * as identity from './identity/index.ts';
import { randomBase32 } from './kernel/index.ts';
import {
  createAlarmService,
  createDeadLetterStore,
  createSubscriptionStore,
  createWebhookSender,
  webhookPayload,
  type AlarmEffect,
  type SubscriptionInput,
} from './monitoring/index.ts';
import type { Db } from './storage/index.ts';

export interface DemoAsset {
  id: string;
  siteId: string;
  customerId: string;
  modelId: string | null;
}

/** The fleet's assets by serial, as seeded. */
export type DemoAssets = ReadonlyMap<string, DemoAsset>;

const MINUTE = 60_000;

export async function seedMonitoringDemo(
  db: Db,
  scope: identity.Scope,
  adminId: string,
  fleet: DemoAssets,
  now = Date.now(),
): Promise<void> {
  // The admin's first subscription (listed first: the webhook one came later).
  await createSubscriptionStore(db).create(
    { tenantId: scope.tenantId, subscriberId: adminId },
    { channels: ['live'], minSeverity: 'major', language: 'zh-CN' },
    now - 60 * MINUTE,
  );
  const loc = fleet.get('LOC-0001');
  if (loc) {
    const alarms = await createAlarmService(db, {
      tenantId: scope.tenantId,
      assetInfo: (a) => {
        const x = [...fleet.values()].find((f) => f.id === a);
        return x
          ? {
              ancestors: [x.siteId],
              customer: x.customerId,
              ...(x.modelId ? { model: x.modelId } : {}),
            }
          : { ancestors: [] };
      },
    });
    // The bearing-vibration rule held above 3.5 mm/s for its five minutes at speed: 4.9 mm/s is
    // the worn bearing's level on the scenario's days 20–21 (demo-rules.ts, ISO 10816-1 zone C).
    const raised = await alarms.onRuleEvent({
      kind: 'raise',
      asset: loc.id,
      ruleId: 'bearing-vibration',
      severity: 'major',
      ts: now - 20 * MINUTE,
      value: 4.9,
    });
    await depotWebhook(db, { tenantId: scope.tenantId, subscriberId: adminId }, loc, raised, now);
  }
  const chiller = fleet.get('CHL-0001');
  if (chiller) {
    const device = await assets.createDevice(db, scope, {
      assetId: chiller.id,
      name: '1号冷水机组 PLC 网关 (Chiller 1 PLC gateway)',
    });
    // A Modbus definition has no password, so the box never seals anything; the key is unused.
    await createConnector(db, createSecretBox(Buffer.alloc(32)), scope.tenantId, {
      name: '1号冷水机组 PLC (Chiller 1 PLC)',
      deviceId: device.id,
      runOn: 'gateway',
      enabled: false,
      protocol: 'modbus',
      host: '192.168.10.21',
      port: 502,
      intervalMs: 1000,
      timeoutMs: 1000,
      retries: 1,
      mappings: [
        {
          asset: 'CHL-0001',
          channel: 'chw_supply_temp',
          unitId: 1,
          function: 'holding',
          address: 100,
          dataType: 'float32',
          wordOrder: 'little',
          scale: 1,
          offset: 0,
        },
      ],
    });
  }
}

/** The depot's webhook subscription (raised alarms of the locomotives' customer) and the
 * delivery of the seeded alarm to it: refused at once (a private address is a permanent
 * failure, webhook.ts), so it is dead-lettered without any network traffic. Then narrowed to
 * critical alarms (the file comment says why); a retry of the dead letter still goes to it. */
async function depotWebhook(
  db: Db,
  owner: { tenantId: string; subscriberId: string },
  loc: DemoAsset,
  effects: readonly AlarmEffect[],
  now: number,
): Promise<void> {
  const subscriptions = createSubscriptionStore(db);
  const input: SubscriptionInput = {
    channels: ['webhook'],
    minSeverity: 'major',
    customers: [loc.customerId],
    changes: ['raised'],
    webhook: { url: 'http://192.168.10.30:8080/ronghe/alarms', secret: randomBase32(32) },
    language: 'zh-CN',
  };
  const subscription = await subscriptions.create(owner, input, now - 30 * MINUTE);
  const deadLetters = createDeadLetterStore(db);
  const sender = createWebhookSender({ onDeadLetter: (d) => deadLetters.add(d) });
  const target = {
    id: subscription.id,
    url: subscription.webhook!.url,
    secret: subscription.webhook!.secret,
  };
  for (const effect of effects.filter((e) => e.change === 'raised'))
    await sender.deliver(target, webhookPayload({ kind: 'alarm', effect }));
  await subscriptions.update(
    owner,
    subscription.id,
    { ...input, minSeverity: 'critical' },
    now - 15 * MINUTE,
  );
}
