// The demo enterprise's own shop (issue #17): the Jiangsu equipment maker builds plate heat
// exchanger units to order for the district-heating stations it also services (HX-S). Four
// stations (three shifts, a second assembly bay that also runs on Sundays), one configurable product with a
// price list and a serialised unit, its materials, an open quote, a customer order released to a
// production order whose first operation runs, and the standard 1 MW unit its two regional depots
// keep in stock: four weeks of their sales and two open replenishment proposals. So the
// manufacturing screens and the API contract walk (the examples of src/server/docs/manufacturing*)
// have something in every list.
import type { Scope } from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import type { ProductModelSpec } from './configurator/index.ts';
import {
  createCustomerOrder,
  createProductModel,
  createQuote,
  createStation,
  importSales,
  importStock,
  proposeReplenishmentOrders,
  registerSku,
  releaseCustomerOrder,
  reportEvent,
  setMaterials,
} from './service/index.ts';

const DAY = 86_400_000;
/** Monday to Saturday, three shifts (local time of the tenant): the long welds and assemblies
 * of a big unit run through the night, so a planner can move them by hand (a hand move keeps
 * every operation within one stretch of working time). */
const shifts = [
  { days: [1, 2, 3, 4, 5, 6], start: '00:00', end: '08:00' },
  { days: [1, 2, 3, 4, 5, 6], start: '08:00', end: '16:00' },
  { days: [1, 2, 3, 4, 5, 6], start: '16:00', end: '00:00' },
];
/** Every day, three shifts: a bay that never stops (a planner can move work onto it any day). */
const roundTheClock = [
  { days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '08:00' },
  { days: [0, 1, 2, 3, 4, 5, 6], start: '08:00', end: '16:00' },
  { days: [0, 1, 2, 3, 4, 5, 6], start: '16:00', end: '00:00' },
];

const heatExchangerUnit: ProductModelSpec = {
  code: 'HXU-P',
  name: '板式换热机组 Plate heat exchanger unit',
  options: [
    { key: 'duty', required: true, values: [{ code: '1MW' }, { code: '2MW' }, { code: '4MW' }] },
    { key: 'plate', required: true, values: [{ code: 'SS316' }, { code: 'TI' }] },
    {
      key: 'pump',
      required: false,
      default: 'single',
      values: [{ code: 'single' }, { code: 'duty-standby' }],
    },
  ],
  rules: [
    {
      kind: 'requires',
      id: 'big-duty-standby',
      if: { option: 'duty', values: ['4MW'] },
      then: { option: 'pump', values: ['duty-standby'] },
    },
  ],
  bom: [
    {
      item: 'PLATE-{plate}',
      unit: 'pc',
      quantityBy: { option: 'duty', quantities: { '1MW': 60, '2MW': 110, '4MW': 200 } },
    },
    { item: 'FRAME-HX', unit: 'pc', quantity: 1 },
    {
      item: 'PUMP-CR',
      unit: 'pc',
      quantity: 2,
      when: { option: 'pump', values: ['duty-standby'] },
    },
    { item: 'PUMP-CR', unit: 'pc', quantity: 1, when: { option: 'pump', values: ['single'] } },
  ],
  changeover: { option: 'plate', minutes: 30 },
  routing: [
    {
      operation: 'welding',
      stations: [{ station: 'WLD1', minutesPerUnit: 240, setupMinutes: 30 }],
    },
    {
      operation: 'assembly',
      stations: [
        { station: 'ASM1', minutesPerUnit: 360 },
        { station: 'ASM2', minutesPerUnit: 360 },
      ],
    },
    { operation: 'pressure-test', stations: [{ station: 'TST1', minutesPerUnit: 90 }] },
  ],
  pricing: {
    basePriceFen: 38_000_000,
    optionPrices: [
      { option: 'duty', value: '2MW', priceFen: 16_000_000 },
      { option: 'duty', value: '4MW', priceFen: 41_000_000 },
      { option: 'plate', value: 'TI', priceFen: 12_500_000 },
      { option: 'pump', value: 'duty-standby', priceFen: 4_800_000 },
    ],
    rules: [{ kind: 'quantity-break', id: 'fleet', breaks: [{ minQuantity: 5, discountBp: 300 }] }],
    validityDays: 30,
  },
  serialised: { serialPrefix: 'HXU-' },
};

export async function seedManufacturingDemo(
  db: Db,
  scope: Scope,
  customerId: string | undefined,
  now = Date.now(),
): Promise<void> {
  for (const [code, name] of [
    ['WLD1', '焊接工位 1 Welding 1'],
    ['ASM1', '装配工位 1 Assembly 1'],
    ['TST1', '打压试验台 Pressure test bench'],
  ] as const)
    await createStation(db, scope, { code, name, line: 'HX', shifts });
  await createStation(db, scope, {
    code: 'ASM2',
    name: '装配工位 2（三班）Assembly 2, three shifts',
    line: 'HX',
    shifts: roundTheClock,
  });
  const model = await createProductModel(db, scope, heatExchangerUnit);
  await setMaterials(db, scope, [
    { item: 'PLATE-SS316', unit: 'pc', onHand: 400, leadTimeDays: 14 },
    { item: 'PLATE-TI', unit: 'pc', onHand: 120, leadTimeDays: 30 },
    { item: 'FRAME-HX', unit: 'pc', onHand: 6, leadTimeDays: 10 },
    { item: 'PUMP-CR', unit: 'pc', onHand: 8, leadTimeDays: 21 },
  ]);
  const configuration = { duty: '2MW', plate: 'SS316', pump: 'duty-standby' };
  await createQuote(
    db,
    scope,
    {
      modelId: model.id,
      customerId: customerId ?? null,
      reference: '运河城市供热 2027 年扩容询价',
      configuration: { duty: '4MW', plate: 'TI', pump: 'duty-standby' },
      quantity: 2,
    },
    now,
  );
  const order = await createCustomerOrder(db, scope, {
    modelId: model.id,
    customerId: customerId ?? null,
    reference: '运河城市供热 换热站改造 HT-2026-031',
    configuration,
    quantity: 3,
    dueAt: now + 21 * DAY,
  });
  const production = await releaseCustomerOrder(db, scope, order.id);
  // In progress: the welding of the first units began this morning.
  await reportEvent(db, scope, production.id, 0, {
    kind: 'start',
    station: 'WLD1',
    at: now - 2 * 3_600_000,
  });
  await seedDepots(db, scope, model.id, now);
}

/** The standard unit at the depots, their daily sales of the last four weeks. */
export const DEPOT_SKU = 'HXU-P-1MW-SS316-single';
const DEPOTS = ['NJ01', 'XZ01'];

/** Four weeks of depot sales (a unit every five days, deterministic), one unit left at each, and
 * the replenishment run of today: one open proposal per depot. */
async function seedDepots(db: Db, scope: Scope, modelId: string, now: number): Promise<void> {
  await registerSku(db, scope, { modelId, configuration: { duty: '1MW', plate: 'SS316' } });
  const today = new Date(now).toISOString().slice(0, 10);
  const rows = DEPOTS.flatMap((store, d) =>
    Array.from({ length: 28 }, (_, i) => ({
      sku: DEPOT_SKU,
      store,
      day: new Date(Date.parse(today) - (28 - i) * DAY).toISOString().slice(0, 10),
      quantity: (i + 2 * d) % 5 === 0 ? 1 : 0,
    })),
  );
  await importSales(db, scope, { rows });
  await importStock(db, scope, {
    rows: DEPOTS.map((store) => ({ sku: DEPOT_SKU, store, onHand: 1 })),
  });
  const policy = {
    leadTimeDays: 7,
    reviewDays: 7,
    z: 1.65,
    method: { kind: 'ses' as const, alpha: 0.3 },
    batchSize: 1,
    minHistoryDays: 14,
  };
  await proposeReplenishmentOrders(db, scope, policy, today);
}
