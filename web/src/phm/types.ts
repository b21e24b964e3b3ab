// Shapes of the PHM answers the OpenAPI document leaves open (src/phm/service/*.ts).

/** GET /api/v1/phm/models → items[] (src/phm/service/registry.ts RegisteredModel). */
export interface RegisteredModel {
  id: string;
  kind: 'health-baseline' | 'rul' | 'bearing';
  assetModelId: string;
  version: number;
  status: 'active' | 'retired';
  training: {
    assets: string[];
    assetCount: number;
    from: number;
    to: number;
    points: number;
    channels: string[];
  };
  metrics: Record<string, unknown>;
  createdAt: number;
  createdBy: string;
}

/** GET /api/v1/phm/jobs/{id} (src/phm/service/jobs.ts Job). */
export interface TrainingJob {
  id: string;
  kind: string;
  assetModelId: string;
  status: 'running' | 'ok' | 'failed';
  progress: number;
  message: string | null;
  modelId: string | null;
}

/** The metrics of an RUL model (src/phm/service/rul-train-thread.ts). */
export interface RulMetrics {
  validation: {
    protocol: 'test-units' | 'held-back-units';
    units: number;
    predictions: number;
    rmse: number;
    score: number;
    coverage: number;
    nominalCoverage: number;
    /** null when a band's conformal bound is infinite (too few calibration points). */
    meanWidth: number | null;
  };
  trainUnits: number;
}

/** GET /api/v1/phm/assessments → items[] (src/phm/service/assessments.ts). */
export interface Assessment {
  id: string;
  assetId: string;
  modelId: string;
  modelVersion: number;
  at: number;
  health: number;
  /** Trend RUL in hours; null when the trend does not fall. */
  rul: number | null;
  lower: number | null;
  /** null when the slower bound never reaches the threshold. */
  upper: number | null;
  createdAt: number;
}

/** POST /api/v1/phm/assets/{id}/assess (src/phm/service/assess-health.ts HealthAssessment). */
export type HealthAssessment =
  | { status: 'insufficient-data'; assetId: string; reason: string }
  | { status: 'ok'; assetId: string; latest: { health: number } };

/** The newest assessment of each asset (the list comes newest first). */
/**
 * GET /api/v1/phm/health (src/phm/service/fleet-health.ts): an asset's health as its own page
 * shows it — the worse of the baseline and the latest bearing diagnosis — with the trend RUL.
 */
export interface FleetHealth {
  assetId: string;
  modelId: string;
  modelVersion: number;
  assessedAt: number;
  health: number;
  source: 'baseline' | 'diagnosis';
  baselineHealth: number;
  diagnosis: { label: string; level: string } | null;
  rul: number | null;
  lower: number | null;
  upper: number | null;
}

/** What the RUL ranking reads of an asset's figures. */
export type RulRow = Pick<Assessment, 'assetId' | 'health' | 'rul' | 'lower' | 'upper'>;

/** Shortest RUL first; assets without a falling trend (no RUL) last, worst health first. */
export function rankByRul<T extends RulRow>(items: T[]): T[] {
  return [...items].sort((a, b) => {
    if (a.rul === null && b.rul === null) return a.health - b.health;
    if (a.rul === null) return 1;
    if (b.rul === null) return -1;
    return a.rul - b.rul;
  });
}

/** Health bands of the 0–100 index (the glossary's 良好 / 注意 / 劣化). */
export function healthBand(h: number): 'good' | 'watch' | 'poor' {
  return h >= 80 ? 'good' : h >= 50 ? 'watch' : 'poor';
}

/** GET/PUT /api/v1/phm/schedules (src/phm/service/schedules.ts Schedule). */
export interface Schedule {
  id: string;
  kind: 'health-baseline' | 'rul';
  assetModelId: string;
  intervalMinutes: number;
  windowHours: number;
  nextRunAt: number;
  lastRunAt: number | null;
  lastResult: { at: number; ok: number; insufficientData: number; failed: number } | null;
}

/** GET /api/v1/phm/assets/{id}/health (src/phm/service/latest-health.ts LatestHealth). */
export interface LatestHealth {
  status: 'ok';
  assetId: string;
  modelVersion: number;
  assessedAt: number;
  latest: { t: number; health: number };
  /** The figure to show: the worse of the baseline and the latest bearing diagnosis. */
  combined: {
    health: number;
    source: 'baseline' | 'diagnosis';
    baselineHealth: number;
    diagnosisHealth: number | null;
    confidence: number | null;
    diagnosis: { label: string; level: string; defect: string | null } | null;
  };
  rul:
    | { kind: 'no-trend'; reason: string }
    | { kind: 'trend'; hours: number; lower: number; upper: number | null };
}

/** The defect frequencies of a rolling-element bearing (src/phm/analytics/bearing-geometry.ts). */
export type DefectKind = 'BPFO' | 'BPFI' | 'BSF' | 'FTF';

/** GET /api/v1/phm/assets/{id}/diagnosis (src/phm/service/waveforms.ts StoredDiagnosis). */
export interface BearingDiagnosis {
  assetId: string;
  modelVersion: number;
  at: number;
  label: string;
  share: number;
  meanProbability: number;
  windows: { window: number; label: string; probability: number }[];
  evidence: {
    kind: DefectKind;
    frequencyHz: number;
    meanRatioDb: number;
    harmonics: {
      harmonic: number;
      expectedHz: number;
      peakHz: number;
      peak: number;
      ratioDb: number;
    }[];
  }[];
  severity: { level: string; defect?: DefectKind; lineDb?: number };
  kurtosis: number;
  sampleRate: number;
  rpm: number;
}
