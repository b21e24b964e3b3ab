// Nameplate normalisation for a fleet baseline. Like assets of one model differ in size: a
// 3 MW heat station moves two and a half times the water of a 1.2 MW one at the same outdoor
// temperature. Extensive channels (flow, heat, power, load) scale with a rating on the nameplate,
// intensive ones (temperatures, COP, speed, vibration) do not. A baseline pooled over sizes, with
// the extensive channels in absolute units, learns the sizes of the assets it was fitted on: the
// linear operating-condition model (operating-regression.ts) then extrapolates to a larger
// unit, whose healthy hours read as faults (issue 18: the demo's 3,000 kW station was scored 51
// when healthy, below the 1,200 kW station with a stuck sensor). Dividing each extensive channel
// by its rating makes the rows of all sizes comparable (per-unit quantities, as in the per-unit
// system of power engineering and the part-load ratios of EN 14825 / GB 19577 for chillers),
// so one baseline serves the fleet and a unit larger than any in the training set is still in
// range.
import { invalidData } from '../../kernel/index.ts';

/** `channel` is divided by the asset's nameplate `property` before it is scored. */
export interface Normaliser {
  channel: string;
  property: string;
  /**
   * The channel falls as the rating rises (pieces per interval of a sewing line against its
   * standard cycle time): it is multiplied by the rating instead, which gives the standard
   * time earned (the garment trade's standard allowed minutes).
   */
  inverse?: boolean;
}

/** Refuses a normaliser on a channel the baseline does not use, or two on one channel. */
export function checkNormalisers(
  channels: readonly string[],
  normalisers: readonly Normaliser[],
): void {
  const seen = new Set<string>();
  for (const n of normalisers) {
    if (!channels.includes(n.channel))
      throw invalidData(
        { field: 'normalisers' },
        {
          en: `'${n.channel}' is not one of the channels used (${channels.join(', ')})`,
          'zh-CN': `“${n.channel}”不在所用通道之中（${channels.join('、')}）`,
        },
      );
    if (seen.has(n.channel))
      throw invalidData(
        { field: 'normalisers' },
        {
          en: `'${n.channel}' is normalised twice`,
          'zh-CN': `“${n.channel}”被归一化了两次`,
        },
      );
    seen.add(n.channel);
  }
}

/** The rating an asset gives a normaliser: a positive finite number, or a clear refusal. */
function ratingOf(n: Normaliser, properties: Readonly<Record<string, unknown>>, asset?: string) {
  const v = properties[n.property];
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
  const who = asset ? `asset '${asset}'` : 'the asset';
  const whoZh = asset ? `资产“${asset}”` : '该资产';
  throw invalidData(
    { field: `properties.${n.property}` },
    {
      en: `${who} has no positive nameplate value '${n.property}' (got ${JSON.stringify(v ?? null)}), which the baseline divides '${n.channel}' by; set it on the asset`,
      'zh-CN': `${whoZh}缺少正的铭牌参数“${n.property}”（得到 ${JSON.stringify(v ?? null)}），基线用它去除“${n.channel}”；请在资产上填写`,
    },
  );
}

/** A row with each normalised channel divided (or multiplied) by the asset's rating (a copy). */
export function nameplateRow(
  normalisers: readonly Normaliser[] | undefined,
  channels: readonly string[],
  row: readonly number[],
  properties: Readonly<Record<string, unknown>> = {},
  asset?: string,
): number[] {
  const out = [...row];
  for (const n of normalisers ?? []) {
    const j = channels.indexOf(n.channel);
    if (j < 0) continue;
    const rating = ratingOf(n, properties, asset);
    out[j] = n.inverse ? (out[j] as number) * rating : (out[j] as number) / rating;
  }
  return out;
}
