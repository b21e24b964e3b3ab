import { describe, expect, it } from 'vitest';
import { rankTechnicians } from './rank.ts';

describe('dispatch reasons', () => {
  it('gives each reason as a code with parameters beside its English line', () => {
    const [s] = rankTechnicians(
      { skills: ['chiller', 'electrical'], lat: 31.8, lon: 119.9, hoursToDeadline: 2.26 },
      [{ id: 't1', name: 'Li', skills: ['chiller'], lat: 31.8, lon: 120.0, load: 1 }],
    );
    expect(s!.why).toEqual([
      { code: 'skills', params: { have: 1, need: 2, lacks: 'electrical' } },
      { code: 'distance', params: { km: s!.distanceKm } },
      { code: 'load', params: { count: 1 } },
      { code: 'urgent', params: { hours: 2.3 } },
    ]);
    expect(s!.reasons).toEqual([
      'skills 1/2 (lacks electrical)',
      `${s!.distanceKm} km from the site`,
      '1 open work order',
      'SLA due in 2.3 h: distance weighs double',
    ]);
  });

  it('says when no skill is asked for and when a location is missing', () => {
    const [s] = rankTechnicians({ skills: [], lat: null, lon: null, hoursToDeadline: null }, [
      { id: 't1', name: 'Wang', skills: [], lat: null, lon: null, load: 0 },
    ]);
    expect(s!.why.map((r) => r.code)).toEqual(['no-skill-required', 'no-location', 'load']);
    expect(s!.reasons).toEqual([
      'no particular skill required',
      'distance unknown (no location)',
      '0 open work orders',
    ]);
  });
});
