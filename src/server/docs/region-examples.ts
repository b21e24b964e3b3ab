// Examples of the region route docs (region.ts), kept apart so that file stays readable.

export const system = {
  name: '两业融合发展水平评价',
  alpha: 0.5,
  beta: 0.5,
  subsystems: [
    {
      key: 'manufacturing',
      name: '先进制造业',
      indicators: [
        { key: 'mfg_value_added', name: '制造业增加值', unit: '亿元', direction: 'positive' },
        { key: 'energy_intensity', name: '单位工业增加值能耗', direction: 'negative' },
      ],
      ahp: [
        [1, 2],
        [0.5, 1],
      ],
    },
    {
      key: 'services',
      name: '现代服务业',
      indicators: [
        { key: 'producer_services_va', name: '生产性服务业增加值', direction: 'positive' },
      ],
    },
  ],
};
export const programme = {
  id: 'rp_4k2m9q7w1e3r5t8y',
  name: '江苏省两业融合试点（示例）',
  system,
  createdAt: 1767225600000,
};
export const batch = {
  id: 'rb_7y2k4m9q1w3e5r8t',
  programmeId: programme.id,
  name: '第一批',
  selectedOn: '2024-06-01',
  createdAt: 1767225600000,
};
export const unit = {
  id: 'ru_2m4n8p5q3k1x9c7b',
  programmeId: programme.id,
  batchId: batch.id,
  kind: 'enterprise',
  name: '示例冷水机组制造企业',
  city: 'wuxi',
  county: '新吴区',
  industryCode: 'C34',
  paths: ['service-oriented-manufacturing', 'energy-saving-services'],
  leadUnitId: null,
  memberIds: [],
  enterpriseTenantId: null,
  createdAt: 1767225600000,
};
export const report = {
  id: 'rr_9c7b2m4n8p5q3k1x',
  programmeId: programme.id,
  unitId: unit.id,
  period: 2025,
  dueOn: '2026-03-31',
  status: 'accepted',
  values: { mfg_value_added: 12.5, energy_intensity: 0.41, producer_services_va: 3.2 },
  narrative: '服务收入占比提升至 18%。',
  attachments: [],
  history: [
    { at: 1767225600000, by: 'user:us_1', action: 'create', comment: '' },
    { at: 1767312000000, by: 'user:us_1', action: 'submit', comment: '' },
    { at: 1767398400000, by: 'user:us_2', action: 'accept', comment: '' },
  ],
  createdAt: 1767225600000,
  updatedAt: 1767398400000,
};
export const evalRow = {
  unit: 'nanjing',
  name: '南京',
  city: 'nanjing',
  year: 2023,
  U1: 0.8247,
  U2: 0.7575,
  C: 0.9991,
  T: 0.7911,
  D: 0.889,
  class: 'good-coordination',
  classLabel: { 'zh-CN': '良好协调', en: 'good coordination' },
  lagging: 'none',
  rank: 2,
  change: 0.041,
  normalised: { mfg_value_added: 0.93, energy_intensity: 0.71, producer_services_va: 0.88 },
};
export const tenantRef = (id: string, slug: string, name: string) => ({ id, slug, name });
export const grant = {
  id: 'rg_5q3k1x9c7b2m4n8p',
  enterpriseTenant: tenantRef('te_qevvrh5z26vy8njn', 'demo', 'Demo 演示 (Jiangsu equipment maker)'),
  regionTenant: tenantRef(
    'te_4n8p5q3k1x9c7b2m',
    'jiangsu-pilot',
    '江苏省两业融合试点办公室 (demo region)',
  ),
  indicators: [
    'serviceRevenueShare',
    'installedBaseUnderContractShare',
    'remotelyMonitoredShare',
    'verifiedSavingsKwh',
    'workOrdersHandled',
    'customisedOrders',
    'oee',
  ],
  revenueFen: 50_000_000_000,
  grantedBy: 'user:us_1',
  grantedAt: 1767225600000,
  revokedBy: null,
  revokedAt: null,
};
export const indicators = {
  grantId: grant.id,
  enterpriseTenant: grant.enterpriseTenant,
  at: 1767312000000,
  indicators: {
    serviceRevenueShare: 0.12,
    serviceRevenueYuan: 60_000_000,
    installedBaseUnderContractShare: 0.35,
    remotelyMonitoredShare: 0.9,
    verifiedSavingsKwh: 1_250_000,
    workOrdersHandled: 46,
    customisedOrders: 12,
    oee: 0.71,
    assets: 40,
  },
};
