import { describe, expect, it } from 'vitest';
import { forecastDemand } from './forecast.ts';
import { proposeOne, proposeReplenishment, type ReplenishmentPolicy } from './order-up-to.ts';

const policy: ReplenishmentPolicy = {
  leadTimeDays: 3,
  reviewDays: 1,
  z: 1.65,
  method: { kind: 'ses', alpha: 0.5 },
  batchSize: 1,
  minHistoryDays: 3,
};

describe('forecast', () => {
  it('simple exponential smoothing follows ℓ_t = α·y_t + (1−α)·ℓ_{t−1} with one-step errors', () => {
    // levels: 4, (6+4)/2 = 5, (2+5)/2 = 3.5; errors: 6−4 = 2, 2−5 = −3
    const f = forecastDemand([4, 6, 2], { kind: 'ses', alpha: 0.5 });
    expect(f.perPeriod).toBeCloseTo(3.5, 12);
    expect(f.sigma).toBeCloseTo(Math.sqrt((4 + 9) / 2), 12);
    expect(f.errors).toBe(2);
  });

  it('moving average over the last n periods', () => {
    // forecasts 3 (for t=2: mean of 2,4) → error 6−3 = 3; for t=3: mean 4,6 = 5 → error 8−5 = 3
    const f = forecastDemand([2, 4, 6, 8], { kind: 'moving-average', periods: 2 });
    expect(f.perPeriod).toBe(7);
    expect(f.sigma).toBeCloseTo(3, 12);
  });
});

describe('order-up-to', () => {
  it('S = D·(L+R) + z·σ·√(L+R) and the proposal fills the position up to S', () => {
    const p = proposeOne(
      { sku: 'A', store: 'S1', dailySales: [4, 6, 2], onHand: 5, onOrder: 2 },
      policy,
    );
    const sigma = Math.sqrt(6.5);
    expect(p.orderUpTo).toBeCloseTo(3.5 * 4 + 1.65 * sigma * 2, 9);
    expect(p.position).toBe(7);
    expect(p.quantity).toBe(Math.ceil(p.orderUpTo - 7));
  });

  it('rounds up to whole batches and proposes nothing when the position covers S', () => {
    const input = { sku: 'A', store: 'S1', dailySales: [4, 6, 2], onHand: 5, onOrder: 2 };
    const p = proposeOne(input, { ...policy, batchSize: 10 });
    expect(p.quantity % 10).toBe(0);
    expect(p.quantity).toBeGreaterThanOrEqual(p.orderUpTo - 7);
    expect(p.quantity - (p.orderUpTo - 7)).toBeLessThan(10);
    expect(proposeOne({ ...input, onHand: 100 }, policy).quantity).toBe(0);
  });

  it('reports insufficient history per item instead of failing the batch', () => {
    const r = proposeReplenishment(
      [
        { sku: 'A', store: 'S1', dailySales: [1, 2], onHand: 0, onOrder: 0 },
        { sku: 'B', store: 'S1', dailySales: [1, 2, 3], onHand: 0, onOrder: 0 },
      ],
      policy,
    );
    expect(r.map((x) => x.status)).toEqual(['insufficient-data', 'ok']);
    expect(r[0]!.reason).toContain('A@S1');
  });
});
