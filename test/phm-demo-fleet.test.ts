// Issue 18: the health baseline singles out the demo fleet's seeded faults. One baseline per demo
// asset model is trained on a week that already holds faults (bench/phm-fleet.ts: screening of
// peers, operating-condition residuals, interleaved validation) and the next week is assessed.
// The same run with the old pooled raw-channel baseline ranks the wearing gearbox as healthy.
import { describe, expect, it } from 'vitest';
import { demoFleetRanking } from '../bench/phm-fleet.ts';

describe('health baseline on the demo fleet', () => {
  const fixed = demoFleetRanking();
  const byModel = (kind: string) => fixed.find((m) => m.model === kind)!;

  it.each(['gearbox-bench', 'locomotive', 'chiller'])(
    '%s: every faulty asset ranks below every healthy one, with FAR ≤ 5 %%',
    (kind) => {
      const m = byModel(kind);
      expect(m.ranking.some((r) => r.fault)).toBe(true);
      expect(m.faultyRankWorst).toBe(true);
      expect(m.validationFalseAlarmRate).not.toBeNull();
      expect(m.validationFalseAlarmRate!).toBeLessThanOrEqual(0.05);
      expect(m.assessedFalseAlarmRate!).toBeLessThanOrEqual(0.05);
    },
  );

  it('leaves the wearing gearbox out of the baseline it would otherwise teach', () => {
    expect(byModel('gearbox-bench').excluded.map((e) => e.asset)).toEqual(['GBX-0001']);
    expect(byModel('gearbox-bench').ranking[0]).toMatchObject({ asset: 'GBX-0001' });
  });

  it('the raw-channel baseline (no operating conditions) scores the wearing gearbox above 80', () => {
    const old = demoFleetRanking({ noConditions: true }).find((m) => m.model === 'gearbox-bench')!;
    const wear = old.ranking.find((r) => r.asset === 'GBX-0001')!;
    expect(wear.meanHealth).toBeGreaterThan(80);
  });
});
