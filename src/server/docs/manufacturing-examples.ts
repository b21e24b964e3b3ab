// Examples of the manufacturing documentation, true for the demo tenant's shop
// (src/manufacturing/demo-seed.ts): a Jiangsu maker of plate heat exchanger units with stations
// WLD1, ASM1, ASM2 (three shifts) and TST1, the configurable unit HXU-P, materials PLATE-SS316,
// PLATE-TI, FRAME-HX and PUMP-CR, and two depots (NJ01, XZ01) stocking the 1 MW unit. The model
// a reader creates here is the compact unit HXU-C: same options and price list as HXU-P over a
// smaller range of duty, so every configuration shown (2 MW, SS316 or TI, duty-standby pump) is
// valid on either model and can be tried on the demo as it is.

const routing = [
  { operation: 'welding', stations: [{ station: 'WLD1', minutesPerUnit: 240, setupMinutes: 30 }] },
  {
    operation: 'assembly',
    stations: [
      { station: 'ASM1', minutesPerUnit: 360 },
      { station: 'ASM2', minutesPerUnit: 360 },
    ],
  },
  { operation: 'pressure-test', stations: [{ station: 'TST1', minutesPerUnit: 90 }] },
];

/** The price list of the demo's units (whole fen): 2 MW, titanium plates and a stand-by pump
 * cost extra; five units or more take 3 % off. */
export const pricingExample = {
  basePriceFen: 38_000_000,
  optionPrices: [
    { option: 'duty', value: '2MW', priceFen: 16_000_000 },
    { option: 'plate', value: 'TI', priceFen: 12_500_000 },
    { option: 'pump', value: 'duty-standby', priceFen: 4_800_000 },
  ],
  rules: [
    {
      kind: 'surcharge',
      id: 'ti-2mw',
      when: [
        { option: 'duty', values: ['2MW'] },
        { option: 'plate', values: ['TI'] },
      ],
      amountFen: 1_500_000,
    },
    { kind: 'quantity-break', id: 'fleet', breaks: [{ minQuantity: 5, discountBp: 300 }] },
  ],
  validityDays: 30,
};

/** The body of POST /manufacturing/models: the compact unit. */
export const compactUnitSpec = {
  code: 'HXU-C',
  name: '紧凑型板式换热机组 Compact plate heat exchanger unit',
  options: [
    { key: 'duty', required: true, values: [{ code: '1MW' }, { code: '2MW' }] },
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
      kind: 'excludes',
      id: 'no-ti-single-pump',
      if: { option: 'plate', values: ['TI'] },
      then: { option: 'pump', values: ['single'] },
    },
  ],
  bom: [
    {
      item: 'PLATE-{plate}',
      unit: 'pc',
      quantityBy: { option: 'duty', quantities: { '1MW': 50, '2MW': 96 } },
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
  routing,
  pricing: pricingExample,
};

export const productModelExample = {
  id: 'pm_2j1mg1tbxsj0sgy8',
  spec: compactUnitSpec,
  createdAt: 1796584966394,
  updatedAt: 1796584966394,
};

/** A 2 MW unit with stainless plates and a duty/stand-by pump pair, as the demo's order. */
export const configurationExample = { duty: '2MW', plate: 'SS316', pump: 'duty-standby' };
const sku = 'HXU-C-2MW-SS316-duty-standby';
/** The routing configured for it: every step carries the plate family's changeover. */
export const configuredRouting = routing.map((r) => ({
  ...r,
  changeover: { family: 'plate=SS316', minutes: 30 },
}));
const orderRouting = configuredRouting;

export const customerOrderExample = {
  id: 'co_7axns9rdq9cnj0vh',
  customerId: 'cu_84ftyaw2j3txg3wf',
  modelId: productModelExample.id,
  reference: '运河城市供热 换热站改造 HT-2026-044',
  sku,
  configuration: configurationExample,
  quantity: 2,
  dueAt: 1798398166424,
  priority: 3,
  bom: [
    { item: 'PLATE-SS316', unit: 'pc', perPiece: 96, quantity: 192 },
    { item: 'FRAME-HX', unit: 'pc', perPiece: 1, quantity: 2 },
    { item: 'PUMP-CR', unit: 'pc', perPiece: 2, quantity: 4 },
  ],
  routing: orderRouting,
  status: 'open',
  productionOrderId: null,
  createdAt: 1796584966426,
};

export const productionOrderExample = {
  id: 'po_6wj1a8jsysgg6n71',
  customerId: customerOrderExample.customerId,
  source: 'customer-order',
  sourceId: customerOrderExample.id,
  modelId: productModelExample.id,
  sku,
  quantity: 2,
  releaseAt: 1796584966435,
  dueAt: customerOrderExample.dueAt,
  priority: 3,
  routing: orderRouting,
  status: 'released',
  createdAt: 1796584966436,
};
