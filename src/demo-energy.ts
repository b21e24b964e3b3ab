// The demo's energy performance contract (issue #17): a heat meter at the inlet of one of the
// demo's district-heating stations, its cumulative register written hour by hour through the
// telemetry service from 2025 to now, the station's weather (the simulator's outdoor temperature
// of its city) as an imported station, a shared-savings contract from 2026-01-01 with the 2025
// baseline fitted and approved by both parties, one statement per settled month (accepted, the
// last but one issued and awaiting the customer, the last a draft), and a weather-compensation
// curve on the heat-station model. A new user opening the console sees energy figures, and the
// documented examples (2025 baseline, 2026 statements) address real demo records.
//
// Heat use: a building heat-loss coefficient times the degrees the day's mean outdoor temperature
// falls below a balance point, plus a base for hot water and network losses (the degree-day
// method, ASHRAE Handbook—Fundamentals 2017, ch. 18). The building's thermal mass carries it
// through the day, so its space heating follows the daily mean, not each hour's temperature: an
// hourly response put heat into the cold nights of October and May days whose mean is above the
// balance point, which no degree-day baseline can see (CalTRACK's daily model, §3.3.1.2, uses the
// daily mean), and the 2025 fit absorbed it into a base 9 kW too high — about 6,400 kWh of
// phantom "savings" every summer month and −11,879 kWh in October 2026. Within the day the heat
// still leans to the colder hours, with a deterministic ±4 % hourly scatter; the retrofit saves
// 15 % of the space heating from 2026-01-01. Deterministic: the same data on every start.
import * as assets from './assets/index.ts';
import { energyService as es, type EnergyDeps } from './energy/index.ts';
import type { Scope } from './identity/index.ts';
import { outdoorTemperature, type City } from './simulator/index.ts';
import { writeChannelRetention } from './telemetry/index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BEIJING = 8 * HOUR;
/** Local midnight of a date in China Standard Time (the demo tenant's zone, no DST). */
const localMidnight = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - BEIJING;
/** Two days before the 2025 baseline year: the register's start value of its first day. */
const DATA_START = localMidnight(2024, 12, 30);
const RETROFIT = localMidnight(2026, 1, 1);
/** 61 °F (16.1 °C): the station's balance point, on CalTRACK's 1 °F search grid (§3.2.1), so the
 * baseline fit can find the building's own and the demo's savings are the retrofit's. */
const BALANCE_C = (61 - 32) / 1.8;
/** kW per K below the balance point: a 2 MW design load at −2 °C (GB 50736-2012 appendix A). */
const UA_KW_PER_K = 110;
/** How far the hour's heat follows the hour's deviation from the day's mean, per K (±≈20 %). */
const HOURLY_SHAPE_PER_K = 0.04;
const BASE_KW = 55;
const SAVING = 0.15;
const REGISTER_START_KWH = 1_250_000;

/** The heat meter's model: one cumulative register (累计热量), as a CJ 128 heat meter reports. */
export const HEAT_METER_MODEL = {
  name: 'HM-U Ultrasonic Heat Meter',
  category: 'meter',
  description:
    'Ultrasonic heat meter (CJ 128) at the primary inlet of a heat exchange station: cumulative heat register.',
  properties: [],
  channels: [
    {
      key: 'heat_total',
      name: 'Cumulative heat',
      unit: 'kWh',
      dataType: 'float' as const,
      min: 0,
      max: 1e12,
      expectedIntervalS: 3600,
    },
  ],
  allowNewChannels: false,
};

export interface DemoHeatStation {
  id: string;
  serial: string;
  name: string;
  site: string;
  siteId: string;
  customerId: string;
  modelId: string;
  city: City;
}

const localDayStart = (t: number) => Math.floor((t + BEIJING) / DAY) * DAY - BEIJING;

/** The outdoor temperatures of the local day containing `t`, at each hour's start: the readings
 * the demo's weather station imports, whose mean is CalTRACK's daily temperature. */
function dayTemperatures(city: City, t: number): number[] {
  const start = localDayStart(t);
  return Array.from({ length: 24 }, (_, h) => outdoorTemperature(1, city, start + h * HOUR));
}

/** Mean heat delivered in each hour of the local day starting at `day` (a local midnight), kW. */
function dayHeatKw(city: City, day: number, retrofitted = day >= RETROFIT): number[] {
  const temps = dayTemperatures(city, day);
  const mean = temps.reduce((a, b) => a + b, 0) / temps.length;
  return temps.map((hourC, i) => {
    // The shape's deviations sum to zero over the day: the day's space heat is the degree-day's.
    const shape = 1 + HOURLY_SHAPE_PER_K * (mean - hourC);
    const space =
      UA_KW_PER_K * Math.max(0, BALANCE_C - mean) * shape * (retrofitted ? 1 - SAVING : 1);
    const h = Math.floor(day / HOUR) + i;
    const scatter = 1 + 0.03 * Math.sin(h * 1.7) + 0.01 * Math.sin(h * 0.37);
    return (space + BASE_KW) * scatter;
  });
}

/** Mean heat delivered in the hour starting at `t` (a whole hour), kW. */
export function demoHeatKw(city: City, t: number, retrofitted = t >= RETROFIT): number {
  const day = localDayStart(t);
  return dayHeatKw(city, day, retrofitted)[Math.round((t - day) / HOUR)]!;
}

/** The serial of the demo heat meter at a heat station. */
export const heatMeterSerial = (stationSerial: string) => `HM-${stationSerial}`;

/**
 * The heat meter's register at each whole hour of [from, to], to 0.1 kWh as the meter shows it:
 * what the demo seed writes from two days before 2025 and the demo feed carries on hour by hour
 * afterwards (demo-feed.ts), the one sum of the load model from the register's start value, so
 * the readings after the platform's start continue the seeded history without a step.
 */
export function* heatRegisterReadings(
  city: City,
  from: number,
  to: number,
): Generator<{ ts: number; kWh: number }> {
  let register = REGISTER_START_KWH;
  for (let day = DATA_START; day <= to; day += DAY) {
    const kw = dayHeatKw(city, day);
    for (let i = 0; i < 24; i++) {
      const ts = day + i * HOUR;
      if (ts > to) return;
      if (ts >= from) yield { ts, kWh: Math.round(register * 10) / 10 };
      register += kw[i]!;
    }
  }
}

/** Month labels `YYYY-MM` from 2026-01 to the last whole month before `now` (local). */
function settledMonths(now: number): string[] {
  const local = new Date(now + BEIJING);
  const out: string[] = [];
  for (let y = 2026, m = 1; y * 12 + m < local.getUTCFullYear() * 12 + local.getUTCMonth() + 1;) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

async function writeRegister(
  deps: EnergyDeps,
  scope: Scope,
  meterAsset: string,
  s: DemoHeatStation,
  now: number,
) {
  let batch: Array<{ asset: string; ts: number; values: Record<string, number> }> = [];
  for (const r of heatRegisterReadings(s.city, DATA_START, now)) {
    batch.push({ asset: meterAsset, ts: r.ts, values: { heat_total: r.kWh } });
    if (batch.length === 5_000) {
      await deps.telemetry.ingestJson(scope, batch);
      batch = [];
    }
  }
  let weather = 'dt,tempC';
  for (let t = DATA_START; t <= now; t += HOUR)
    weather += `\n${new Date(t).toISOString()},${outdoorTemperature(1, s.city, t).toFixed(1)}`;
  if (batch.length) await deps.telemetry.ingestJson(scope, batch);
  await deps.telemetry.flush();
  return weather;
}

export async function seedEnergyDemo(
  deps: EnergyDeps,
  provider: Scope,
  station: DemoHeatStation,
  now = Date.now(),
): Promise<void> {
  const model = await assets.createModel(deps.db, provider, HEAT_METER_MODEL);
  const meterAsset = await assets.createAsset(deps.db, provider, {
    name: `${station.name} Heat Meter`,
    serial: heatMeterSerial(station.serial),
    modelId: model.id,
    customerId: station.customerId,
    parentId: station.siteId,
    level: 'asset',
    site: station.site,
    installDate: '2024-10-15',
    lifecycle: 'in_service',
    properties: {},
  });
  // The register is the contract's evidence (GB/T 24915-2020 §7: kept for the contract's term and
  // a re-fit of its baseline): kept for ever, whatever retention the tenant sets for the rest.
  await writeChannelRetention(deps.telemetry.retention, provider.tenantId, 'heat_total', null, {
    raw: null,
    '1m': null,
    '1h': null,
    '1d': null,
  });
  const weather = await writeRegister(deps, provider, meterAsset.id, station, now);
  const ws = await es.createStation(deps, provider, {
    name: `${station.city} 气象站 (demo weather)`,
    source: 'imported',
  });
  await es.importWeatherCsv(deps, provider, ws.id, weather);
  await es.linkSite(deps, provider, station.site, ws.id);
  const meter = await es.createMeter(deps, provider, {
    name: `${station.name} 热量表 heat meter`,
    kind: 'heat',
    unit: 'kWh',
    source: { kind: 'channel', assetId: meterAsset.id, channel: 'heat_total', mode: 'register' },
  });
  const contract = await es.createContract(deps, provider, {
    name: '换热站节能改造 Heat station retrofit',
    customerId: station.customerId,
    terms: { kind: 'shared-savings', providerShare: 0.6 },
    // Heat is sold at one price all day: about 55 CNY/GJ, 0.2 CNY/kWh.
    tariff: {
      currency: 'CNY',
      utcOffsetMin: 480,
      prices: { flat: 0.2 },
      seasons: [{ months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], hours: Array(24).fill('flat') }],
    },
    period: 'month',
    startDate: '2026-01-01',
    endDate: '2031-01-01',
  });
  const terms = {
    meterId: meter.id,
    periodStart: '2025-01-01',
    periodEnd: '2026-01-01',
    method: 'daily' as const,
    adjustments: [],
  };
  await es.proposeBaseline(deps, provider, contract.id, terms, '2025 heating year, CalTRACK daily');
  // The customer's energy desk signs on the customer's side (the demo has no customer user).
  const customer: Scope = {
    ...provider,
    customerIds: [station.customerId as never],
    actor: 'system:demo-customer',
  };
  await es.approveBaseline(deps, provider, contract.id, 1);
  await es.approveBaseline(deps, customer, contract.id, 1);
  const months = settledMonths(now);
  for (const [i, period] of months.entries()) {
    const [r] = await es.settlePeriod(deps, provider, { period, contractIds: [contract.id] });
    const id = r?.value?.statementId;
    if (!id || i === months.length - 1) continue; // the last month stays a draft
    const [y, m] = period.split('-').map(Number) as [number, number];
    const invoiceDate = new Date(Date.UTC(y, m, 3)).toISOString().slice(0, 10);
    await es.moveStatement(deps, provider, id, 'issued', '', {
      invoiceNo: `3200262${String(y)}${String(m).padStart(2, '0')}000001`,
      invoiceDate,
    });
    if (i < months.length - 2) await es.moveStatement(deps, customer, id, 'accepted', '');
  }
  // Weather compensation of the heat-station model: 65 °C supply at −5 °C outdoors, 40 °C at 15 °C.
  await es.setCurve(deps, provider, { scope: 'model', id: station.modelId }, [
    { outdoorC: -5, supplyC: 65 },
    { outdoorC: 5, supplyC: 55 },
    { outdoorC: 15, supplyC: 40 },
  ]);
}
