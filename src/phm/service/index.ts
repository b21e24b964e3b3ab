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
  type StoredHealth,
  type WriteBack,
} from './assess-health.ts';
export { listAssessments, type AssessmentRecord } from './assessments.ts';
export { hourlyRows, HOUR_MS, type HourlyRow } from './hourly-rows.ts';
export { latestHealth, type LatestHealth } from './latest-health.ts';
export {
  putSchedule,
  listSchedules,
  deleteSchedule,
  runDueAssessments,
  startAssessmentScheduler,
  scheduleKinds,
  type Schedule,
  type ScheduleInput,
  type RunResult,
} from './schedules.ts';
export {
  startBearingTraining,
  getJob,
  type BearingFile,
  type BearingTrainInput,
  type Job,
} from './bearing-jobs.ts';
export {
  ingestWaveform,
  latestDiagnosis,
  type StoredDiagnosis,
  type WaveformInput,
  type WaveformResult,
} from './waveforms.ts';
export { decodeFloat32, encodeFloat32, float32Of } from './samples.ts';
