// Schemas and examples of the phm route documentation (phm.ts), kept apart so that each file
// stays one responsibility: the shapes here, the routes there.
import { Type } from '@sinclair/typebox';
import { BearingMetrics, RulMetrics } from './phm-training.ts';
import { Nullable } from './route-docs.ts';

export const HealthMetrics = Type.Object({
  trainRows: Type.Number(),
  validationRows: Type.Number(),
  validationScheme: Type.Optional(Type.String()),
  t2Median: Type.Number(),
  t2Limit: Type.Number(),
  validationMeanHealth: Nullable(Type.Number()),
  validationFalseAlarmRate: Nullable(Type.Number()),
  validationOutOfRange: Type.Optional(Nullable(Type.Number())),
});
export const PhmModel = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  assetModelId: Type.String(),
  version: Type.Number(),
  status: Type.String(),
  training: Type.Object({
    assets: Type.Array(Type.String()),
    assetCount: Type.Number(),
    from: Type.Number(),
    to: Type.Number(),
    points: Type.Number(),
    channels: Type.Array(Type.String()),
    conditions: Type.Optional(Type.Array(Type.String())),
    normalisers: Type.Optional(
      Type.Array(
        Type.Object({
          channel: Type.String(),
          property: Type.String(),
          inverse: Type.Optional(Type.Boolean()),
        }),
      ),
    ),
    excluded: Type.Optional(
      Type.Array(Type.Object({ asset: Type.String(), medianScore: Type.Number() })),
    ),
  }),
  /** Validation figures: of a health baseline, a bearing model or an RUL model. */
  metrics: Type.Union([HealthMetrics, BearingMetrics, RulMetrics]),
  createdAt: Type.Number(),
  createdBy: Type.String(),
});
export const Latest = Type.Object({
  t: Type.Number(),
  health: Type.Number(),
  t2: Type.Number(),
  contributions: Type.Array(
    Type.Object({ channel: Type.String(), value: Type.Number(), share: Type.Number() }),
  ),
});
export const Rul = Type.Object({
  kind: Type.String(),
  reason: Type.Optional(Type.String()),
  hours: Type.Optional(Type.Number()),
  lower: Type.Optional(Type.Number()),
  upper: Type.Optional(Nullable(Type.Number())),
  slopePerHour: Type.Optional(Type.Number()),
});
export const Combined = Type.Object(
  {
    health: Type.Number(),
    source: Type.String({ description: "'baseline' or 'diagnosis' (the diagnosis was worse)" }),
    baselineHealth: Type.Number(),
    diagnosisHealth: Nullable(Type.Number()),
    confidence: Nullable(Type.Number()),
    diagnosis: Nullable(
      Type.Object({
        assessmentId: Type.String(),
        at: Type.Number(),
        label: Type.String(),
        level: Type.String(),
        defect: Nullable(Type.String()),
        share: Type.Number(),
        meanProbability: Type.Number(),
      }),
    ),
  },
  {
    description:
      'The health to show: the worse of the baseline health and the latest bearing diagnosis, mapped by severity (ceiling incipient 70, moderate 45, severe 20, unknown 60) and confidence c = share × meanProbability as 100 − c × (100 − ceiling); a normal diagnosis is 100.',
  },
);
export const WriteBack = Type.Object({
  status: Type.String(),
  points: Type.Optional(Type.Number()),
  reason: Type.Optional(Type.String()),
});
export const RunResult = Type.Object({
  at: Type.Number(),
  ok: Type.Number(),
  insufficientData: Type.Number(),
  failed: Type.Number(),
  failures: Type.Array(Type.Object({ assetId: Type.String(), reason: Type.String() })),
});
export const Schedule = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  assetModelId: Type.String(),
  intervalMinutes: Type.Number(),
  windowHours: Type.Number(),
  nextRunAt: Type.Number(),
  lastRunAt: Nullable(Type.Number()),
  lastResult: Nullable(RunResult),
});
export const Evidence = Type.Array(
  Type.Object({
    kind: Type.String(),
    frequencyHz: Type.Number(),
    meanRatioDb: Type.Number(),
    harmonics: Type.Array(
      Type.Object({
        harmonic: Type.Number(),
        expectedHz: Type.Number(),
        peakHz: Type.Number(),
        peak: Type.Number(),
        noiseFloor: Type.Number(),
        ratioDb: Type.Number(),
      }),
    ),
  }),
);
export const DiagnosisFields = {
  label: Type.String(),
  share: Type.Number(),
  meanProbability: Type.Number(),
  windows: Type.Array(
    Type.Object({ window: Type.Number(), label: Type.String(), probability: Type.Number() }),
  ),
  evidence: Evidence,
  severity: Type.Object({
    level: Type.String(),
    faultDiameterIn: Type.Optional(Type.Number()),
    defect: Type.Optional(Type.String()),
    lineDb: Type.Optional(Type.Number()),
  }),
  kurtosis: Type.Number(),
  band: Type.Array(Type.Number()),
  defectFrequencies: Type.Record(Type.String(), Type.Number()),
  envelopeSpectrum: Type.Optional(
    Type.Object(
      { df: Type.Number(), values: Type.Array(Type.Number()) },
      {
        description:
          'The squared envelope spectrum of the window the evidence comes from, values[k] at k·df Hz, up to three times the highest defect frequency (absent on diagnoses stored before it was kept)',
      },
    ),
  ),
  sampleRate: Type.Number(),
  rpm: Type.Number(),
};
export const diagnosisExample = {
  label: 'IR007',
  share: 1,
  meanProbability: 0.97,
  windows: [{ window: 0, label: 'IR007', probability: 0.97 }],
  evidence: [
    {
      kind: 'BPFI',
      frequencyHz: 162.2,
      meanRatioDb: 14.1,
      harmonics: [
        {
          harmonic: 1,
          expectedHz: 162.2,
          peakHz: 161.1,
          peak: 0.012,
          noiseFloor: 0.002,
          ratioDb: 15.6,
        },
      ],
    },
  ],
  severity: { level: 'incipient', faultDiameterIn: 0.007, defect: 'BPFI', lineDb: 15.6 },
  kurtosis: 5.2,
  band: [2500, 4500],
  defectFrequencies: { BPFO: 107.4, BPFI: 162.2, BSF: 70.6, FTF: 11.9 },
  envelopeSpectrum: { df: 2.93, values: [0.0004, 0.0021, 0.0018, 0.0019, 0.0017] },
  sampleRate: 12000,
  rpm: 1797,
};
export const scheduleExample = {
  id: 'ps_4k2m9x0q7w3e1r5t',
  kind: 'health-baseline',
  assetModelId: 'am_b0c0345d7kx1f8dm',
  intervalMinutes: 60,
  windowHours: 168,
  nextRunAt: 1796588595184,
  lastRunAt: 1796584995184,
  lastResult: { at: 1796584995184, ok: 4, insufficientData: 0, failed: 0, failures: [] },
};
export const Assessment = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('health'), Type.Literal('rul'), Type.Literal('bearing')], {
    description: 'what scored: the health baseline, the RUL model or the bearing diagnosis',
  }),
  assetId: Type.String(),
  modelId: Type.String(),
  modelVersion: Type.Number(),
  at: Type.Number(),
  health: Type.Number(),
  rul: Nullable(Type.Number()),
  lower: Nullable(Type.Number()),
  upper: Nullable(Type.Number()),
  createdAt: Type.Number(),
});
