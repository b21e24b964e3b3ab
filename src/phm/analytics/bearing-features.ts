// Feature vector of one vibration window for the ten-class CWRU classifier: time-domain condition
// indicators (RMS, kurtosis, skewness, crest, shape and impulse factors; Lei et al., MSSP 2008
// list these for bearing diagnosis), the log share of signal power in 32 equal spectral bands,
// and the envelope evidence (dB) at each defect frequency harmonic from the kurtogram band and
// from a fixed wide band. Band shares make the spectral part insensitive to overall gain.
import { defectFrequencies, type BearingGeometry } from './bearing-geometry.ts';
import { defectEvidence, type DefectEvidence } from './defect-evidence.ts';
import { envelopeOfSpectrum, spectrumOf, type EnvelopeResult, type Spectrum } from './envelope.ts';

export const SPECTRAL_BANDS = 32;

export interface WindowAnalysis {
  features: number[];
  envelope: EnvelopeResult;
  evidence: DefectEvidence[];
}

function timeFeatures(x: ArrayLike<number>): number[] {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i] as number;
  m /= n;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let peak = 0;
  let absMean = 0;
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - m;
    s2 += d * d;
    s3 += d * d * d;
    s4 += d * d * d * d;
    peak = Math.max(peak, Math.abs(d));
    absMean += Math.abs(d);
  }
  const v = s2 / n;
  const rms = Math.sqrt(v) || 1e-12;
  absMean = absMean / n || 1e-12;
  return [
    Math.log(rms),
    Math.log(s4 / n / (v * v || 1e-24)),
    s3 / n / (rms * rms * rms),
    Math.log(peak / rms || 1e-12),
    rms / absMean,
    Math.log(peak / absMean || 1e-12),
  ];
}

function spectralFeatures(s: Spectrum): number[] {
  const half = s.re.length / 2;
  const bands = new Float64Array(SPECTRAL_BANDS);
  const per = half / SPECTRAL_BANDS;
  let total = 0;
  for (let k = 1; k <= half; k++) {
    const p = (s.re[k] as number) ** 2 + (s.im[k] as number) ** 2;
    const b = Math.min(SPECTRAL_BANDS - 1, Math.floor((k - 1) / per));
    bands[b] = (bands[b] as number) + p;
    total += p;
  }
  return Array.from(bands, (p) => Math.log10(p / (total || 1) + 1e-9));
}

function evidenceFeatures(ev: readonly DefectEvidence[]): number[] {
  return ev.flatMap((d) => d.harmonics.map((h) => h.ratioDb));
}

/** Features and explainable evidence of one window sampled at fs from a shaft at rpm. */
export function analyseWindow(
  x: ArrayLike<number>,
  fs: number,
  rpm: number,
  geometry: BearingGeometry,
): WindowAnalysis {
  const freqs = defectFrequencies(geometry, rpm);
  const spectrum = spectrumOf(x, fs);
  const envelope = envelopeOfSpectrum(spectrum);
  const evidence = defectEvidence(envelope, freqs);
  const wide = defectEvidence(envelopeOfSpectrum(spectrum, [fs / 12, fs / 3]), freqs);
  const features = [
    ...timeFeatures(x),
    ...spectralFeatures(spectrum),
    ...evidenceFeatures(evidence),
    ...evidenceFeatures(wide),
    Math.log(Math.max(1e-6, envelope.kurtosis + 2)),
  ];
  return { features, envelope, evidence };
}
