// The demo tenant's trained health model (issue #17): a health baseline of its district-heating
// heat exchange stations (HX-S), fitted as `POST /api/v1/phm/models/health-baseline` fits one,
// on the simulator's last week of those stations (hourly samples of the demo scenario, faults
// included: an asset that stands out from its peers is left out as in any training), so the
// PHM screens and the API contract walk have a model, and assessments have a baseline to use.
import type { Scope } from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import {
  defaultScenarioStart,
  demoFleet,
  demoScenario,
  generate,
  type FleetAsset,
} from '../simulator/index.ts';
import { fitFleetBaseline, type AssetHours } from './analytics/fleet-baseline.ts';
import { minTrainingRows, registerModel } from './service/index.ts';

const HOUR = 3_600_000;
const CHANNELS = ['supply_temp', 'return_temp', 'flow', 'heat', 'outdoor_temp'];
/** The weather sets a station's operating point; flow and heat scale with its design load. */
const CONDITIONS = ['outdoor_temp'];
const NORMALISERS = [
  { channel: 'flow', property: 'design_load' },
  { channel: 'heat', property: 'design_load' },
];

export async function seedPhmDemo(
  db: Db,
  scope: Scope,
  stations: { assetModelId: string; assetIds: ReadonlyMap<string, string> },
  now = Date.now(),
): Promise<void> {
  const fleet = demoFleet(1);
  const assets: FleetAsset[] = fleet.filter((a) => stations.assetIds.has(a.serial));
  const to = Math.floor(now / HOUR) * HOUR;
  const from = to - 7 * 24 * HOUR;
  const hours = new Map<string, AssetHours>();
  const sim = {
    seed: 1,
    intervalMs: HOUR,
    assets,
    faults: demoScenario(fleet, defaultScenarioStart(now)).filter((f) =>
      stations.assetIds.has(f.assetKey),
    ),
  };
  for (const s of generate(sim, from, to)) {
    const id = stations.assetIds.get(s.assetKey)!;
    let a = hours.get(id);
    if (!a) {
      const properties = assets.find((x) => x.serial === s.assetKey)?.properties;
      hours.set(id, (a = { asset: id, rows: [], ...(properties ? { properties } : {}) }));
    }
    const values = CHANNELS.map((c) => s.values[c]);
    if (values.every((v) => typeof v === 'number' && Number.isFinite(v)))
      a.rows.push({ t: s.ts, values: values as number[] });
  }
  const fit = fitFleetBaseline([...hours.values()], CHANNELS, {
    conditions: CONDITIONS,
    normalisers: NORMALISERS,
    from,
    to,
    minRows: minTrainingRows(CHANNELS.length),
  });
  const points = [...hours.values()].reduce((n, a) => n + a.rows.length, 0);
  await registerModel(db, scope, {
    kind: 'health-baseline',
    assetModelId: stations.assetModelId,
    training: {
      assets: fit.used,
      assetCount: fit.used.length,
      from,
      to,
      points,
      channels: CHANNELS,
      conditions: CONDITIONS,
      normalisers: NORMALISERS,
      excluded: fit.excluded,
    },
    metrics: { ...fit.metrics },
    model: fit.baseline,
  });
}
