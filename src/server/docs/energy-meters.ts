// Documentation of the energy routes for meters, weather stations and site stations, for
// /openapi.json (see route-docs.ts; energy.ts puts the parts together).
import { Type } from '@sinclair/typebox';
import { Nullable, type RouteDocs } from './route-docs.ts';
import { WeatherStation, Meter } from './energy-schemas.ts';

/** The demo's heat meter (src/demo-energy.ts): the register of a heat station's inlet. */
const heatMeter = {
  id: 'em_njf5sjqxpbrn740t',
  name: 'Wuxi Heat Station 1 热量表 heat meter',
  kind: 'heat',
  unit: 'kWh',
  customerId: 'cu_e96p0xjywfkj6jyw',
  site: 'Wuxi Heating District',
  source: {
    kind: 'channel',
    assetId: 'as_d9s281rfe5czx4p1',
    channel: 'heat_total',
    mode: 'register',
  },
  createdAt: 1796641385391,
};
const districtMeter = {
  ...heatMeter,
  id: 'em_rdhv05jggpazn77v',
  name: 'Wuxi Heating District heat (virtual)',
  source: { kind: 'virtual', terms: [{ meterId: heatMeter.id, sign: 1 }] },
};

export const energyMeterDocs: RouteDocs = {
  'GET /api/v1/energy/meters': {
    summary: 'List meters',
    description: "Energy meters (electricity, heat, gas, water) of the caller's assets and sites.",
    response: { 200: Type.Array(Meter) },
    example: [heatMeter],
  },
  'POST /api/v1/energy/meters': {
    summary: 'Create a meter',
    description: 'A meter reading an asset channel, with its energy kind and unit.',
    response: { 201: Meter },
    example: districtMeter,
    // A virtual meter: the district's heat as the sum of its stations' heat meters (on the demo,
    // the one meter of Wuxi Heating District); a channel meter names an asset and channel instead.
    body: {
      name: districtMeter.name,
      kind: 'heat',
      unit: 'kWh',
      source: districtMeter.source,
    },
  },
  'GET /api/v1/energy/meters/:id': {
    summary: 'Get a meter',
    description: 'One meter by id.',
    response: { 200: Meter },
    example: heatMeter,
    params: { id: heatMeter.id },
  },
  'GET /api/v1/energy/meters/:id/daily': {
    summary: 'Daily consumption',
    description:
      "A meter's consumption per local day between two times (`from`/`to` by the time parser, days cut at midnight in the tenant's zone or `tz`); `value` is null for a day the meter cannot tell (a register without a reading at one of the day's ends).",
    query: { from: 'now-7d', to: 'now' },
    response: {
      200: Type.Object({
        meterId: Type.String(),
        unit: Type.String(),
        days: Type.Array(
          Type.Object({
            dayMs: Type.Number(),
            value: Nullable(Type.Number()),
            samples: Type.Number(),
          }),
        ),
      }),
    },
    example: {
      meterId: heatMeter.id,
      unit: 'kWh',
      days: [
        { dayMs: 1793462400000, value: 3779.5, samples: 24 },
        { dayMs: 1793548800000, value: 3493.2, samples: 24 },
      ],
    },
  },
  'GET /api/v1/energy/weather-stations': {
    summary: 'List weather stations',
    description: 'Weather stations whose temperatures drive baselines (degree days).',
    response: { 200: Type.Array(WeatherStation) },
    example: [
      {
        id: 'ws_8hmt0kq3e2vg6d1n',
        name: 'Wuxi 气象站 (demo weather)',
        source: 'imported',
        assetId: null,
        channel: null,
        unit: 'C',
      },
    ],
  },
  'POST /api/v1/energy/weather-stations': {
    summary: 'Create a weather station',
    description: 'A station, optionally fed from an asset channel.',
    response: { 201: WeatherStation },
    example: {
      id: 'ws_q454metvyg2xpr2d',
      name: 'Suzhou Met',
      source: 'imported',
      assetId: null,
      channel: null,
      unit: 'C',
    },
    body: {
      name: 'Suzhou Met',
      source: 'imported',
    },
  },
  'POST /api/v1/energy/weather-stations/:id/import': {
    summary: 'Import weather readings',
    description: 'Hourly temperatures for a station as CSV; the answer counts rows per status.',
    response: {
      200: Type.Object({
        stationId: Type.String(),
        hours: Type.Number(),
        sourceUnit: Type.String(),
      }),
    },
    example: {
      stationId: 'ws_q454metvyg2xpr2d',
      hours: 6,
      sourceUnit: 'C',
    },
    body: {
      // Six whole hours of a winter night in Suzhou (the example was a cut-off file before).
      csv: 'dt,tempC\n2024-12-30T16:00:00.000Z,0.9\n2024-12-30T17:00:00.000Z,0.6\n2024-12-30T18:00:00.000Z,0.4\n2024-12-30T19:00:00.000Z,0.1\n2024-12-30T20:00:00.000Z,-0.2\n2024-12-30T21:00:00.000Z,-0.3\n',
    },
  },
  'PUT /api/v1/energy/sites/:site/station': {
    summary: 'Assign a weather station to a site',
    description: "Sets which weather station a site's baselines use.",
    response: {
      200: Type.Object({
        site: Type.String(),
        stationId: Type.String(),
      }),
    },
    example: {
      site: 'Changzhou Heating District',
      stationId: 'ws_q454metvyg2xpr2d',
    },
    params: { site: 'Changzhou Heating District' },
    body: {
      stationId: 'ws_q454metvyg2xpr2d',
    },
  },
};
