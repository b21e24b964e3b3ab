import { RongheError } from '../../kernel/index.ts';
// Ten-class bearing diagnosis (CWRU drive end, Smith & Randall, MSSP 64–65 (2015)): per window,
// envelope evidence at the defect frequencies of the bearing (explainable part) and a softmax
// classifier over time, spectral and envelope features (the label). Severity comes from the
// fault size class in the label (CWRU seeds 0.007/0.014/0.021 in faults) together with the
// strength of the matching defect line.
import { invalidData } from '../../kernel/index.ts';
import { SKF_6205_2RS, type BearingGeometry, type DefectKind } from './bearing-geometry.ts';
import { analyseWindow } from './bearing-features.ts';
import type { DefectEvidence } from './defect-evidence.ts';
import { isPowerOfTwo } from './fft.ts';
import { softmaxProbabilities, trainSoftmax, type SoftmaxModel } from './softmax.ts';

export interface BearingModel {
  kind: 'ronghe.phm.bearing';
  version: 1;
  fs: number;
  rpm: number;
  window: number;
  geometry: BearingGeometry;
  classifier: SoftmaxModel;
}

export interface LabelledSignal {
  label: string;
  signal: ArrayLike<number>;
}

export type SeverityLevel = 'none' | 'incipient' | 'moderate' | 'severe' | 'unknown';

export interface BearingDiagnosis {
  /** Index of the window (0-based) and its first sample. */
  window: number;
  start: number;
  label: string;
  probability: number;
  severity: {
    level: SeverityLevel;
    faultDiameterIn?: number;
    defect?: DefectKind;
    lineDb?: number;
  };
  band: [number, number];
  kurtosis: number;
  evidence: DefectEvidence[];
}

export interface BearingTrainOptions {
  fs: number;
  rpm: number;
  window: number;
  /** Step between training windows; default window/4 (overlapping windows as augmentation). */
  stride?: number;
  geometry?: BearingGeometry;
}

function checkSetup(fs: number, rpm: number, window: number, source: string | undefined): void {
  const file = source;
  if (!(fs > 0))
    throw invalidData(
      { file, field: 'fs' },
      { en: `sampling rate must be positive, got ${fs}`, 'zh-CN': `采样率必须为正，实为 ${fs}` },
    );
  if (!(rpm > 0))
    throw invalidData(
      { file, field: 'rpm' },
      { en: `shaft speed must be positive, got ${rpm}`, 'zh-CN': `轴转速必须为正，实为 ${rpm}` },
    );
  if (!isPowerOfTwo(window) || window < 256)
    throw invalidData(
      { file, field: 'window' },
      {
        en: `window must be a power of two ≥ 256, got ${window}`,
        'zh-CN': `窗口长度必须是 ≥ 256 的 2 的幂，实为 ${window}`,
      },
    );
}

export function trainBearingModel(
  records: readonly LabelledSignal[],
  o: BearingTrainOptions,
): BearingModel {
  checkSetup(o.fs, o.rpm, o.window, undefined);
  const geometry = o.geometry ?? SKF_6205_2RS;
  const stride = o.stride ?? o.window / 4;
  const x: number[][] = [];
  const y: string[] = [];
  for (const r of records) {
    for (let s = 0; s + o.window <= r.signal.length; s += stride) {
      x.push(
        analyseWindow(
          Array.prototype.slice.call(r.signal, s, s + o.window) as number[],
          o.fs,
          o.rpm,
          geometry,
        ).features,
      );
      y.push(r.label);
    }
  }
  if (new Set(y).size < 2)
    throw new RongheError(
      'RONGHE_INVALID_DATA',
      'training data: need windows of at least two classes (labels are file names up to the first underscore)',
    );
  const classifier = trainSoftmax(x, y, { iterations: 500 });
  return {
    kind: 'ronghe.phm.bearing',
    version: 1,
    fs: o.fs,
    rpm: o.rpm,
    window: o.window,
    geometry,
    classifier,
  };
}

const DEFECT_OF: Record<string, DefectKind> = { B: 'BSF', IR: 'BPFI', OR: 'BPFO' };

function severityOf(
  label: string,
  evidence: readonly DefectEvidence[],
): BearingDiagnosis['severity'] {
  if (/^normal$/i.test(label)) return { level: 'none' };
  const m = /^(B|IR|OR)(\d{3})$/.exec(label);
  if (!m) return { level: 'unknown' };
  const defect = DEFECT_OF[m[1] as string] as DefectKind;
  const size = Number(m[2]) / 1000;
  const level: SeverityLevel = size <= 0.007 ? 'incipient' : size <= 0.014 ? 'moderate' : 'severe';
  const lineDb = evidence.find((e) => e.kind === defect)?.meanRatioDb;
  return { level, faultDiameterIn: size, defect, ...(lineDb !== undefined ? { lineDb } : {}) };
}

/**
 * Diagnoses each consecutive non-overlapping window of `signal`. The sampling rate must be the
 * model's, and the shaft speed within ±10 % of it: the classifier's spectral features do not
 * transfer to other rates or speeds, so those inputs are refused instead of answered.
 */
export function diagnoseBearing(
  model: BearingModel,
  signal: ArrayLike<number>,
  setup: { fs: number; rpm: number; window: number; source?: string },
): BearingDiagnosis[] {
  const file = setup.source;
  checkSetup(setup.fs, setup.rpm, setup.window, file);
  if (Math.abs(setup.fs - model.fs) > 1e-3 * model.fs)
    throw invalidData(
      { file, field: 'fs' },
      {
        en: `model was trained at ${model.fs} Hz, got ${setup.fs} Hz; resample or train a model for this rate`,
        'zh-CN': `模型训练时采样率为 ${model.fs} Hz，此处为 ${setup.fs} Hz；请重采样或为此采样率训练模型`,
      },
    );
  if (Math.abs(setup.rpm - model.rpm) > 0.1 * model.rpm)
    throw invalidData(
      { file, field: 'rpm' },
      {
        en: `model was trained near ${model.rpm} rpm, got ${setup.rpm} rpm (allowed ±10 %)`,
        'zh-CN': `模型训练时转速约为 ${model.rpm} rpm，此处为 ${setup.rpm} rpm（允许 ±10 %）`,
      },
    );
  if (setup.window !== model.window)
    throw invalidData(
      { file, field: 'window' },
      {
        en: `model was trained on ${model.window}-sample windows, got ${setup.window}`,
        'zh-CN': `模型按 ${model.window} 点窗口训练，此处为 ${setup.window}`,
      },
    );
  if (signal.length < setup.window)
    throw invalidData(
      { file },
      {
        en: `${signal.length} samples, fewer than one window of ${setup.window}`,
        'zh-CN': `${signal.length} 个采样点，不足一个窗口（${setup.window}）`,
      },
    );
  const out: BearingDiagnosis[] = [];
  for (let s = 0, w = 0; s + setup.window <= signal.length; s += setup.window, w++) {
    const seg = Array.prototype.slice.call(signal, s, s + setup.window) as number[];
    const a = analyseWindow(seg, setup.fs, setup.rpm, model.geometry);
    const p = softmaxProbabilities(model.classifier, a.features);
    let best = 0;
    for (let c = 1; c < p.length; c++) if ((p[c] as number) > (p[best] as number)) best = c;
    const label = model.classifier.classes[best] as string;
    out.push({
      window: w,
      start: s,
      label,
      probability: p[best] as number,
      severity: severityOf(label, a.evidence),
      band: a.envelope.band,
      kurtosis: a.envelope.kurtosis,
      evidence: a.evidence,
    });
  }
  return out;
}
