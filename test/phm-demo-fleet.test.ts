// Issue 18: the health baseline singles out the demo fleet's seeded faults. One baseline per demo
// asset model is trained on a week that already holds faults (bench/lib/phm-fleet.ts: screening
// of peers, nameplate normalisers, operating-condition residuals, interleaved validation) and the
// next week is assessed. Each faulty asset must rank below every healthy one of its model, and
// at most 5 % of the healthy assets' scored hours may fall below 50, on the held-out validation
// days and over the assessed week.
import { describe, expect, it } from 'vitest';
import { demoFleetRanking } from '../bench/lib/phm-fleet.ts';
import { assetKinds } from '../src/simulator/index.ts';

describe('health baseline on the demo fleet', () => {
  const fixed = demoFleetRanking();
  const byModel = (kind: string) => fixed.find((m) => m.model === kind)!;

  it.each([...assetKinds])(
    '%s: every faulty asset ranks below every healthy one, with FAR ≤ 5 %%',
    (kind) => {
      const m = byModel(kind);
      expect(m.faultyRankWorst).toBe(true);
      expect(m.validationFalseAlarmRate).not.toBeNull();
      expect(m.validationFalseAlarmRate!).toBeLessThanOrEqual(0.05);
      expect(m.assessedFalseAlarmRate!).toBeLessThanOrEqual(0.05);
      // The FAR is not bought by leaving hours unscored: most of each asset's hours are scored.
      for (const r of m.ranking)
        expect(r.outOfRange).toBeLessThanOrEqual(0.2 * (r.hours + r.outOfRange));
    },
  );

  it('has a faulty asset to find in every model with health faults in the assessed week', () => {
    for (const kind of ['chiller', 'heat-station', 'locomotive', 'gearbox-bench'])
      expect(byModel(kind).ranking.some((r) => r.fault)).toBe(true);
  });

  it('leaves the wearing gearbox out of the baseline it would otherwise teach', () => {
    expect(byModel('gearbox-bench').excluded.map((e) => e.asset)).toEqual(['GBX-0001']);
    expect(byModel('gearbox-bench').ranking[0]).toMatchObject({ asset: 'GBX-0001' });
  });

  it('the heat station with the stuck return sensor ranks worst; the large healthy one does not', () => {
    expect(byModel('heat-station').ranking[0]).toMatchObject({ asset: 'HXS-0002' });
  });

  it('without nameplate normalisers the 3,000 kW station, healthy, scores below the faulty one', () => {
    const raw = demoFleetRanking({ noNameplate: true }).find((m) => m.model === 'heat-station')!;
    expect(raw.faultyRankWorst).toBe(false);
    expect(raw.ranking[0]).toMatchObject({ asset: 'HXS-0001', fault: null });
    expect(raw.assessedFalseAlarmRate!).toBeGreaterThan(0.05);
  });

  it('the raw-channel baseline (no operating conditions) scores the wearing gearbox above 80', () => {
    const old = demoFleetRanking({ noConditions: true }).find((m) => m.model === 'gearbox-bench')!;
    const wear = old.ranking.find((r) => r.asset === 'GBX-0001')!;
    expect(wear.meanHealth).toBeGreaterThan(80);
  });
});
