// Seeds an empty database with the demo tenant: an admin user, the simulator's asset models,
// its demo fleet (customers, sites, assets in Jiangsu), the rules on its models that catch the
// simulator's seeded bearing faults (demo-rules.ts) and the active alarm of one of them, a live
// alarm subscription, a webhook one whose delivery of that alarm was refused (a dead letter) and
// a disabled Modbus connector (demo-monitoring.ts), the maker's own shop
// (src/manufacturing/demo-seed.ts), a trained health baseline of the heat stations
// (src/phm/demo-seed.ts), an API key the simulator writes with, and the regional pilot
// programme in a region tenant of its own (src/region/demo-seed.ts).
import { randomBase32 } from './kernel/index.ts';
import * as identity from './identity/index.ts';
import * as assets from './assets/index.ts';
import { seedServiceDemo, type BlobStore } from './service/index.ts';
import { seedManufacturingDemo } from './manufacturing/index.ts';
import { seedPhmDemo } from './phm/index.ts';
import { seedRegionDemo } from './region/index.ts';
import { seedDemoRules } from './demo-rules.ts';
import { seedMonitoringDemo, type DemoAsset } from './demo-monitoring.ts';
import { seedEnergyDemo, type DemoHeatStation } from './demo-energy.ts';
import type { TelemetryService } from './telemetry/index.ts';
import {
  assetModels,
  demoAssetModels,
  demoFleet,
  type AssetKind,
  type FleetCounts,
} from './simulator/index.ts';
import type { Db } from './storage/index.ts';

export const DEMO_TENANT = 'demo';
export const DEMO_ADMIN_EMAIL = 'admin@demo.ronghe.local';

export interface DemoSeed {
  created: boolean;
  adminEmail: string;
  /** Only when created: shown once on the console. */
  adminPassword?: string;
  /** Only when created: the key the built-in simulator writes with. */
  simulatorKey?: string;
  assets: number;
}

export async function seedDemo(
  db: Db,
  opts: {
    seed?: number;
    counts?: FleetCounts;
    adminPassword?: string;
    /** Where the platform keeps attachment bytes: the demo's signatures go there. */
    blobs?: BlobStore;
    /** Where the energy demo's meter readings are written (none: no energy demo). */
    telemetry?: TelemetryService;
    /** The seed's now (default the clock): the energy demo's readings run up to it. */
    now?: number;
  } = {},
): Promise<DemoSeed> {
  if (await identity.findTenantBySlug(db, DEMO_TENANT)) {
    return { created: false, adminEmail: DEMO_ADMIN_EMAIL, assets: 0 };
  }
  const actor = 'system:demo';
  const tenant = await identity.createTenant(
    db,
    { slug: DEMO_TENANT, name: 'Demo 演示 (Jiangsu equipment maker)' },
    actor,
  );
  const scope: identity.Scope = { tenantId: tenant.id, customerIds: null, actor };
  const adminPassword = opts.adminPassword ?? randomBase32(16);
  const admin = await identity.createUser(db, scope, 'tenant_admin', {
    email: DEMO_ADMIN_EMAIL,
    name: 'Demo admin',
    role: 'tenant_admin',
    password: adminPassword,
  });

  const modelIds = new Map<string, string>();
  for (const m of demoAssetModels()) {
    const created = await assets.createModel(db, scope, m);
    modelIds.set(m.name, created.id);
  }
  await seedDemoRules(db, tenant.id, modelIds, actor);
  const customerIds = new Map<string, string>();
  const siteIds = new Map<string, string>();
  const serviced = new Map<string, Array<{ id: string; modelId: string | null }>>();
  const bySerial = new Map<string, DemoAsset>();
  const fleet = demoFleet(opts.seed ?? 1, opts.counts);
  let heatStation: DemoHeatStation | undefined;
  for (const a of fleet) {
    let customerId = customerIds.get(a.customerName);
    if (!customerId) {
      customerId = (await identity.createCustomer(db, scope, { name: a.customerName })).id;
      customerIds.set(a.customerName, customerId);
    }
    const siteKey = `${a.customerName}|${a.site}`;
    let siteId = siteIds.get(siteKey);
    if (!siteId) {
      const site = await assets.createAsset(db, scope, {
        name: a.site,
        serial: `SITE-${siteIds.size + 1}`,
        level: 'site',
        customerId,
        site: a.site,
        latitude: a.lat,
        longitude: a.lon,
        lifecycle: 'in_service',
      });
      siteId = site.id;
      siteIds.set(siteKey, siteId);
    }
    const asset = await assets.createAsset(db, scope, {
      name: a.name,
      serial: a.serial,
      modelId: modelIds.get(a.modelName) ?? null,
      customerId,
      parentId: siteId,
      level: 'asset',
      site: a.site,
      latitude: a.lat,
      longitude: a.lon,
      installDate: '2025-06-01',
      lifecycle: 'in_service',
      properties: a.properties,
    });
    bySerial.set(a.serial, { id: asset.id, siteId, customerId, modelId: asset.modelId });
    if (a.kind === 'heat-station' && !heatStation)
      heatStation = { ...a, id: asset.id, siteId, customerId, modelId: asset.modelId ?? '' };
    const list = serviced.get(customerId) ?? [];
    list.push({ id: asset.id, modelId: asset.modelId });
    serviced.set(customerId, list);
  }
  // Before the other contexts' seeds, so their records stay the newest the lists and the audit
  // trail show first.
  if (opts.telemetry && heatStation)
    await seedEnergyDemo({ db, telemetry: opts.telemetry }, scope, heatStation, opts.now);
  await seedMonitoringDemo(db, scope, admin.id, bySerial);
  await seedManufacturingDemo(db, scope, customerIds.get('Canal City Heating Co., Ltd.'));
  // One trained health baseline per demo asset model that has assets (issue 18).
  const phmModels = (Object.keys(assetModels) as AssetKind[]).flatMap((kind) => {
    const modelId = modelIds.get(assetModels[kind].name);
    const ids = [...bySerial].filter(([, a]) => modelId && a.modelId === modelId);
    return modelId && ids.length > 0
      ? [{ kind, assetModelId: modelId, assetIds: new Map(ids.map(([s, a]) => [s, a.id])) }]
      : [];
  });
  await seedPhmDemo(db, scope, phmModels);
  await seedServiceDemo(db, scope, {
    customers: [...serviced].map(([id, list]) => ({ id, assets: list })),
    ...(opts.blobs ? { blobs: opts.blobs } : {}),
  });
  // The province's pilot office as a tenant of its own, with the demo enterprise's grant; its
  // admin signs in with the same password (REGION_DEMO_ADMIN_EMAIL).
  await seedRegionDemo(db, scope, adminPassword);
  const key = await identity.createApiKey(db, scope, 'tenant_admin', {
    name: 'built-in simulator',
    role: 'engineer',
  });
  return {
    created: true,
    adminEmail: DEMO_ADMIN_EMAIL,
    adminPassword,
    simulatorKey: key.key,
    assets: fleet.length,
  };
}
