// PHM platform services (database-backed): the per-tenant model registry, health baselines
// trained from live telemetry, asset health assessments and their log.
export {
  registerModel,
  listRegisteredModels,
  getRegisteredModel,
  activeModel,
  activateModel,
  modelKinds,
  type ModelKind,
  type ModelStatus,
  type ModelInput,
  type RegisteredModel,
  type TrainingSummary,
} from './registry.ts';
export {
  trainHealthBaseline,
  retrainHealthBaseline,
  minTrainingRows,
  type TrainHealthOptions,
} from './train-health.ts';
export {
  assessAsset,
  HEALTH_CHANNEL,
  type AssessOptions,
  type HealthAssessment,
  type RulEstimate,
  type WriteBack,
} from './assess-health.ts';
export { listAssessments, type AssessmentRecord } from './assessments.ts';
export { hourlyRows, HOUR_MS, type HourlyRow } from './hourly-rows.ts';
