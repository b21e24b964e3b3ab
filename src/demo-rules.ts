// The rules the demo tenant ships with (issue #18): a new user should see the simulator's seeded
// faults — the wearing locomotive axle bearing (LOC-0001) and the degrading gearbox bearing
// (GBX-0001) — raise alarms and clear them as the machines run and stop, and nothing on the
// healthy fleet. Both watch vibration velocity RMS against the ISO 10816-1 / ISO 20816-1
// zone boundaries for medium machines: 2.8 mm/s (B/C, "unsatisfactory for long-term
// operation") is where the alarm clears, raised at 3.5 mm/s held for five minutes, so a single
// spike (the LOC-0002 scenario) or a healthy machine at full speed (≤ 2.8 mm/s in the
// simulator) raises nothing. Measured on the demo's first day (scenario days 20–21): the
// worn bearings reach 4.7–5.5 mm/s at speed, the healthy assets at most 2.75.
import { assetModels, type AssetKind } from './simulator/index.ts';
import { createRuleStore, type RuleSpec } from './monitoring/index.ts';
import type { Db } from './storage/index.ts';

const bearingVibration = (name: string): RuleSpec => ({
  id: 'bearing-vibration',
  name,
  severity: 'major',
  kind: 'threshold',
  value: 'vibration_rms',
  op: 'above',
  limit: 3.5,
  hysteresis: 0.7,
  forMs: 5 * 60_000,
});

export const demoRules: Partial<Record<AssetKind, RuleSpec[]>> = {
  locomotive: [bearingVibration('轴箱轴承振动高 Axle bearing vibration high')],
  'gearbox-bench': [bearingVibration('齿轮箱轴承振动高 Gearbox bearing vibration high')],
};

/** Saves the demo rules on the demo tenant's models (ids by model name). */
export async function seedDemoRules(
  db: Db,
  tenantId: string,
  modelIds: ReadonlyMap<string, string>,
  actor: string,
): Promise<number> {
  const store = createRuleStore(db, tenantId);
  let n = 0;
  for (const [kind, rules] of Object.entries(demoRules) as Array<[AssetKind, RuleSpec[]]>) {
    const modelId = modelIds.get(assetModels[kind].name);
    if (!modelId) continue;
    for (const r of rules) {
      await store.save({ scope: 'model', modelId }, r, actor, Date.now());
      n++;
    }
  }
  return n;
}
