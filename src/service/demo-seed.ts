// The demo tenant's service business, so a new user sees the module working after `npm start`:
// one full-service contract per customer over its assets (Mon–Fri 08:30–17:30, Asia/Shanghai,
// with the 2026 holidays and 调休 days of the State Council's notice), three technicians in
// Jiangsu with a van each, a small parts catalogue with stock, and work orders in every open state
// and two finished ones, each holding what a person (and each documented example of the API,
// test/contract-demo.ts) acts on next: an order to assign, one to start, checklists to tick,
// reservations to consume and to release, a spare valve to return, a signature to sign off with.
import type { Scope } from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import { createContract } from './contracts/index.ts';
import { createTechnician } from './dispatch/index.ts';
import {
  createPart,
  createWarehouse,
  receiveStock,
  reservePart,
  settleReservation,
} from './parts/index.ts';
import { assignWorkOrder, openWorkOrder, transitionWorkOrder } from './work-orders/index.ts';
import { addChecklist, createChecklistTemplate } from './checklists/index.ts';
import { addAttachment, setAsBuilt, signOff, type BlobStore } from './attachments/index.ts';
import { createPlan } from './plans/index.ts';
import { signaturePng } from './demo-signature.ts';

const day = [{ start: '08:30', end: '17:30' }];
const holidays2026 = [
  ...['01-01', '01-02', '01-03'],
  ...['02-15', '02-16', '02-17', '02-18', '02-19', '02-20', '02-21', '02-22', '02-23'],
  ...['04-04', '04-05', '04-06', '05-01', '05-02', '05-03', '05-04', '05-05'],
  ...['06-19', '06-20', '06-21', '09-25', '09-26', '09-27'],
  ...['10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'],
].map((d) => `2026-${d}`);
const workdays2026 = ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'].map((d) => `2026-${d}`);

export interface ServiceDemoInput {
  /** Customers with their assets (id, model) in the demo fleet. */
  customers: Array<{ id: string; assets: Array<{ id: string; modelId: string | null }> }>;
  /** Where attachment bytes go (as the platform stores them); without it, no signatures. */
  blobs?: BlobStore;
}

export async function seedServiceDemo(
  db: Db,
  scope: Scope,
  input: ServiceDemoInput,
): Promise<void> {
  for (const c of input.customers) {
    if (!c.assets.length) continue;
    await createContract(db, scope, {
      customerId: c.id,
      name: '全包服务 Full service 2026–2027',
      kind: 'full_service',
      validFrom: '2026-01-01',
      validTo: '2027-12-31',
      assetIds: c.assets.map((a) => a.id),
      sla: {
        critical: { responseMinutes: 60, resolutionMinutes: 480 },
        high: { responseMinutes: 120, resolutionMinutes: 960 },
        medium: { responseMinutes: 480, resolutionMinutes: 2400 },
        low: { responseMinutes: 960, resolutionMinutes: 4800 },
      },
      pauseOnHold: true,
      availabilityTarget: 0.98,
      calendar: {
        timeZone: 'Asia/Shanghai',
        hours: { '1': day, '2': day, '3': day, '4': day, '5': day },
        holidays: holidays2026,
        workdays: workdays2026,
      },
      entitlements: { visitsPerYear: 4, partsIncluded: true, labourHours: 80 },
      priceFen: 18_000_000,
    });
  }
  const techs = [];
  for (const t of [
    {
      name: '李伟 Li Wei',
      skills: ['refrigeration', 'electrical'],
      homeLat: 31.3,
      homeLon: 120.62,
      region: 'Suzhou',
    },
    {
      name: '王芳 Wang Fang',
      skills: ['refrigeration', 'vibration'],
      homeLat: 32.06,
      homeLon: 118.8,
      region: 'Nanjing',
    },
    {
      name: '张磊 Zhang Lei',
      skills: ['boiler', 'electrical'],
      homeLat: 31.57,
      homeLon: 120.3,
      region: 'Wuxi',
    },
  ])
    techs.push(await createTechnician(db, scope, { userId: null, ...t }));
  const models = [
    ...new Set(input.customers.flatMap((c) => c.assets.map((a) => a.modelId))),
  ].filter((m): m is string => m !== null);
  const depot = await createWarehouse(db, scope, {
    name: '苏州中心库 Suzhou depot',
    kind: 'depot',
  });
  const van = await createWarehouse(db, scope, {
    name: '李伟 van',
    kind: 'van',
    technicianId: techs[0]!.id,
  });
  const parts = [];
  for (const [sku, name, cost, stock] of [
    ['EXV-25', 'Electronic expansion valve', 86_000, 4],
    ['BRG-6205', 'Bearing SKF 6205-2RS', 5_000, 12],
    ['FLT-OIL', 'Compressor oil filter', 12_000, 1],
  ] as const) {
    const p = await createPart(db, scope, {
      sku,
      name,
      fits: models,
      unitCostFen: cost,
      reorderPoint: 2,
      reorderQty: 10,
    });
    await receiveStock(db, scope, { warehouseId: depot.id, partId: p.id, qty: stock });
    parts.push(p);
  }
  await receiveStock(db, scope, { warehouseId: van.id, partId: parts[1]!.id, qty: 2 });
  const orders = await demoWorkOrders(
    db,
    scope,
    input,
    techs.map((t) => t.id),
    { valve: parts[0]!.id, bearing: parts[1]!.id, depot: depot.id, van: van.id },
  );
  await seedPlanDemo(db, scope, input, models, orders);
  if (input.blobs) await seedSignatures(db, scope, input.blobs, orders);
}

interface DemoStock {
  valve: string;
  bearing: string;
  depot: string;
  van: string;
}

/** Parts an order takes when work starts: the bearing job's van stock (consumed next), the
 * held order's bearing from the depot (released while it waits), and the valve job's two
 * valves, both drawn — one was spare and goes back to the depot. */
async function partsAtStart(
  db: Db,
  scope: Scope,
  title: string,
  id: string,
  s: DemoStock,
  t: number,
) {
  const reserve = (partId: string, warehouseId: string, qty: number) =>
    reservePart(db, scope, { workOrderId: id, partId, warehouseId, qty }, t);
  if (title === 'Bearing vibration rising') await reserve(s.bearing, s.van, 1);
  if (title === 'Waiting for customer access') await reserve(s.bearing, s.depot, 1);
  if (title === 'Expansion valve replaced') {
    const r = await reserve(s.valve, s.depot, 2);
    await settleReservation(db, scope, r.id, { action: 'consume' }, t);
  }
}

async function demoWorkOrders(
  db: Db,
  scope: Scope,
  input: ServiceDemoInput,
  techs: string[],
  stock: DemoStock,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const assets = input.customers.flatMap((c) => c.assets.map((a) => a.id));
  const at = (i: number) => assets[i % assets.length]!;
  const now = Date.now();
  const plan: Array<{
    title: string;
    priority: 'critical' | 'high' | 'medium' | 'low';
    path: string[];
    /** The fleet's first asset (the quarterly checklist's model), else one by turn. */
    first?: true;
  }> = [
    { title: 'COP below 3.0 for 20 minutes', priority: 'high', path: [] },
    { title: 'Annual inspection', priority: 'low', path: ['planned'] },
    { title: 'Bearing vibration rising', priority: 'medium', path: ['assigned', 'in_progress'] },
    {
      title: 'Waiting for customer access',
      priority: 'medium',
      path: ['assigned', 'in_progress', 'on_hold'],
    },
    {
      title: 'Refrigerant leak repaired',
      priority: 'critical',
      path: ['assigned', 'in_progress', 'done'],
    },
    {
      title: 'Condenser approach temperature high',
      priority: 'medium',
      path: ['assigned'],
      first: true,
    },
    {
      title: 'Expansion valve replaced',
      priority: 'high',
      path: ['assigned', 'in_progress', 'done', 'closed'],
    },
  ];
  for (const [i, p] of plan.entries()) {
    const t0 = now - (plan.length - i) * 6 * 3_600_000;
    const { workOrder } = await openWorkOrder(
      db,
      scope,
      { assetId: p.first ? at(0) : at(i), title: p.title, priority: p.priority, source: 'manual' },
      t0,
    );
    ids.set(p.title, workOrder.id);
    for (const [j, to] of p.path.entries()) {
      const t = t0 + (j + 1) * 3_600_000;
      if (to === 'assigned')
        await assignWorkOrder(
          db,
          scope,
          workOrder.id,
          { technicianId: techs[i % techs.length]! },
          t,
        );
      else await transitionWorkOrder(db, scope, workOrder.id, { to }, t);
      if (to === 'in_progress') await partsAtStart(db, scope, p.title, workOrder.id, stock, t);
    }
  }
  return ids;
}

/** Two maintenance plans (quarterly per model, every 500 running hours on one chiller), a
 * checklist template for each, a checklist on the order in progress and one as-built record. */
async function seedPlanDemo(
  db: Db,
  scope: Scope,
  input: ServiceDemoInput,
  models: string[],
  orders: Map<string, string>,
): Promise<void> {
  const first = input.customers.flatMap((c) => c.assets)[0];
  if (!first) return;
  const visit = await createChecklistTemplate(db, scope, {
    name: '上门检查 General visit',
    items: [
      { text: '核对设备铭牌并拍照 Photograph the nameplate', mandatory: true },
      { text: '检查异响与振动 Listen for noise and vibration', mandatory: true },
      { text: '向客户说明处理结果 Explain the work to the customer', mandatory: false },
    ],
  });
  const quarterly = await createChecklistTemplate(db, scope, {
    name: '季度保养 Quarterly service',
    modelId: first.modelId,
    items: [
      { text: '检查油位 Check the oil level', mandatory: true },
      { text: '检查冷媒压力 Check refrigerant pressure', mandatory: true },
      { text: '清洗冷凝器管 Clean the condenser tubes', mandatory: false },
    ],
  });
  const next = new Date();
  const start = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 1));
  if (models[0])
    await createPlan(db, scope, {
      name: '季度保养 Quarterly service',
      modelId: first.modelId ?? models[0],
      trigger: {
        kind: 'calendar',
        every: 3,
        unit: 'month',
        startDate: start.toISOString().slice(0, 10),
        atTime: '09:00',
        leadDays: 7,
      },
      title: '季度保养 Quarterly service',
      priority: 'low',
      skills: ['refrigeration'],
      checklistTemplateId: quarterly.id,
    });
  await createPlan(db, scope, {
    name: '压缩机每 500 运行小时 Compressor every 500 running hours',
    assetId: first.id,
    trigger: {
      kind: 'usage',
      metric: 'running_hours',
      channel: 'compressor_power',
      threshold: 20,
      interval: 500,
    },
    title: '压缩机检查 Compressor inspection',
    priority: 'medium',
    skills: ['refrigeration'],
    checklistTemplateId: quarterly.id,
  });
  const inProgress = orders.get('Bearing vibration rising');
  if (inProgress) await addChecklist(db, scope, inProgress, visit.id);
  const assigned = orders.get('Condenser approach temperature high');
  if (assigned && first.modelId) await addChecklist(db, scope, assigned, quarterly.id);
  await setAsBuilt(db, scope, first.id, {
    components: [
      { name: '离心压缩机 Centrifugal compressor', serial: 'CMP-2026-0417' },
      { name: '冷凝器 Condenser', serial: 'CDN-2026-1183' },
      { name: '变频器 Variable-speed drive', serial: 'VSD-2026-0092' },
    ],
    notes: '出厂测试合格 Factory acceptance test passed',
  });
}

/** The customer's signature on the two finished orders, captured on the technician's phone: the
 * closed one signed off with it, the done one still to be signed off. */
async function seedSignatures(
  db: Db,
  scope: Scope,
  blobs: BlobStore,
  orders: Map<string, string>,
): Promise<void> {
  for (const [seed, title] of ['Expansion valve replaced', 'Refrigerant leak repaired'].entries()) {
    const id = orders.get(title);
    if (!id) continue;
    const signature = await addAttachment(
      { db, blobs, maxBytes: 1 << 20 },
      scope,
      'work_order',
      id,
      {
        kind: 'signature',
        name: 'signature.png',
        bytes: signaturePng(seed),
      },
    );
    if (seed === 0)
      await signOff(db, scope, id, { name: '王建国', signatureAttachmentId: signature.id });
  }
}
