// The demo tenant's trained health models (issues 17 and 18): one fleet health baseline for each
// demo asset model (chillers, heat stations, locomotives, gearbox benches, garment lines), fitted
// as `POST /api/v1/phm/models/health-baseline` fits one — hourly means of each asset's channels
// over the last week, peers screened, operating conditions regressed on and extensive channels
// divided by their nameplate rating (demo-models.ts, the settings `npm run bench -- phm --part
// fleet` measures) — on the simulator's minute samples of the demo scenario, faults included: an
// asset that stands out from its peers is left out as in any training. So the PHM screens and
// the API contract walk have models, and assessments have a baseline for every asset.
import type { Scope } from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import {
  assetModels,
  defaultScenarioStart,
  demoFleet,
  demoScenario,
  generate,
  type AssetKind,
} from '../simulator/index.ts';
import { fitFleetBaseline, type AssetHours } from './analytics/fleet-baseline.ts';
import { demoConditions, demoNormalisers } from './demo-models.ts';
import { minTrainingRows, registerModel } from './service/index.ts';

const HOUR = 3_600_000;

/** One demo asset model: its simulator kind, its id and its assets' ids by serial. */
export interface DemoPhmModel {
  kind: AssetKind;
  assetModelId: string;
  assetIds: ReadonlyMap<string, string>;
}

/** Per hour, each channel's count of samples and their sum. */
type HourSums = Map<number, { counts: Uint32Array; sums: Float64Array }>;

/** Hourly means of every channel of each asset, from the simulator's minute samples. */
function hourlyMeans(models: DemoPhmModel[], from: number, to: number, now: number) {
  const fleet = demoFleet(1);
  const serials = new Set(models.flatMap((m) => [...m.assetIds.keys()]));
  const assets = fleet.filter((a) => serials.has(a.serial));
  const channelsOf = new Map(
    assets.map((a) => [a.serial, assetModels[a.kind].channels.map((c) => c.key)]),
  );
  const faults = demoScenario(fleet, defaultScenarioStart(now)).filter((f) =>
    serials.has(f.assetKey),
  );
  const out = new Map<string, HourSums>();
  for (const s of generate({ seed: 1, intervalMs: 60_000, assets, faults }, from, to)) {
    const channels = channelsOf.get(s.assetKey)!;
    const hours = out.get(s.assetKey) ?? new Map();
    out.set(s.assetKey, hours);
    const t = Math.floor(s.ts / HOUR) * HOUR;
    let b = hours.get(t);
    // A channel missing from some minutes (a line between pieces) has the hour's mean over the
    // minutes that carry it, as the telemetry's hourly rollup computes it for an assessment
    // (hourly-rows.ts). Divided by every minute of the hour instead, a sewing line's cycle time
    // was trained a fraction of what assessments then read, and healthy lines scored 22–76.
    if (!b) {
      b = { counts: new Uint32Array(channels.length), sums: new Float64Array(channels.length) };
      hours.set(t, b);
    }
    channels.forEach((c, i) => {
      const v = s.values[c];
      if (v === undefined) return;
      b.sums[i]! += v;
      b.counts[i]!++;
    });
  }
  return { out, assets };
}

export async function seedPhmDemo(
  db: Db,
  scope: Scope,
  models: DemoPhmModel[],
  now = Date.now(),
): Promise<void> {
  const to = Math.floor(now / HOUR) * HOUR;
  const from = to - 7 * 24 * HOUR;
  const { out, assets } = hourlyMeans(models, from, to, now);
  for (const m of models) {
    const channels = assetModels[m.kind].channels.map((c) => c.key);
    const mine: AssetHours[] = assets
      .filter((a) => m.assetIds.has(a.serial))
      .map((a) => ({
        asset: m.assetIds.get(a.serial)!,
        properties: a.properties,
        rows: [...(out.get(a.serial) ?? [])]
          .map(([t, b]) => ({ t, values: [...b.sums].map((v, i) => v / b.counts[i]!) }))
          .filter((r) => r.values.every(Number.isFinite)),
      }));
    const conditions = demoConditions[m.kind];
    const normalisers = demoNormalisers[m.kind];
    const fit = fitFleetBaseline(mine, channels, {
      conditions,
      normalisers,
      from,
      to,
      minRows: minTrainingRows(channels.length),
    });
    await registerModel(db, scope, {
      kind: 'health-baseline',
      assetModelId: m.assetModelId,
      training: {
        assets: fit.used,
        assetCount: fit.used.length,
        from,
        to,
        points: mine.reduce((n, a) => n + a.rows.length, 0),
        channels,
        conditions,
        normalisers,
        excluded: fit.excluded,
      },
      metrics: { ...fit.metrics },
      model: fit.baseline,
    });
  }
}
