// What the demo fleet's health baselines are fitted with, per simulator model (issue 18): the
// channels that set each model's operating point (regressed on, not scored) and the extensive
// channels with the nameplate rating they scale with. Shared by the demo seed and the PHM fleet
// benchmark (bench/lib/phm-fleet.ts), so the demo installs what the benchmark measured.
import type { AssetKind } from '../simulator/index.ts';
import type { Normaliser } from './analytics/nameplate.ts';

/** Channels that set the operating point of each demo model (not scored, regressed on). */
export const demoConditions: Record<AssetKind, string[]> = {
  chiller: ['cooling_load'],
  'heat-station': ['outdoor_temp', 'heat'],
  locomotive: ['speed'],
  'gearbox-bench': ['speed', 'torque'],
  'garment-line': [],
};

/**
 * Extensive channels of each demo model and the nameplate rating they scale with (the
 * simulator's physics: a heat station's flow and heat follow its design load, a chiller's flow
 * its design flow and its load and compressor power its rated capacity, a bench's speed and
 * torque programme its rated speed and torque, a locomotive's timetable its maximum speed, a
 * sewing line's cycle time its standard cycle and its output the inverse).
 */
export const demoNormalisers: Record<AssetKind, Normaliser[]> = {
  chiller: [
    { channel: 'chw_flow', property: 'design_flow' },
    { channel: 'cooling_load', property: 'rated_capacity' },
    { channel: 'compressor_power', property: 'rated_capacity' },
  ],
  'heat-station': [
    { channel: 'flow', property: 'design_load' },
    { channel: 'heat', property: 'design_load' },
  ],
  locomotive: [{ channel: 'speed', property: 'max_speed' }],
  'gearbox-bench': [
    { channel: 'speed', property: 'rated_speed' },
    { channel: 'torque', property: 'rated_torque' },
  ],
  'garment-line': [
    { channel: 'cycle_time', property: 'standard_cycle' },
    { channel: 'pieces', property: 'standard_cycle', inverse: true },
  ],
};
