// Asset model definitions for the five simulated kinds, as plain data the platform can use to
// create demo asset models. Ranges are typical operating ranges (not alarm limits); `decimals`
// is the resolution the simulator reports, like a real transmitter's.

import type { AssetModelInput } from '../assets/index.ts';

export type AssetKind =
  'chiller' | 'heat-station' | 'locomotive' | 'gearbox-bench' | 'garment-line';

export const assetKinds: readonly AssetKind[] = [
  'chiller',
  'heat-station',
  'locomotive',
  'gearbox-bench',
  'garment-line',
];

export interface ModelProperty {
  key: string;
  name: string;
  unit: string;
  dataType: 'number' | 'string';
  min?: number;
  max?: number;
}

export interface ModelChannel {
  key: string;
  name: string;
  unit: string;
  /** As the platform's ChannelDef: counts and states are integers, measurements floats. */
  dataType: 'float' | 'integer';
  /** Typical operating range. */
  min: number;
  max: number;
  /** Decimal places reported. */
  decimals: number;
}

export interface AssetModelDefinition {
  kind: AssetKind;
  name: string;
  category: string;
  description: string;
  /**
   * Sample interval of the demo (the CLI's default --interval-ms), ms. The platform's no-data
   * detection reads it as the channels' expectedIntervalS, so it is the demo's, not the faster
   * rate a real locomotive or test bench gateway might use.
   */
  sampleIntervalMs: number;
  properties: ModelProperty[];
  channels: ModelChannel[];
}

const ch = (
  key: string,
  name: string,
  unit: string,
  min: number,
  max: number,
  decimals: number,
): ModelChannel => ({
  key,
  name,
  unit,
  dataType: decimals === 0 && (key === 'pieces' || key === 'state') ? 'integer' : 'float',
  min,
  max,
  decimals,
});

const num = (key: string, name: string, unit: string, min?: number, max?: number): ModelProperty =>
  min === undefined || max === undefined
    ? { key, name, unit, dataType: 'number' }
    : { key, name, unit, dataType: 'number', min, max };

export const assetModels: Record<AssetKind, AssetModelDefinition> = {
  chiller: {
    kind: 'chiller',
    name: 'RC-W Water-Cooled Centrifugal Chiller',
    category: 'chiller',
    description:
      'Water-cooled centrifugal chiller serving a process and comfort chilled-water loop, 7 °C supply.',
    sampleIntervalMs: 60_000,
    properties: [
      num('rated_capacity', 'Rated cooling capacity', 'kW', 300, 3000),
      num('design_flow', 'Design chilled-water flow', 'm³/h', 50, 600),
      num('chw_setpoint', 'Chilled-water supply set point', '°C', 5, 12),
    ],
    channels: [
      ch('chw_supply_temp', 'Chilled-water supply temperature', '°C', 5, 12, 2),
      ch('chw_return_temp', 'Chilled-water return temperature', '°C', 7, 15, 2),
      ch('chw_flow', 'Chilled-water flow', 'm³/h', 50, 600, 1),
      ch('compressor_power', 'Compressor power', 'kW', 20, 600, 1),
      ch('cooling_load', 'Cooling load', 'kW', 0, 3000, 1),
      ch('cop', 'Coefficient of performance', '', 2, 10, 3),
    ],
  },
  'heat-station': {
    kind: 'heat-station',
    name: 'HX-S District-Heating Heat Exchange Station',
    category: 'heat-station',
    description:
      'Plate heat exchanger substation on a district-heating network; secondary supply temperature follows a weather-compensation curve.',
    sampleIntervalMs: 60_000,
    properties: [
      num('design_load', 'Design heat load', 'kW', 200, 10000),
      num('design_outdoor_temp', 'Design outdoor temperature', '°C', -20, 5),
    ],
    channels: [
      ch('supply_temp', 'Secondary supply temperature', '°C', 35, 70, 2),
      ch('return_temp', 'Secondary return temperature', '°C', 25, 60, 2),
      ch('flow', 'Secondary flow', 'm³/h', 10, 400, 1),
      ch('heat', 'Heat delivered', 'kW', 0, 10000, 1),
      ch('outdoor_temp', 'Outdoor temperature', '°C', -15, 42, 1),
    ],
  },
  locomotive: {
    kind: 'locomotive',
    name: 'HXD-E Electric Freight Locomotive',
    category: 'locomotive',
    description:
      'Electric freight locomotive with asynchronous traction motors; on-board monitoring of motor and axle-box bearing temperature and bogie vibration.',
    sampleIntervalMs: 60_000,
    properties: [
      num('max_speed', 'Maximum speed', 'km/h', 80, 160),
      num('rated_power', 'Rated traction power', 'kW', 4800, 9600),
    ],
    channels: [
      ch('speed', 'Speed', 'km/h', 0, 120, 1),
      ch('traction_motor_temp', 'Traction motor winding temperature', '°C', -10, 160, 1),
      ch('axle_bearing_temp', 'Axle-box bearing temperature', '°C', -10, 90, 1),
      ch('vibration_rms', 'Axle-box vibration velocity RMS', 'mm/s', 0, 20, 2),
    ],
  },
  'gearbox-bench': {
    kind: 'gearbox-bench',
    name: 'GT-B Gearbox Endurance Test Bench',
    category: 'test-bench',
    description:
      'Back-to-back gearbox endurance test bench running a repeating speed/torque programme.',
    sampleIntervalMs: 60_000,
    properties: [
      num('rated_torque', 'Rated torque', 'N·m', 500, 20000),
      num('rated_speed', 'Rated input speed', 'rpm', 600, 3000),
    ],
    channels: [
      ch('vibration_rms', 'Housing vibration velocity RMS', 'mm/s', 0, 12, 2),
      ch('oil_temp', 'Sump oil temperature', '°C', 15, 95, 1),
      ch('torque', 'Input torque', 'N·m', 0, 20000, 0),
      ch('speed', 'Input speed', 'rpm', 0, 3000, 0),
    ],
  },
  'garment-line': {
    kind: 'garment-line',
    name: 'SL-12 Garment Sewing Line',
    category: 'production-line',
    description:
      'Twelve-station sewing line; counts finished pieces at the last station. State 0 idle, 1 running, 2 fault; cycle time is absent when the line is not running.',
    sampleIntervalMs: 60_000,
    properties: [
      num('stations', 'Stations', '', 4, 40),
      num('standard_cycle', 'Standard cycle time', 's', 5, 120),
    ],
    channels: [
      ch('pieces', 'Pieces finished in the sample interval', 'pcs', 0, 20, 0),
      ch('cycle_time', 'Mean cycle time', 's', 5, 120, 1),
      ch('state', 'State (0 idle, 1 running, 2 fault)', '', 0, 2, 0),
    ],
  },
};

/** Decimal places of a channel of a kind (2 when the channel is unknown). */
export function decimalsOf(kind: AssetKind, channel: string): number {
  return assetModels[kind].channels.find((c) => c.key === channel)?.decimals ?? 2;
}

export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/**
 * The five demo asset models as the assets context's create-model input, channels with their
 * typical range and expected interval (for no-data detection).
 */
export function demoAssetModels(): AssetModelInput[] {
  return Object.values(assetModels).map((m) => ({
    name: m.name,
    category: m.category,
    description: m.description,
    properties: m.properties.map((p) => ({ ...p })),
    channels: m.channels.map(({ key, name, unit, dataType, min, max }) => ({
      key,
      name,
      unit,
      dataType,
      min,
      max,
      expectedIntervalS: m.sampleIntervalMs / 1000,
    })),
    allowNewChannels: false,
  }));
}
