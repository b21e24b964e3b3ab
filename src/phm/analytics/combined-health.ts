// One health figure for an asset that has both a health-index assessment (deviation of its
// process channels from a healthy baseline) and a bearing diagnosis from vibration. The two see
// different things: a bearing with an incipient inner-race defect barely moves temperatures or
// currents, so the baseline may read 100 while the envelope spectrum shows the BPFI line.
//
// Rule: the worse of the two. The diagnosis becomes a health figure by the severity of the fault
// it names, weighted by how sure it is:
//   ceiling by severity — incipient 70, moderate 45, severe 20, a fault of unknown size 60;
//   confidence c = share of windows reading the label × their mean probability;
//   diagnosis health = 100 − c × (100 − ceiling);  a 'normal' diagnosis is 100.
// The ceilings sit in the bands of the 0–100 index (≥ 80 good, 50–80 watch, < 50 poor): an
// incipient fault (≤ 0.007 in on CWRU) asks for watching, a moderate or severe one is poor, as
// in ISO 13381-1's escalation from detection to action. A doubtful fault (c ≈ 0.3) only nudges.
import type { SeverityLevel } from './bearing-model.ts';

export const severityCeiling: Record<Exclude<SeverityLevel, 'none'>, number> = {
  incipient: 70,
  moderate: 45,
  severe: 20,
  unknown: 60,
};

export interface DiagnosisInput {
  label: string;
  level: SeverityLevel;
  /** Share of the block's windows that read the label (0–1). */
  share: number;
  /** Mean classifier probability over the windows (0–1). */
  meanProbability: number;
}

export interface CombinedHealth {
  health: number;
  /** Which figure set it: the baseline, or the diagnosis (strictly worse). */
  source: 'baseline' | 'diagnosis';
  baselineHealth: number;
  /** null without a diagnosis. */
  diagnosisHealth: number | null;
  confidence: number | null;
}

export function diagnosisHealth(d: DiagnosisInput): { health: number; confidence: number } {
  const confidence = Math.max(0, Math.min(1, d.share * d.meanProbability));
  if (d.level === 'none') return { health: 100, confidence };
  return { health: 100 - confidence * (100 - severityCeiling[d.level]), confidence };
}

export function combineHealth(baseline: number, d: DiagnosisInput | null): CombinedHealth {
  if (!d)
    return {
      health: baseline,
      source: 'baseline',
      baselineHealth: baseline,
      diagnosisHealth: null,
      confidence: null,
    };
  const x = diagnosisHealth(d);
  const worse = x.health < baseline;
  return {
    health: worse ? x.health : baseline,
    source: worse ? 'diagnosis' : 'baseline',
    baselineHealth: baseline,
    diagnosisHealth: x.health,
    confidence: x.confidence,
  };
}
