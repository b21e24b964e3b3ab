// Energy units of meters. Values travel branded (house style 6); only the named conversions below
// cast, so a gas register in m³ can never be priced as kWh by accident.
import type { Brand, KilowattHours } from '../../kernel/index.ts';
import { invalid, kilowattHours } from '../../kernel/index.ts';

export type Gigajoules = Brand<number, 'Gigajoules'>;
export type CubicMetres = Brand<number, 'CubicMetres'>;
export type MegawattHours = Brand<number, 'MegawattHours'>;

export const gigajoules = (n: number): Gigajoules => n as Gigajoules;
export const cubicMetres = (n: number): CubicMetres => n as CubicMetres;
export const megawattHours = (n: number): MegawattHours => n as MegawattHours;

/** 1 GJ = 10⁹ J / 3.6·10⁶ J/kWh = 277.78 kWh (SI definition of the watt-hour). */
export const gigajoulesToKilowattHours = (g: Gigajoules): KilowattHours =>
  kilowattHours((g * 1e9) / 3.6e6);
export const kilowattHoursToGigajoules = (k: KilowattHours): Gigajoules =>
  gigajoules((k * 3.6e6) / 1e9);
export const megawattHoursToKilowattHours = (m: MegawattHours): KilowattHours =>
  kilowattHours(m * 1000);

export const meterKinds = ['electricity', 'gas', 'heat', 'cooling', 'water'] as const;
export type MeterKind = (typeof meterKinds)[number];
export const energyUnits = ['kWh', 'MWh', 'GJ', 'm3'] as const;
export type EnergyUnit = (typeof energyUnits)[number];

/** Units each kind may be metered in; water and gas are volumes, heat and cooling energy. */
export const unitsOfKind: Record<MeterKind, readonly EnergyUnit[]> = {
  electricity: ['kWh', 'MWh'],
  gas: ['m3', 'kWh', 'GJ'],
  heat: ['GJ', 'kWh', 'MWh'],
  cooling: ['kWh', 'GJ', 'MWh'],
  water: ['m3'],
};

export function checkUnit(kind: MeterKind, unit: string, field = 'unit'): EnergyUnit {
  const ok = unitsOfKind[kind].find((u) => u === unit);
  if (!ok)
    throw invalid(field, {
      en: `a ${kind} meter is metered in ${unitsOfKind[kind].join(', ')}`,
      'zh-CN': `${kind} 计量表的计量单位为 ${unitsOfKind[kind].join('、')}`,
    });
  return ok;
}

/**
 * Meter reading in its own unit → kWh, for units that are energy. Volumes (m³) have no energy
 * value without a calorific value, so they return null and stay in their unit.
 */
export function toKilowattHours(unit: EnergyUnit, value: number): KilowattHours | null {
  switch (unit) {
    case 'kWh':
      return kilowattHours(value);
    case 'MWh':
      return megawattHoursToKilowattHours(megawattHours(value));
    case 'GJ':
      return gigajoulesToKilowattHours(gigajoules(value));
    case 'm3':
      return null;
  }
}
