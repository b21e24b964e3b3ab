// The demo fleet: which assets exist, where, and for whom. Serial numbers are the asset keys of
// the generated telemetry; the platform creates the same assets at start-up from this list.

import { hashInts, uniform } from './random.ts';
import { assetKinds, assetModels, type AssetKind } from './models.ts';
import { cities, type City } from './weather.ts';

export interface FleetAsset {
  /** Serial number: the asset key in telemetry. */
  serial: string;
  name: string;
  kind: AssetKind;
  modelName: string;
  site: string;
  city: City;
  customerName: string;
  lat: number;
  lon: number;
  /** Nameplate values, keyed as the model's properties. */
  properties: Record<string, number>;
}

export type FleetCounts = Partial<Record<AssetKind, number>>;

export const defaultCounts: Readonly<Record<AssetKind, number>> = {
  chiller: 3,
  'heat-station': 3,
  locomotive: 3,
  'gearbox-bench': 3,
  'garment-line': 3,
};

interface KindProfile {
  prefix: string;
  noun: string;
  siteNoun: string;
  customers: readonly string[];
  properties: (u: number) => Record<string, number>;
}

const pick = <T>(xs: readonly T[], u: number): T => xs[Math.floor(u * xs.length) % xs.length]!;

// 200, 300 and 400 refrigeration tons (1 RT = 3.517 kW); design flow for a 5 K chilled-water Δt.
const chillerProps = (u: number): Record<string, number> => {
  const cap = pick([703, 1055, 1407], u);
  return {
    rated_capacity: cap,
    design_flow: Math.round((cap / (4.186 * 5)) * 3.6 * 10) / 10,
    chw_setpoint: 7,
  };
};

const profiles: Record<AssetKind, KindProfile> = {
  chiller: {
    prefix: 'CHL',
    noun: 'Chiller',
    siteNoun: 'Plant',
    customers: [
      'Jinling Biopharma Co., Ltd.',
      'Taihu Data Centre Co., Ltd.',
      'Xishan Precision Electronics Co., Ltd.',
    ],
    properties: chillerProps,
  },
  'heat-station': {
    prefix: 'HXS',
    noun: 'Heat Station',
    siteNoun: 'Heating District',
    customers: ['Jiangnan Thermal Utility Co., Ltd.', 'Canal City Heating Co., Ltd.'],
    // Design outdoor temperature for heating along the lower Yangtze is about −2 °C (GB 50736-2012, appendix A).
    properties: (u) => ({ design_load: pick([1200, 2000, 3000], u), design_outdoor_temp: -2 }),
  },
  locomotive: {
    prefix: 'LOC',
    noun: 'Locomotive',
    siteNoun: 'Depot',
    customers: ['Yangtze Delta Freight Railway Co., Ltd.'],
    properties: () => ({ max_speed: 120, rated_power: 7200 }),
  },
  'gearbox-bench': {
    prefix: 'GBX',
    noun: 'Gearbox Test Bench',
    siteNoun: 'Test Centre',
    customers: ['Zhongshan Drive Systems Co., Ltd.', 'Huaxia Wind Gearbox Co., Ltd.'],
    properties: (u) => ({ rated_torque: pick([2000, 5000], u), rated_speed: 1800 }),
  },
  'garment-line': {
    prefix: 'GML',
    noun: 'Sewing Line',
    siteNoun: 'Sewing Plant',
    customers: ['Haimen Apparel Co., Ltd.', 'Wujin Textile & Garment Co., Ltd.'],
    properties: (u) => ({ stations: 12, standard_cycle: pick([11, 13, 15], u) }),
  },
};

/** Serial number of the i-th (0-based) asset of a kind, e.g. CHL-0001. */
export const serialOf = (kind: AssetKind, i: number): string =>
  `${profiles[kind].prefix}-${String(i + 1).padStart(4, '0')}`;

/**
 * The demo fleet for a seed: `counts` assets of each kind (default 3 each), spread over the five
 * Jiangsu cities. The same seed always gives the same list; serials do not depend on the seed.
 */
export function demoFleet(seed: number, counts: FleetCounts = defaultCounts): FleetAsset[] {
  const out: FleetAsset[] = [];
  assetKinds.forEach((kind, kindIndex) => {
    const p = profiles[kind];
    const n = counts[kind] ?? 0;
    const cityOffset = hashInts(seed, kindIndex, 0xc17) % cities.length;
    for (let i = 0; i < n; i++) {
      const climate = cities[(cityOffset + i) % cities.length]!;
      const u = (s: number) => uniform(seed, kindIndex, i, s);
      const customerName = pick(p.customers, u(1));
      out.push({
        serial: serialOf(kind, i),
        name: `${climate.city} ${p.noun} ${i + 1}`,
        kind,
        modelName: assetModels[kind].name,
        site: `${climate.city} ${p.siteNoun}`,
        city: climate.city,
        customerName,
        lat: Math.round((climate.lat + (u(2) - 0.5) * 0.1) * 1e4) / 1e4,
        lon: Math.round((climate.lon + (u(3) - 0.5) * 0.1) * 1e4) / 1e4,
        properties: p.properties(u(4)),
      });
    }
  });
  return out;
}

/** Spreads a total over the five kinds as evenly as possible, in kind order. */
export function countsForTotal(total: number): Record<AssetKind, number> {
  const base = Math.floor(total / assetKinds.length);
  const extra = total % assetKinds.length;
  const out = {} as Record<AssetKind, number>;
  assetKinds.forEach((k, i) => (out[k] = base + (i < extra ? 1 : 0)));
  return out;
}
