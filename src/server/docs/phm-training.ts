// Documentation of the PHM training routes (bearing and RUL models as worker-thread jobs) and of
// an asset's RUL reading, for /openapi.json (see route-docs.ts; the rest of phm is in phm.ts).
import { Type } from '@sinclair/typebox';
import { Nullable, type RouteDocs } from './route-docs.ts';
import { CMAPSS_FD001_SIX_UNITS, CWRU_IR007_2048, CWRU_NORMAL_2048 } from './phm-training-data.ts';

export const BearingMetrics = Type.Object({
  heldOutWindows: Type.Number(),
  heldOutAccuracy: Nullable(Type.Number()),
  perClass: Type.Record(
    Type.String(),
    Type.Object({ windows: Type.Number(), right: Type.Number() }),
  ),
  classes: Type.Array(Type.String()),
  fs: Type.Number(),
  rpm: Type.Number(),
  window: Type.Number(),
});
const RulValidation = Type.Object({
  protocol: Type.String({
    description: "'test-units' (C-MAPSS test file with true RUL) or 'held-back-units'",
  }),
  units: Type.Number(),
  predictions: Type.Number(),
  rmse: Type.Number({ description: 'cycles (= hours on assets)' }),
  score: Type.Number({ description: 'PHM08 score, summed; late predictions cost more' }),
  coverage: Type.Number({ description: 'share of true values inside the interval' }),
  nominalCoverage: Type.Number(),
  meanWidth: Type.Number(),
});
export const RulMetrics = Type.Object({
  validation: RulValidation,
  trainUnits: Type.Number(),
  heldBackUnits: Type.Array(Type.Number()),
  earlyStoppingRmse: Type.Number(),
  trees: Type.Array(Type.Number()),
  cap: Type.Number(),
  window: Type.Number(),
  regimes: Type.Number(),
});
const Rul = Type.Object({
  t: Type.Number(),
  cycles: Type.Number(),
  rulHours: Type.Number(),
  lowerHours: Type.Number(),
  upperHours: Nullable(Type.Number()),
  coverage: Type.Number(),
  cap: Type.Number(),
});
export const RulFields = Rul.properties;
export const rulExample = {
  t: 1796580000000,
  cycles: 196,
  rulHours: 11.4,
  lowerHours: 0,
  upperHours: 23.5,
  coverage: 0.9,
  cap: 125,
};
const Job = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  assetModelId: Type.String(),
  status: Type.String(),
  progress: Type.Number(),
  message: Nullable(Type.String()),
  modelId: Nullable(Type.String()),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
const jobExample = {
  id: 'pj_8d1k2m3n4p5q6r7s',
  kind: 'bearing',
  assetModelId: 'am_b0c0345d7kx1f8dm',
  status: 'ok',
  progress: 1,
  message: 'registered',
  modelId: 'pm_t1b4mmxrw21m82x6',
  createdAt: 1796584995184,
  updatedAt: 1796585011184,
};

export const phmTrainingDocs: RouteDocs = {
  'POST /api/v1/phm/models/bearing': {
    summary: 'Train a bearing model',
    description:
      'Trains a bearing-fault classifier for an asset model from labelled vibration files: CWRU-style CSV (a de_accel_g column) or the compact form, little-endian float32 samples in base64; the label defaults to the file name up to its first underscore (IR007_0_DE_12k → IR007). Instead of files, `waveforms` labels periods of the waveforms already stored for the assets of the asset model ({assetId (id or serial), label, from, to, channel (default vibration)}): the blocks of each period at sampleRate and within ±10 % of rpm, in time order, are one labelled signal (blocks at another rate or speed are left out, and a period with fewer than two windows is a 400 naming waveforms[i]); give files or waveforms, not both. Training runs in a worker thread: the answer is the job (202), polled with GET /api/v1/phm/jobs/{id}; when done the model is registered as the active bearing model with its held-out window accuracy (last 20 % of each file or period, never trained on).',
    response: { 202: Job },
    example: { ...jobExample, status: 'running', progress: 0, message: 'queued', modelId: null },
    // two classes of real CWRU vibration, 2,048 samples each: four 512-sample windows a class
    body: {
      assetModelId: 'am_b0c0345d7kx1f8dm',
      sampleRate: 12000,
      rpm: 1797,
      window: 512,
      files: [
        { name: 'Normal_0_DE_12k', encoding: 'float32-base64', data: CWRU_NORMAL_2048 },
        { name: 'IR007_0_DE_12k', encoding: 'float32-base64', data: CWRU_IR007_2048 },
      ],
    },
  },
  'GET /api/v1/phm/jobs/:id': {
    summary: 'Training job',
    description: 'Status (running, ok, failed), progress 0–1 and, when done, the registered model.',
    response: { 200: Job },
    example: jobExample,
    params: { id: 'pj_8d1k2m3n4p5q6r7s' },
  },
  'POST /api/v1/phm/models/rul': {
    summary: 'Train a remaining-useful-life model',
    description:
      "Trains an RUL model (boosted trees on window features with a conformal interval) for an asset model, in a worker thread: the answer is the job (202), polled with GET /api/v1/phm/jobs/{id}; when done the model is registered as the active RUL model with its validation figures. source.kind 'cmapss': C-MAPSS-format text (unit, cycle, 3 settings, 21 sensors per line) of run-to-failure units, optionally with test units and their true RUL (one line per unit) to validate on; without them a seeded fifth of the units is held back, cut at ten points of its life and predicted there. A malformed line is a 400 naming the field (source.train, source.test, source.rul) and the line. On assets each input is a channel (default setting_1..3 and sensor_2, sensor_3, … as the columns; rename with settingChannels and sensorChannels) and one hour of telemetry is one cycle, so predictions are rul_hours. source.kind 'telemetry': the asset model's own run-to-failure histories, each failed asset named with the time it failed (failedAt; history from `from`, default 180 days before): its hourly means of sensorChannels (1–14) up to the failure are one unit; at least six failures. Figures: RMSE and PHM08 score in cycles (hours), interval coverage against its nominal 1 − alpha.",
    response: { 202: Job },
    example: {
      ...jobExample,
      kind: 'rul',
      status: 'running',
      progress: 0,
      message: 'queued',
      modelId: null,
    },
    body: {
      assetModelId: 'am_b0c0345d7kx1f8dm',
      // six whole run-to-failure engines of C-MAPSS FD001, as published
      source: { kind: 'cmapss', train: CMAPSS_FD001_SIX_UNITS },
      trees: 100,
      ensemble: 1,
    },
  },
  'GET /api/v1/phm/assets/:id/rul': {
    summary: 'Asset remaining life (latest RUL assessment)',
    description:
      "The latest stored assessment of an asset by its asset model's RUL model (from POST …/assess with kind rul, or a schedule of kind rul): remaining life in hours at the last hour of its history, the conformal interval and its nominal coverage, and how many hours (cycles) of history it used. Never computes; 404 until assessed.",
    response: {
      200: Type.Object({
        assetId: Type.String(),
        assessmentId: Type.String(),
        modelId: Type.String(),
        modelVersion: Type.Number(),
        assessedAt: Type.Number(),
        ...Rul.properties,
      }),
    },
    example: {
      assetId: 'as_v8dam7k403q9xwba',
      assessmentId: 'pa_x6843x72ra8ewc7c',
      modelId: 'pm_t1b4mmxrw21m82x6',
      modelVersion: 1,
      assessedAt: 1796584995184,
      ...rulExample,
    },
  },
};
