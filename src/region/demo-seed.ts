// The demo programme (issue #22): a region tenant of its own — the province's pilot office —
// with a programme on the synthetic panel of Jiangsu's 13 cities (./demo, CC0), a batch, an
// enterprise unit that is the demo enterprise tenant, a cluster with it as member and a funded
// project, one accepted annual report, and the demo enterprise's grant of its platform
// indicators to the region tenant. A new user sees the module working after `npm start`.
import { readFileSync } from 'node:fs';
import * as identity from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import { parseSystem } from './evaluate/index.ts';
import { createBatch, createProgramme } from './store/programmes.ts';
import { createReport, reviewReport } from './store/reports.ts';
import { importStatistics } from './store/statistics.ts';
import { addFunding, addMilestone, createUnit } from './store/units.ts';
import { createGrant } from './store/grants.ts';

export const REGION_DEMO_TENANT = 'jiangsu-pilot';
export const REGION_DEMO_ADMIN_EMAIL = 'admin@jiangsu-pilot.ronghe.local';

const demoFile = (name: string) => readFileSync(new URL(`./demo/${name}`, import.meta.url), 'utf8');

export async function seedRegionDemo(
  db: Db,
  enterprise: identity.Scope,
  adminPassword: string,
): Promise<void> {
  const actor = 'system:demo';
  const tenant = await identity.createTenant(
    db,
    { slug: REGION_DEMO_TENANT, name: '江苏省两业融合试点办公室 (demo region)' },
    actor,
  );
  const scope: identity.Scope = { tenantId: tenant.id, customerIds: null, actor };
  await identity.createUser(db, scope, 'tenant_admin', {
    email: REGION_DEMO_ADMIN_EMAIL,
    name: '试点办公室管理员',
    role: 'tenant_admin',
    password: adminPassword,
  });
  const system = parseSystem(JSON.parse(demoFile('system.json')));
  const p = await createProgramme(db, scope, {
    name: '江苏省先进制造业和现代服务业深度融合试点（示例）',
    system,
  });
  await importStatistics(db, scope, p.id, demoFile('jiangsu-cities-panel.csv'));
  const batch = await createBatch(db, scope, p.id, { name: '第一批', selectedOn: '2024-06-01' });
  const firm = await createUnit(db, scope, p.id, {
    batchId: batch.id,
    kind: 'enterprise',
    name: '演示设备制造企业（Demo 租户）',
    city: 'wuxi',
    county: '新吴区',
    industryCode: 'C34',
    paths: [
      'service-oriented-manufacturing',
      'full-lifecycle-management',
      'energy-saving-services',
    ],
    enterpriseTenantId: enterprise.tenantId,
  });
  await createUnit(db, scope, p.id, {
    batchId: batch.id,
    kind: 'cluster',
    name: '无锡高端装备服务化集群',
    city: 'wuxi',
    industryCode: 'C34',
    paths: ['industrial-internet', 'supply-chain-management'],
    leadUnitId: firm.id,
    memberIds: [firm.id],
  });
  const project = await createUnit(db, scope, p.id, {
    batchId: batch.id,
    kind: 'project',
    name: '冷水机组远程运维与合同能源管理项目',
    city: 'wuxi',
    industryCode: '3441',
    paths: ['energy-saving-services'],
    leadUnitId: firm.id,
  });
  await addFunding(db, scope, project.id, {
    kind: 'award',
    amountFen: 300_000_000,
    source: '省级专项资金',
    onDate: '2024-07-01',
  });
  await addFunding(db, scope, project.id, {
    kind: 'disbursement',
    amountFen: 150_000_000,
    source: '省级专项资金',
    onDate: '2024-09-15',
  });
  await addMilestone(db, scope, project.id, {
    title: '远程监测平台上线',
    dueOn: '2025-03-31',
    status: 'done',
  });
  await addMilestone(db, scope, project.id, {
    title: '首批节能量核证',
    dueOn: '2026-06-30',
    status: 'planned',
  });
  const report = await createReport(db, scope, p.id, {
    unitId: firm.id,
    period: 2025,
    dueOn: '2026-03-31',
    // Illustrative figures of one enterprise (synthetic, like the panel).
    values: {
      mfg_value_added: 12.5,
      rd_intensity: 3.4,
      hitech_share: 45,
      labour_productivity: 38,
      energy_intensity: 0.32,
      producer_services_va: 2.1,
      software_revenue: 0.6,
      tech_service_staff: 0.05,
      servitization_share: 18.5,
      logistics_cost_ratio: 12,
    },
    narrative: '服务收入占比 18.5%，远程监测设备覆盖率提升。（示例数据）',
  });
  await reviewReport(db, scope, report.id, 'submit');
  await reviewReport(db, scope, report.id, 'accept');
  await createGrant(db, enterprise, {
    regionTenant: REGION_DEMO_TENANT,
    revenueFen: 50_000_000_000,
  });
}
