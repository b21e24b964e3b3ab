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
export {
  assessmentKinds,
  listAssessments,
  type AssessmentKind,
  type AssessmentRecord,
} from './assessments.ts';
export { hourlyRows, HOUR_MS, type HourlyRow } from './hourly-rows.ts';
export { latestHealth, type HealthWithDiagnosis, type LatestHealth } from './latest-health.ts';
export { fleetHealth, type FleetHealthItem } from './fleet-health.ts';
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
export { startBearingTraining, type BearingFile, type BearingTrainInput } from './bearing-jobs.ts';
export { getJob, isJobDone, stopTrainingJobs, type Job } from './jobs.ts';
export {
  ingestWaveform,
  latestDiagnosis,
  type StoredDiagnosis,
  type WaveformInput,
  type WaveformResult,
} from './waveforms.ts';
export { decodeFloat32, encodeFloat32, float32Of } from './samples.ts';
export {
  encodeBinaryWaveform,
  isBinaryWaveform,
  parseBinaryWaveform,
  WAVEFORM_HEADER_BYTES,
  type BinaryWaveform,
  type WaveformFormat,
} from './waveform-binary.ts';
export { startRulTraining, type RulSource, type RulTrainInput } from './rul-jobs.ts';
export { registerRulModel, type RulFileInput } from './rul-register.ts';
export { registerBearingModel, type BearingFileInput } from './bearing-register.ts';
export {
  assessRul,
  latestRul,
  activeRulModel,
  type RulAssessment,
  type StoredRul,
} from './assess-rul.ts';
export { cmapssInputs, type RulInputs, type RulOnAssets } from './rul-inputs.ts';
