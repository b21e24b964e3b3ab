// Documentation of the energy routes for efficiency, anomalies and heating, for /openapi.json
// (see route-docs.ts; energy.ts puts the parts together).
import { Type } from '@sinclair/typebox';
import { Nullable, type RouteDocs } from './route-docs.ts';
import { Anomaly, Asset } from './energy-schemas.ts';

export const energyEfficiencyDocs: RouteDocs = {
  'GET /api/v1/energy/efficiency/assets/:id': {
    summary: 'Asset efficiency',
    description:
      "An asset's energy efficiency figures (COP or specific consumption) per day against its model's peers.",
    query: { kind: 'chiller', from: 'now-30d', to: 'now' },
    response: {
      200: Type.Object({
        kind: Type.String(),
        assets: Type.Array(Type.String()),
        hours: Type.Number(),
        coolingKwh: Type.Number(),
        electricKwh: Type.Number(),
        // null: no hour with both cooling and electric energy in the range (no data, no ratio)
        cop: Nullable(Type.Number()),
        kwPerTon: Nullable(Type.Number()),
      }),
    },
    example: {
      kind: 'chiller',
      assets: ['as_7t3tk89vpy2er7jw'],
      hours: 30,
      coolingKwh: 36000,
      electricKwh: 7200,
      cop: 5,
      kwPerTon: 0.7034,
    },
  },
  'GET /api/v1/energy/efficiency/benchmark': {
    summary: 'Efficiency benchmark',
    description: 'Assets of one model ranked by efficiency over a period.',
    response: {
      200: Type.Object({
        by: Type.String(),
        metric: Type.String(),
        median: Nullable(Type.Number()),
        best: Nullable(Type.Number()),
        count: Type.Number(),
        missing: Type.Number(),
        rows: Type.Array(Asset),
      }),
    },
    example: {
      by: 'asset',
      metric: 'cop',
      median: 5,
      best: 5,
      count: 1,
      missing: 2,
      rows: [
        {
          id: 'as_7t3tk89vpy2er7jw',
          value: 5,
          rank: 1,
          percentile: 1,
          gapToBest: 0,
        },
      ],
    },
    query: { modelId: 'am_0d09fdtsw20a82xz', from: 1796580000000, to: 1796666400000 },
  },
  'POST /api/v1/energy/contracts/:id/anomaly-scan': {
    summary: 'Scan for consumption anomalies',
    description:
      "Compares metered consumption with the baseline's prediction and records days outside the band.",
    response: {
      200: Type.Object({
        meterId: Type.String(),
        daysChecked: Type.Number(),
        anomalies: Type.Array(
          Type.Object({
            dayMs: Type.Number(),
            observed: Type.Number(),
            predicted: Type.Number(),
            excess: Type.Number(),
            excessFraction: Type.Number(),
          }),
        ),
      }),
    },
    example: {
      meterId: 'em_rdhv05jggpazn77v',
      daysChecked: 2,
      anomalies: [
        {
          dayMs: 1769875200000,
          observed: 1250.138333291795,
          predicted: 421.0760374959157,
          excess: 829.0622957958794,
          excessFraction: 1.968913502478566,
        },
      ],
    },
    body: {
      from: 1769875200000,
      to: 1770048000000,
    },
  },
  'GET /api/v1/energy/anomalies': {
    summary: 'List consumption anomalies',
    description: "Days whose consumption left the baseline's band, per contract.",
    response: { 200: Type.Array(Anomaly) },
    example: [
      {
        id: 'ea_9z9anfszeppzckdr',
        meterId: 'em_rdhv05jggpazn77v',
        dayMs: 1769875200000,
        observed: 1250.138333291795,
        predicted: 421.0760374959157,
        excess: 829.0622957958794,
        excessFraction: 1.968913502478566,
      },
    ],
  },
  'PUT /api/v1/energy/heating/curves/:scope/:id': {
    summary: 'Set a heating curve',
    description: 'The supply-temperature curve over outdoor temperature for a station or model.',
    response: {
      200: Type.Object({
        scope: Type.String(),
        id: Type.String(),
        points: Type.Array(
          Type.Object({
            outdoorC: Type.Number(),
            supplyC: Type.Number(),
          }),
        ),
      }),
    },
    example: {
      scope: 'model',
      id: 'am_x6njd27mvmbnjjds',
      points: [
        {
          outdoorC: -10,
          supplyC: 70,
        },
      ],
    },
    // the demo's weather compensation of its heat-station model (src/demo-energy.ts)
    params: { scope: 'model', id: 'am_x6njd27mvmbnjjds' },
    body: {
      points: [
        { outdoorC: -5, supplyC: 65 },
        { outdoorC: 5, supplyC: 55 },
        { outdoorC: 15, supplyC: 40 },
      ],
    },
  },
  'GET /api/v1/energy/heating/stations': {
    summary: 'List heat stations',
    description:
      'The assets under a weather-compensation curve — their own (`curve: asset`) or their model’s (`model`) — by name: the stations the heating reports address.',
    response: {
      200: Type.Array(
        Type.Object({
          id: Type.String(),
          name: Type.String(),
          serial: Type.String(),
          site: Type.String(),
          curve: Type.String(),
        }),
      ),
    },
    example: [
      {
        id: 'as_7t3tk89vpy2er7jw',
        name: 'Changzhou Heat Station 2',
        serial: 'HXS-0002',
        site: 'Changzhou Heating District',
        curve: 'model',
      },
    ],
  },
  'GET /api/v1/energy/heating/stations/:id': {
    summary: 'Heat station status',
    description:
      "A heat station's mean heat, supply, return and outdoor temperatures over the range, its heat per heated area (the asset's `heated_area` property, or `areaProperty`), and its supply temperature against its weather-compensation curve (its own, else its model's). A figure is null where the range holds no reading of its channel, and `curve` is null where no curve applies.",
    params: { id: 'as_7t3tk89vpy2er7jw' },
    query: { from: 'now-1d', to: 'now' },
    response: {
      200: Type.Object({
        assetId: Type.String(),
        hours: Type.Number(),
        heatKw: Nullable(Type.Number()),
        heatedAreaM2: Nullable(Type.Number()),
        wPerM2: Nullable(Type.Number()),
        supplyC: Nullable(Type.Number()),
        returnC: Nullable(Type.Number()),
        outdoorC: Nullable(Type.Number()),
        curve: Nullable(
          Type.Object({
            source: Type.String(),
            points: Type.Array(
              Type.Object({
                outdoorC: Type.Number(),
                supplyC: Type.Number(),
              }),
            ),
            deviation: Type.Object({
              samples: Type.Number(),
              meanK: Nullable(Type.Number()),
              meanAbsK: Nullable(Type.Number()),
              maxAbsK: Nullable(Type.Number()),
              withinTolerance: Nullable(Type.Number()),
            }),
          }),
        ),
      }),
    },
    example: {
      assetId: 'as_7t3tk89vpy2er7jw',
      hours: 31,
      heatKw: 500,
      heatedAreaM2: 10000,
      wPerM2: 50,
      supplyC: 61.7834306591973,
      returnC: 40,
      outdoorC: 0.2165693408026978,
      curve: {
        source: 'model',
        points: [
          {
            outdoorC: -10,
            supplyC: 70,
          },
        ],
        deviation: {
          samples: 31,
          meanK: 2,
          meanAbsK: 2,
          maxAbsK: 2,
          withinTolerance: 1,
        },
      },
    },
  },
  'GET /api/v1/energy/heating/imbalance': {
    summary: 'Hydraulic imbalance',
    description:
      "Heat stations ranked by how far their return temperature departs from the network's.",
    response: {
      200: Type.Object({
        stations: Type.Number(),
        meanWPerM2: Nullable(Type.Number()),
        cv: Nullable(Type.Number()),
        returnSpreadK: Nullable(Type.Number()),
        outliers: Type.Array(
          Type.Object({
            id: Type.String(),
            wPerM2: Type.Number(),
            relative: Type.Number(),
          }),
        ),
      }),
    },
    example: {
      stations: 2,
      meanWPerM2: 42.5,
      cv: 0.17647058823529413,
      returnSpreadK: 5,
      outliers: [
        {
          id: 'as_7t3tk89vpy2er7jw',
          wPerM2: 50,
          relative: 0.17647058823529416,
        },
      ],
    },
    query: { from: 1796580000000, to: 1796666400000 },
  },
};
