import { describe, expect, it } from 'vitest';
import { combineHealth, diagnosisHealth } from './combined-health.ts';

const ir = { label: 'IR007', level: 'incipient' as const, share: 1, meanProbability: 0.96 };

describe('health that hears the bearing diagnosis', () => {
  it('maps a fault by severity and confidence, a normal diagnosis to 100', () => {
    expect(diagnosisHealth(ir).health).toBeCloseTo(100 - 0.96 * 30, 9);
    expect(diagnosisHealth({ ...ir, level: 'severe', label: 'IR021' }).health).toBeCloseTo(
      100 - 0.96 * 80,
      9,
    );
    expect(diagnosisHealth({ ...ir, level: 'none', label: 'Normal' }).health).toBe(100);
    // Half the windows at 0.6: a doubtful fault only nudges the figure.
    expect(diagnosisHealth({ ...ir, share: 0.5, meanProbability: 0.6 }).health).toBeCloseTo(91, 9);
  });

  it('takes the worse of baseline and diagnosis and says which', () => {
    // The console's case: baseline 100 beside a confident inner-race diagnosis reads watch.
    const c = combineHealth(100, ir);
    expect(c.source).toBe('diagnosis');
    expect(c.health).toBeLessThan(80);
    expect(c.health).toBeGreaterThanOrEqual(50);
    expect(combineHealth(35, ir)).toMatchObject({ health: 35, source: 'baseline' });
    expect(combineHealth(92, null)).toEqual({
      health: 92,
      source: 'baseline',
      baselineHealth: 92,
      diagnosisHealth: null,
      confidence: null,
    });
    expect(combineHealth(88, { ...ir, level: 'none', label: 'Normal' }).source).toBe('baseline');
  });
});
