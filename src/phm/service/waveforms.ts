// Vibration waveforms on an asset: a block of samples at a kHz rate (e.g. 4,096 at 12 kHz) with
// its sample rate and running speed, sent over HTTP (base64 float32) or MQTT (raw float32 bytes),
// stored deflate-compressed, and diagnosed at once by the active bearing model of the asset's
// model. The diagnosis is stored as a 'bearing' assessment with the envelope evidence at the
// defect frequencies (BPFO, BPFI, BSF, FTF), so reading it never computes.
import { deflateRawSync } from 'node:zlib';
import { getAsset } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { RongheError, invalid } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import { analyseWindow } from '../analytics/bearing-features.ts';
import { defectFrequencies } from '../analytics/bearing-geometry.ts';
import {
  diagnoseBearing,
  type BearingDiagnosis,
  type BearingModel,
} from '../analytics/bearing-model.ts';
import { latestAssessmentOf } from './assessments.ts';
import { activeModel, phm, phmId } from './registry.ts';
import { encodeFloat32 } from './samples.ts';

export interface WaveformInput {
  channel?: string;
  ts?: number;
  sampleRate: number;
  rpm: number;
  samples: Float64Array;
}

export interface StoredDiagnosis {
  /** The label most windows read, with the share of windows that read it. */
  label: string;
  share: number;
  meanProbability: number;
  windows: { window: number; label: string; probability: number }[];
  /** Evidence of the window whose label agrees with the majority and is the most certain. */
  evidence: BearingDiagnosis['evidence'];
  severity: BearingDiagnosis['severity'];
  kurtosis: number;
  band: [number, number];
  defectFrequencies: Record<string, number>;
  /** The squared envelope spectrum of that window up to three times the highest defect
   * frequency (amplitude at k·df Hz), kept so the lines the evidence names can be seen. */
  envelopeSpectrum: { df: number; values: number[] };
  sampleRate: number;
  rpm: number;
}

/** The SES of the window `best` read, cut at three times the highest defect frequency. */
function envelopeSpectrumOf(
  model: BearingModel,
  best: BearingDiagnosis,
  input: WaveformInput,
  freqs: Record<string, number>,
): StoredDiagnosis['envelopeSpectrum'] {
  const seg = input.samples.subarray(best.start, best.start + model.window);
  const { df, ses } = analyseWindow(seg, input.sampleRate, input.rpm, model.geometry).envelope;
  const top = Math.min(ses.length, Math.ceil((3 * Math.max(...Object.values(freqs))) / df) + 1);
  return { df, values: Array.from(ses.subarray(0, top), (v) => Number(v.toPrecision(4))) };
}

export type WaveformResult = {
  waveformId: string;
  channel: string;
  ts: number;
  samples: number;
  storedBytes: number;
  diagnosis:
    | ({
        status: 'ok';
        assessmentId: string;
        modelId: string;
        modelVersion: number;
      } & StoredDiagnosis)
    | { status: 'no-model'; reason: string };
};

function summarise(
  model: BearingModel,
  d: BearingDiagnosis[],
  input: WaveformInput,
): StoredDiagnosis {
  const counts = new Map<string, number>();
  for (const x of d) counts.set(x.label, (counts.get(x.label) ?? 0) + 1);
  const [label, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  const best = d.filter((x) => x.label === label).sort((a, b) => b.probability - a.probability)[0]!;
  const freqs = defectFrequencies(model.geometry, input.rpm);
  return {
    label,
    share: n / d.length,
    meanProbability: d.reduce((s, x) => s + x.probability, 0) / d.length,
    windows: d.map((x) => ({ window: x.window, label: x.label, probability: x.probability })),
    evidence: best.evidence,
    severity: best.severity,
    kurtosis: best.kurtosis,
    band: best.band,
    defectFrequencies: freqs,
    envelopeSpectrum: envelopeSpectrumOf(model, best, input, freqs),
    sampleRate: input.sampleRate,
    rpm: input.rpm,
  };
}

/** Stores the block compressed and diagnoses it with the active bearing model, if any. */
export async function ingestWaveform(
  db: Db,
  scope: Scope,
  assetRef: string,
  input: WaveformInput,
): Promise<WaveformResult> {
  if (!(input.sampleRate >= 100 && input.sampleRate <= 1_000_000))
    throw invalid('sampleRate', {
      en: 'must be between 100 and 1,000,000 Hz',
      'zh-CN': '必须在 100 到 1,000,000 Hz 之间',
    });
  if (!(input.rpm > 0 && input.rpm <= 100_000))
    throw invalid('rpm', {
      en: 'must be above 0 and at most 100,000',
      'zh-CN': '必须大于 0 且不超过 100,000',
    });
  if (input.samples.length < 256 || input.samples.length > 1 << 20)
    throw invalid('samples', {
      en: 'a block holds 256 to 1,048,576 samples',
      'zh-CN': '一个数据块包含 256 到 1,048,576 个采样点',
    });
  const asset = await getAsset(db, scope, assetRef);
  const channel = input.channel ?? 'vibration';
  const ts = input.ts ?? Date.now();
  const data = deflateRawSync(encodeFloat32(input.samples));
  const waveformId = phmId('pw');
  const k = phm(db);
  await k
    .insertInto('phm_waveforms')
    .values({
      id: waveformId,
      tenant_id: scope.tenantId,
      asset_id: asset.id,
      channel,
      ts,
      sample_rate: input.sampleRate,
      rpm: input.rpm,
      samples: input.samples.length,
      encoding: 'float32le+deflate-raw',
      data,
      created_at: Date.now(),
    })
    .execute();
  const base = { waveformId, channel, ts, samples: input.samples.length, storedBytes: data.length };
  const active = asset.modelId
    ? await activeModel<BearingModel>(db, scope, 'bearing', asset.modelId)
    : undefined;
  if (!active)
    return {
      ...base,
      diagnosis: {
        status: 'no-model',
        reason: 'the asset model has no active bearing model; stored only',
      },
    };
  const m = active.model;
  const d = diagnoseBearing(m, input.samples, {
    fs: input.sampleRate,
    rpm: input.rpm,
    window: m.window,
  });
  const summary = summarise(m, d, input);
  const assessmentId = phmId('pa');
  const normal = d.filter((x) => /^normal/i.test(x.label)).length / d.length;
  await k
    .insertInto('phm_assessments')
    .values({
      id: assessmentId,
      tenant_id: scope.tenantId,
      asset_id: asset.id,
      customer_id: asset.customerId,
      model_id: active.meta.id,
      model_version: active.meta.version,
      at: ts,
      health: 100 * normal,
      rul: null,
      lower: null,
      upper: null,
      created_at: Date.now(),
      kind: 'bearing',
      detail: JSON.stringify({ waveformId, ...summary }),
    })
    .execute();
  return {
    ...base,
    diagnosis: {
      status: 'ok',
      assessmentId,
      modelId: active.meta.id,
      modelVersion: active.meta.version,
      ...summary,
    },
  };
}

/** The latest stored bearing diagnosis of an asset. */
export async function latestDiagnosis(db: Db, scope: Scope, assetRef: string) {
  const asset = await getAsset(db, scope, assetRef);
  const r = await latestAssessmentOf(db, scope.tenantId, asset.id, 'bearing');
  if (!r?.detail)
    throw new RongheError(
      'RONGHE_NOT_FOUND',
      {
        en: `No bearing diagnosis of asset '${assetRef}' yet; send a waveform with POST /api/v1/phm/assets/${assetRef}/waveforms.`,
        'zh-CN': `资产“${assetRef}”尚无轴承诊断；请用 POST /api/v1/phm/assets/${assetRef}/waveforms 发送波形。`,
      },
      { resource: 'bearing-diagnosis', id: assetRef },
    );
  return {
    assetId: asset.id,
    assessmentId: r.id,
    modelId: r.model_id,
    modelVersion: Number(r.model_version),
    at: Number(r.at),
    ...(JSON.parse(r.detail) as StoredDiagnosis & { waveformId: string }),
  };
}
