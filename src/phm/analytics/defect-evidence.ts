// Explainable evidence for a bearing diagnosis: for each defect frequency (BPFO, BPFI, BSF, FTF)
// and its first harmonics, the largest squared-envelope-spectrum line within ±2 % (at least ±2
// bins, allowing for slip; Randall & Antoni 2011 §2) against the local noise floor, the median of
// the SES in a ±15 % neighbourhood outside that search band. Reported in dB (20·log10 of the
// amplitude ratio); ≥ 6 dB is read as a clear line.
import { DEFECT_KINDS, type DefectKind } from './bearing-geometry.ts';
import type { EnvelopeResult } from './envelope.ts';

export interface HarmonicEvidence {
  harmonic: number;
  /** Nominal and observed (peak) frequency in Hz. */
  expectedHz: number;
  peakHz: number;
  peak: number;
  noiseFloor: number;
  /** Peak over noise floor in dB. */
  ratioDb: number;
}

export interface DefectEvidence {
  kind: DefectKind;
  frequencyHz: number;
  harmonics: HarmonicEvidence[];
  /** Mean ratio over the harmonics in dB: one number per defect for classifiers and reports. */
  meanRatioDb: number;
}

function median(xs: number[]): number {
  const a = xs.slice().sort((p, q) => p - q);
  const m = a.length >> 1;
  return a.length % 2 ? (a[m] as number) : ((a[m - 1] as number) + (a[m] as number)) / 2;
}

function harmonicEvidence(env: EnvelopeResult, f: number, h: number): HarmonicEvidence {
  const { ses, df } = env;
  const target = f * h;
  const half = Math.max(2, Math.round((0.02 * target) / df));
  const c = Math.round(target / df);
  const lo = Math.max(1, c - half);
  const hi = Math.min(ses.length - 1, c + half);
  let pk = lo;
  for (let k = lo; k <= hi; k++) if ((ses[k] as number) > (ses[pk] as number)) pk = k;
  const wide = Math.max(half + 4, Math.round((0.15 * target) / df));
  const around: number[] = [];
  for (let k = Math.max(1, c - wide); k <= Math.min(ses.length - 1, c + wide); k++) {
    if (k < lo || k > hi) around.push(ses[k] as number);
  }
  const floor = around.length ? median(around) : 0;
  const peak = ses[pk] as number;
  const ratioDb = floor > 0 && peak > 0 ? 20 * Math.log10(peak / floor) : 0;
  return { harmonic: h, expectedHz: target, peakHz: pk * df, peak, noiseFloor: floor, ratioDb };
}

/** Evidence at each defect frequency for harmonics 1..`harmonics`. */
export function defectEvidence(
  env: EnvelopeResult,
  freqs: Record<DefectKind, number>,
  harmonics = 3,
): DefectEvidence[] {
  return DEFECT_KINDS.map((kind) => {
    const f = freqs[kind];
    const hs: HarmonicEvidence[] = [];
    for (let h = 1; h <= harmonics; h++)
      if (f * h < env.df * (env.ses.length - 2)) hs.push(harmonicEvidence(env, f, h));
    const meanRatioDb = hs.length ? hs.reduce((s, e) => s + e.ratioDb, 0) / hs.length : 0;
    return { kind, frequencyHz: f, harmonics: hs, meanRatioDb };
  });
}
