// How an RUL model meets an asset's telemetry. The model core (analytics/rul-model.ts) reads the
// C-MAPSS record: three operational settings and 21 sensors, of which the 14 informative ones
// (INFORMATIVE_SENSORS) are used. On an asset, each input is a telemetry channel and each cycle
// is one hour of it (the hourly rollup means, hours where a channel has no data left out), so a
// prediction of N cycles is N hours: `rul_hours`.
// - A model trained on C-MAPSS files reads channels named as the columns (setting_1..3,
//   sensor_2, sensor_3, …), or the names given when training.
// - A model trained on an asset model's own histories reads up to 14 chosen channels in the
//   informative-sensor slots; the other slots and the settings stay 0 (one operating regime: the
//   normaliser's z-score of a constant is 0, so unused slots carry no information).
import { invalid } from '../../kernel/index.ts';
import {
  INFORMATIVE_SENSORS,
  SENSORS,
  SETTINGS,
  type EngineUnit,
} from '../analytics/engine-unit.ts';
import type { RulModel } from '../analytics/rul-model.ts';
import type { HourlyRow } from './hourly-rows.ts';

export interface RulInputs {
  /** Channels of the three operational settings; null = one regime, settings 0. */
  settings: string[] | null;
  /** Channel of each informative-sensor slot (INFORMATIVE_SENSORS order); null = unused (0). */
  sensors: (string | null)[];
}

/** What the registry stores for an RUL model on assets. */
export interface RulOnAssets {
  kind: 'ronghe.phm.rul-on-assets';
  inputs: RulInputs;
  /** Hours of telemetry per model cycle (1: each hourly mean is a cycle). */
  hoursPerCycle: 1;
  rul: RulModel;
}

export const cmapssInputs = (): RulInputs => ({
  settings: [1, 2, 3].map((i) => `setting_${i}`),
  sensors: INFORMATIVE_SENSORS.map((n) => `sensor_${n}`),
});

/** Inputs from a request: C-MAPSS names unless renamed; a telemetry model's chosen channels. */
export function inputsOf(
  source: 'cmapss' | 'telemetry',
  o: { settingChannels?: string[]; sensorChannels?: string[] },
): RulInputs {
  if (source === 'telemetry') {
    const ch = o.sensorChannels ?? [];
    if (ch.length < 1 || ch.length > INFORMATIVE_SENSORS.length)
      throw invalid('sensorChannels', {
        en: `give 1 to ${INFORMATIVE_SENSORS.length} channels of the asset model`,
        'zh-CN': `请给出 1 至 ${INFORMATIVE_SENSORS.length} 个资产型号的通道`,
      });
    if (o.settingChannels?.length)
      throw invalid('settingChannels', {
        en: 'a model trained on telemetry runs on one operating regime; leave settingChannels out',
        'zh-CN': '基于遥测训练的模型只有一种运行工况；请不要给出 settingChannels',
      });
    return {
      settings: null,
      sensors: INFORMATIVE_SENSORS.map((_, j) => ch[j] ?? null),
    };
  }
  const d = cmapssInputs();
  if (o.settingChannels && o.settingChannels.length !== SETTINGS)
    throw invalid('settingChannels', {
      en: 'name the three operational-setting channels, in file order',
      'zh-CN': '请按文件顺序给出三个运行设定通道',
    });
  if (o.sensorChannels && o.sensorChannels.length !== INFORMATIVE_SENSORS.length)
    throw invalid('sensorChannels', {
      en: `name ${INFORMATIVE_SENSORS.length} channels, for sensors ${INFORMATIVE_SENSORS.join(', ')}`,
      'zh-CN': `请给出 ${INFORMATIVE_SENSORS.length} 个通道，对应传感器 ${INFORMATIVE_SENSORS.join('、')}`,
    });
  return { settings: o.settingChannels ?? d.settings, sensors: o.sensorChannels ?? d.sensors };
}

/** The channels to read, in a fixed order: settings first, then the used sensor slots. */
export function inputChannels(i: RulInputs): string[] {
  return [...(i.settings ?? []), ...i.sensors.filter((c): c is string => c !== null)];
}

/** Hourly rows (values in inputChannels order) as one model unit, a cycle per row. */
export function unitOfRows(unit: number, i: RulInputs, rows: readonly HourlyRow[]): EngineUnit {
  const n = rows.length;
  const settings = new Float64Array(n * SETTINGS);
  const sensors = new Float64Array(n * SENSORS);
  const s = i.settings?.length ?? 0;
  rows.forEach((r, t) => {
    for (let j = 0; j < s; j++) settings[t * SETTINGS + j] = r.values[j] as number;
    let k = s;
    i.sensors.forEach((ch, j) => {
      if (ch === null) return;
      sensors[t * SENSORS + (INFORMATIVE_SENSORS[j] as number) - 1] = r.values[k++] as number;
    });
  });
  return { unit, length: n, settings, sensors };
}
