// Documentation of the energy routes for meters, weather stations and site stations, for
// /openapi.json (see route-docs.ts; energy.ts puts the parts together).
import { Type } from '@sinclair/typebox';
import { type RouteDocs } from './route-docs.ts';
import { WeatherStation, Meter } from './energy-schemas.ts';

export const energyMeterDocs: RouteDocs = {
  'GET /api/v1/energy/meters': {
    summary: 'List meters',
    description: "Energy meters (electricity, heat, gas, water) of the caller's assets and sites.",
    response: { 200: Type.Array(Meter) },
    example: [
      {
        id: 'em_rdhv05jggpazn77v',
        name: 'm-as_779gbtb683zdct2k',
        kind: 'electricity',
        unit: 'kWh',
        customerId: 'cu_85w6zx5xm5e71c8z',
        site: 'Suzhou',
        source: {
          kind: 'channel',
          assetId: 'as_779gbtb683zdct2k',
          channel: 'kwh',
          mode: 'interval',
        },
        createdAt: 1796584981560,
      },
    ],
  },
  'POST /api/v1/energy/meters': {
    summary: 'Create a meter',
    description: 'A meter reading an asset channel, with its energy kind and unit.',
    response: { 201: Meter },
    example: {
      id: 'em_rdhv05jggpazn77v',
      name: 'm-as_779gbtb683zdct2k',
      kind: 'electricity',
      unit: 'kWh',
      customerId: 'cu_85w6zx5xm5e71c8z',
      site: 'Suzhou',
      source: {
        kind: 'channel',
        assetId: 'as_779gbtb683zdct2k',
        channel: 'kwh',
        mode: 'interval',
      },
      createdAt: 1796584981560,
    },
    body: {
      name: 'm-as_779gbtb683zdct2k',
      kind: 'electricity',
      unit: 'kWh',
      source: {
        kind: 'channel',
        assetId: 'as_779gbtb683zdct2k',
        channel: 'kwh',
        mode: 'interval',
      },
    },
  },
  'GET /api/v1/energy/meters/:id': {
    summary: 'Get a meter',
    description: 'One meter by id.',
    response: { 200: Meter },
    params: { id: 'em_0d09fdtsw20a82xz' },
  },
  'GET /api/v1/energy/meters/:id/daily': {
    summary: 'Daily consumption',
    description: "A meter's consumption per local day between two dates.",
    response: {
      200: Type.Object({
        meterId: Type.String(),
        unit: Type.String(),
        days: Type.Array(
          Type.Object({
            dayMs: Type.Number(),
            value: Type.Number(),
            samples: Type.Number(),
          }),
        ),
      }),
    },
    example: {
      meterId: 'em_y419ffbz2kz7byvk',
      unit: 'kWh',
      days: [
        {
          dayMs: 1748707200000,
          value: 146.44558333637264,
          samples: 1,
        },
      ],
    },
  },
  'GET /api/v1/energy/weather-stations': {
    summary: 'List weather stations',
    description: 'Weather stations whose temperatures drive baselines (degree days).',
    response: { 200: Type.Array(WeatherStation) },
    example: [],
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
      site: 'Suzhou',
      stationId: 'ws_q454metvyg2xpr2d',
    },
    body: {
      stationId: 'ws_q454metvyg2xpr2d',
    },
  },
};
