// PHM context (prognostics and health management): remaining-useful-life models for run-to-failure
// fleets (C-MAPSS turbofans: regime normalisation, window features, boosted trees, conformal
// intervals), bearing fault diagnosis from vibration (envelope analysis with defect frequencies
// from bearing geometry plus a ten-class classifier) and health indices for live assets
// (deviation from a learned healthy baseline, per-channel contributions, trend RUL). The analytics
// under ./analytics are pure functions without I/O; ./load reads data files and model files.
//
// Bad input policy: loaders refuse malformed rows with an error naming file, line and column;
// a test unit shorter than the feature window uses its whole history (slopes of a one-cycle unit
// are 0) instead of padding with invented values.
export type { EngineUnit } from './analytics/engine-unit.ts';
export { INFORMATIVE_SENSORS, cappedRul } from './analytics/engine-unit.ts';
export type {
  PredictionSpread,
  RulModel,
  RulPrediction,
  RulTrainOptions,
} from './analytics/rul-model.ts';
export { predictRul, predictionSpread, trainRulModel } from './analytics/rul-model.ts';
export { phm08Score, rmse } from './analytics/rul-metrics.ts';
export { parseCmapss, parseRulTruth, readCmapss, readRulTruth } from './load/cmapss.ts';
export { loadModel, saveModel } from './load/model-file.ts';
export type { BearingGeometry, DefectKind } from './analytics/bearing-geometry.ts';
export { SKF_6205_2RS, defectFrequencies } from './analytics/bearing-geometry.ts';
export type { DefectEvidence, HarmonicEvidence } from './analytics/defect-evidence.ts';
export type { BearingDiagnosis, BearingModel, LabelledSignal } from './analytics/bearing-model.ts';
export { diagnoseBearing, trainBearingModel } from './analytics/bearing-model.ts';
export { envelopeAnalysis } from './analytics/envelope.ts';
export { labelOfFile, parseVibrationCsv, readVibrationCsv, readVibrationDir } from './load/cwru.ts';
export type { ChannelContribution, HealthBaseline, HealthScore } from './analytics/health-index.ts';
export {
  fitHealthBaseline,
  healthScore,
  scoreOfT2,
  scoredChannels,
} from './analytics/health-index.ts';
export type {
  AssetHours,
  ExcludedAsset,
  FleetBaseline,
  FleetBaselineMetrics,
} from './analytics/fleet-baseline.ts';
export { fitFleetBaseline } from './analytics/fleet-baseline.ts';
export type { Normaliser } from './analytics/nameplate.ts';
export { nameplateRow } from './analytics/nameplate.ts';
export type { HealthPoint, TrendOptions, TrendRul } from './analytics/degradation-trend.ts';
export { trendRul } from './analytics/degradation-trend.ts';
export type { CombinedHealth, DiagnosisInput } from './analytics/combined-health.ts';
export { combineHealth, diagnosisHealth, severityCeiling } from './analytics/combined-health.ts';
// Platform part (database-backed): model registry, health baselines from live telemetry, asset
// health assessments. See ./service/index.ts.
export * from './service/index.ts';
export { seedPhmDemo } from './demo-seed.ts';
export { assessDemoFleet } from './demo-assess.ts';
export { demoConditions, demoNormalisers } from './demo-models.ts';
