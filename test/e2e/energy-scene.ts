// The energy scene of the e2e tests, set up through the HTTP API as the flow would (the
// demo tenant has no energy data): a metered asset with 14 months of daily use (heating-dominated,
// 20 % saved from 2026-01-01), an imported weather station for its site, a shared-savings
// contract, a baseline proposed by the provider and approved by both parties, and two settled
// months (2026-01, 2026-02) as draft statements. Also a customer user (the customer party).
import { createUserWithOwnPassword, type Api } from './api.ts';
import type { Console } from './browser.ts';

const OFF = 480; // Beijing time
const DAY = 86_400_000;
const localMidnight = (y: number, m: number, d: number) => Date.UTC(y, m, d) - OFF * 60_000;
const T0 = localMidnight(2025, 0, 1);
const T1 = localMidnight(2026, 2, 1);
const tempC = (day: number) => 14 - 14 * Math.cos((2 * Math.PI * (day - 20)) / 365);
const tempF = (day: number) => (tempC(day) * 9) / 5 + 32;
const use = (day: number) => {
  const base = 200 + 8 * Math.max(0, 60 - tempF(day)) + 6 * Math.sin(day * 1.7);
  return T0 + day * DAY >= localMidnight(2026, 0, 1) ? 0.8 * base : base;
};

export interface EnergyScene {
  contractId: string;
  meterId: string;
  statements: Record<'2026-01' | '2026-02', string>;
  customer: { email: string; password: string };
}

export async function energyScene(c: Console, api: Api): Promise<EnergyScene> {
  const customer = await api.call<{ id: string }>('POST', '/api/v1/customers', {
    name: '苏州某医院 Suzhou Hospital',
  });
  const model = await api.call<{ id: string }>('POST', '/api/v1/asset-models', {
    name: 'Energy meter EM',
    channels: [{ key: 'kwh', name: 'kWh', dataType: 'float', unit: 'kWh' }],
  });
  const serial = `EM-E2E-${Date.now()}`;
  const asset = await api.call<{ id: string }>('POST', '/api/v1/assets', {
    name: 'Main meter 总表',
    serial,
    modelId: model.id,
    customerId: customer.id,
    site: 'Suzhou Hospital',
  });
  const points = [];
  for (let d = 0; T0 + d * DAY < T1; d++)
    points.push({ asset: serial, ts: T0 + d * DAY + 12 * 3_600_000, values: { kwh: use(d) } });
  await api.call('POST', '/api/v1/telemetry', { points });

  const station = await api.call<{ id: string }>('POST', '/api/v1/energy/weather-stations', {
    name: 'Suzhou Met',
    source: 'imported',
  });
  const rows = ['dt,tempC'];
  for (let h = -24; T0 + h * 3_600_000 < T1; h++)
    rows.push(
      `${new Date(T0 + h * 3_600_000).toISOString()},${tempC(Math.floor(h / 24)).toFixed(3)}`,
    );
  await api.call('POST', `/api/v1/energy/weather-stations/${station.id}/import`, {
    csv: rows.join('\n'),
  });
  await api.call('PUT', `/api/v1/energy/sites/${encodeURIComponent('Suzhou Hospital')}/station`, {
    stationId: station.id,
  });

  const meter = await api.call<{ id: string }>('POST', '/api/v1/energy/meters', {
    name: 'Main meter 总表',
    kind: 'electricity',
    unit: 'kWh',
    source: { kind: 'channel', assetId: asset.id, channel: 'kwh', mode: 'interval' },
  });
  const hours = Array.from({ length: 24 }, (_, h) => (h < 8 ? 'valley' : h < 16 ? 'peak' : 'flat'));
  const contract = await api.call<{ id: string }>('POST', '/api/v1/energy/contracts', {
    name: 'Chiller plant retrofit 冷站改造',
    customerId: customer.id,
    terms: { kind: 'shared-savings', providerShare: 0.6 },
    tariff: {
      currency: 'CNY',
      utcOffsetMin: OFF,
      prices: { peak: 1.1, flat: 0.7, valley: 0.3 },
      seasons: [{ months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], hours }],
    },
    period: 'month',
    startDate: '2026-01-01',
    endDate: '2031-01-01',
  });
  await api.call('POST', `/api/v1/energy/contracts/${contract.id}/baselines`, {
    meterId: meter.id,
    periodStart: '2025-01-01',
    periodEnd: '2026-01-01',
    method: 'daily',
    adjustments: [],
    note: 'Baseline year 2025',
  });
  await api.call('POST', `/api/v1/energy/contracts/${contract.id}/baselines/1/approve`);

  const email = `facilities.${Date.now()}@hospital.example`;
  const password = 'Customer-Pass-2026!';
  await createUserWithOwnPassword(c, api, {
    email,
    name: 'Facilities 设施科',
    role: 'customer_viewer',
    password,
    customerId: customer.id,
  });
  return {
    contractId: contract.id,
    meterId: meter.id,
    statements: { '2026-01': '', '2026-02': '' },
    customer: { email, password },
  };
}

/** The customer approves the baseline, then both months are settled (draft statements). */
export async function approveAndSettle(admin: Api, customer: Api, s: EnergyScene): Promise<void> {
  await customer.call('POST', `/api/v1/energy/contracts/${s.contractId}/baselines/1/approve`);
  for (const period of ['2026-01', '2026-02'] as const) {
    const r = await admin.call<{
      items: Array<{ status: string; reason?: string; value?: { statementId?: string } }>;
    }>('POST', '/api/v1/energy/settlements', { period, contractIds: [s.contractId] });
    const item = r.items[0]!;
    if (item.status !== 'ok') throw new Error(`settle ${period}: ${item.status} ${item.reason}`);
    s.statements[period] = item.value!.statementId!;
  }
}
