// Bearing training data from an asset model's own waveform history (issue 18): the engineer
// labels periods of stored waveforms of its assets (a motor with a confirmed inner-race fault
// between two dates, a healthy one over a week), and the blocks stored in each period become one
// labelled signal, oldest first. The label comes from the engineer, not the data: which fault a
// bearing had is known from its teardown or a specialist's reading, as the CWRU labels were.
//
// Only blocks at the model's sample rate and within ±10 % of its running speed are used — the
// range the trained model will diagnose (analytics/bearing-model.ts) — and the others are counted,
// not silently mixed in. Blocks are concatenated in time order, so the training job's held-out
// part (the last 20 % of each signal) is the period's latest blocks, which training never saw.
import { inflateRawSync } from 'node:zlib';
import { getAsset } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { invalid } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { TrainingSummary } from './registry.ts';
import { phm } from './registry.ts';
import { float32Of } from './samples.ts';

export interface WaveformPeriod {
  /** Asset id or serial; the asset must be of the model being trained. */
  assetId: string;
  label: string;
  /** Epoch ms, from inclusive, to exclusive. */
  from: number;
  to: number;
  /** Waveform channel; default 'vibration'. */
  channel?: string;
}

/** At most this many samples in one training (some 256 MB of float64 in the worker). */
export const MAX_HISTORY_SAMPLES = 32 * 1024 * 1024;

interface Setup {
  fs: number;
  rpm: number;
  window: number;
}

async function blocksOf(db: Db, scope: Scope, assetId: string, p: WaveformPeriod) {
  return phm(db)
    .selectFrom('phm_waveforms')
    .select(['ts', 'sample_rate', 'rpm', 'samples', 'encoding', 'data'])
    .where('tenant_id', '=', scope.tenantId)
    .where('asset_id', '=', assetId)
    .where('channel', '=', p.channel ?? 'vibration')
    .where('ts', '>=', p.from)
    .where('ts', '<', p.to)
    .orderBy('ts')
    .execute();
}

const fits = (b: { sample_rate: number; rpm: number }, s: Setup): boolean =>
  Math.abs(Number(b.sample_rate) - s.fs) <= 1e-3 * s.fs &&
  Math.abs(Number(b.rpm) - s.rpm) <= 0.1 * s.rpm;

/**
 * The labelled signals of the periods, with what trained (assets, time span, samples). Refuses,
 * naming `waveforms[i]…`, an asset of another model, an empty or reversed period, and a period
 * with fewer than two windows of usable samples (saying how many blocks were at another rate or
 * speed).
 */
export async function signalsFromHistory(
  db: Db,
  scope: Scope,
  assetModelId: string,
  periods: readonly WaveformPeriod[],
  setup: Setup,
): Promise<{ signals: { label: string; samples: Float64Array }[]; training: TrainingSummary }> {
  const signals: { label: string; samples: Float64Array }[] = [];
  const assets = new Set<string>();
  let total = 0;
  for (const [i, p] of periods.entries()) {
    const field = `waveforms[${i}]`;
    const asset = await getAsset(db, scope, p.assetId);
    if (asset.modelId !== assetModelId)
      throw invalid(`${field}.assetId`, {
        en: `asset '${p.assetId}' is not of asset model '${assetModelId}'`,
        'zh-CN': `资产“${p.assetId}”不属于资产型号“${assetModelId}”`,
      });
    if (!(p.to > p.from))
      throw invalid(`${field}.to`, {
        en: 'must be after from',
        'zh-CN': '必须晚于 from',
      });
    const rows = await blocksOf(db, scope, asset.id, p);
    const usable = rows.filter((b) => fits(b, setup));
    const n = usable.reduce((s, b) => s + Number(b.samples), 0);
    if (n < 2 * setup.window)
      throw invalid(field, {
        en: `${usable.length} stored block(s) of ${n} samples at ${setup.fs} Hz and ${setup.rpm} rpm ±10 % (${rows.length - usable.length} more at another rate or speed); need at least ${2 * setup.window} samples (two windows)`,
        'zh-CN': `在 ${setup.fs} Hz、${setup.rpm} rpm ±10 % 下只存有 ${usable.length} 个数据块共 ${n} 个采样点（另有 ${rows.length - usable.length} 个采样率或转速不符）；至少需要 ${2 * setup.window} 个（两个窗口）`,
      });
    total += n;
    if (total > MAX_HISTORY_SAMPLES)
      throw invalid('waveforms', {
        en: `more than ${MAX_HISTORY_SAMPLES} samples in all; label shorter periods`,
        'zh-CN': `采样点总数超过 ${MAX_HISTORY_SAMPLES}；请标注更短的时段`,
      });
    // The row's sample count was written with its data (waveforms.ts); the decoded length is
    // what counts if they ever disagreed.
    const blocks = usable.map((b) => float32Of(inflateRawSync(b.data), field));
    const samples = new Float64Array(blocks.reduce((s, x) => s + x.length, 0));
    let at = 0;
    for (const x of blocks) {
      samples.set(x, at);
      at += x.length;
    }
    signals.push({ label: p.label, samples });
    assets.add(asset.id);
  }
  if (new Set(signals.map((s) => s.label)).size < 2)
    throw invalid('waveforms', {
      en: 'need periods of at least two labels (e.g. Normal and IR007)',
      'zh-CN': '至少需要两种标签的时段（例如 Normal 和 IR007）',
    });
  return {
    signals,
    training: {
      assets: [...assets],
      assetCount: assets.size,
      from: Math.min(...periods.map((p) => p.from)),
      to: Math.max(...periods.map((p) => p.to)),
      points: total,
      channels: [...new Set(periods.map((p) => p.channel ?? 'vibration'))],
    },
  };
}
