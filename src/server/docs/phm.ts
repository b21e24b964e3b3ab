// Documentation of the phm routes for /openapi.json (see route-docs.ts).
import { Type } from '@sinclair/typebox';
import { CursorPage } from '../paging.ts';
import {
  PhmModel,
  Latest,
  Rul,
  Combined,
  WriteBack,
  Schedule,
  DiagnosisFields,
  diagnosisExample,
  scheduleExample,
  Assessment,
} from './phm-schemas.ts';
import { RulFields } from './phm-training.ts';
import { NoContent, type RouteDocs } from './route-docs.ts';

/** 256 little-endian float32 samples of sin(2π·i/32), base64: the waveform example's body. */
const WAVEFORM_256 =
  'AAAAAEvIRz5B8cM+zTsOP4EENT8v3VQ/toRsP7UVez8AAIA/tRV7P7aEbD8v3VQ/gQQ1P807Dj9B8cM+S8hHPgAAAABLyEe+QfHDvs07Dr+BBDW/L91Uv7aEbL+1FXu/AACAv7UVe7+2hGy/L91Uv4EENb/NOw6/QfHDvkvIR74AAACAS8hHPkHxwz7NOw4/gQQ1Py/dVD+2hGw/tRV7PwAAgD+1FXs/toRsPy/dVD+BBDU/zTsOP0Hxwz5LyEc+AAAAAEvIR75B8cO+zTsOv4EENb8v3VS/toRsv7UVe78AAIC/tRV7v7aEbL8v3VS/gQQ1v807Dr9B8cO+S8hHvgAAAIBLyEc+QfHDPs07Dj+BBDU/L91UP7aEbD+1FXs/AACAP7UVez+2hGw/L91UP4EENT/NOw4/QfHDPkvIRz4AAAAAS8hHvkHxw77NOw6/gQQ1vy/dVL+2hGy/tRV7vwAAgL+1FXu/toRsvy/dVL+BBDW/zTsOv0Hxw75LyEe+AAAAgEvIRz5B8cM+zTsOP4EENT8v3VQ/toRsP7UVez8AAIA/tRV7P7aEbD8v3VQ/gQQ1P807Dj9B8cM+S8hHPgAAAABLyEe+QfHDvs07Dr+BBDW/L91Uv7aEbL+1FXu/AACAv7UVe7+2hGy/L91Uv4EENb/NOw6/QfHDvkvIR74AAACAS8hHPkHxwz7NOw4/gQQ1Py/dVD+2hGw/tRV7PwAAgD+1FXs/toRsPy/dVD+BBDU/zTsOP0Hxwz5LyEc+AAAAAEvIR75B8cO+zTsOv4EENb8v3VS/toRsv7UVe78AAIC/tRV7v7aEbL8v3VS/gQQ1v807Dr9B8cO+S8hHvgAAAIBLyEc+QfHDPs07Dj+BBDU/L91UP7aEbD+1FXs/AACAP7UVez+2hGw/L91UP4EENT/NOw4/QfHDPkvIRz4AAAAAS8hHvkHxw77NOw6/gQQ1vy/dVL+2hGy/tRV7vwAAgL+1FXu/toRsvy/dVL+BBDW/zTsOv0Hxw75LyEe+AAAAgEvIRz5B8cM+zTsOP4EENT8v3VQ/toRsP7UVez8AAIA/tRV7P7aEbD8v3VQ/gQQ1P807Dj9B8cM+S8hHPgAAAIBLyEe+QfHDvs07Dr+BBDW/L91Uv7aEbL+1FXu/AACAv7UVe7+2hGy/L91Uv4EENb/NOw6/QfHDvkvIR74AAACAS8hHPkHxwz7NOw4/gQQ1Py/dVD+2hGw/tRV7PwAAgD+1FXs/toRsPy/dVD+BBDU/zTsOP0Hxwz5LyEc+AAAAAEvIR75B8cO+zTsOv4EENb8v3VS/toRsv7UVe78AAIC/tRV7v7aEbL8v3VS/gQQ1v807Dr9B8cO+S8hHvg==';

export const phmDocs: RouteDocs = {
  'POST /api/v1/phm/models/health-baseline': {
    summary: 'Train a health baseline',
    description:
      "Trains a health-index model on a healthy period of live telemetry for an asset model's channels; the result is a new version in the registry. `conditions` names the channels that set the operating point (speed, torque, outdoor temperature): the other channels are scored on their residuals after a linear fit on them, and hours outside the trained operating range are not scored. `normalisers` divide a channel by a numeric nameplate property of each asset (a heat station's flow and heat by its design load; `inverse` multiplies instead, e.g. pieces by the standard cycle time), so that units of different sizes share one baseline; the assessment then reads each asset's property. Assets whose hours stand out from their peers' baseline are left out and listed under training.excluded; every fifth day (every fifth hour of a period under five days) is held out for the validation metrics.",
    response: { 201: PhmModel },
    example: {
      id: 'pm_t1b4mmxrw21m82x6',
      kind: 'health-baseline',
      assetModelId: 'am_b0c0345d7kx1f8dm',
      version: 1,
      status: 'active',
      training: {
        assets: ['as_v8dam7k403q9xwba'],
        assetCount: 4,
        from: 1795374000000,
        to: 1796238000000,
        points: 960,
        channels: ['flow'],
      },
      metrics: {
        trainRows: 768,
        validationRows: 192,
        t2Median: 3.1660557115979406,
        t2Limit: 11.864221357806302,
        validationMeanHealth: 93.71718215434788,
        validationFalseAlarmRate: 0,
      },
      createdAt: 1796584995184,
      createdBy: 'user:us_8kq2m4x7d1ppd2n9',
    },
    // the last week of the asset model's fleet (a new demo holds a week of hourly history)
    body: {
      modelId: 'am_b0c0345d7kx1f8dm',
      from: 'now-7d',
      to: 'now',
    },
  },
  'GET /api/v1/phm/models': {
    summary: 'List PHM models',
    description: "The tenant's PHM model registry: kinds, versions and which is active.",
    response: {
      200: Type.Object({
        items: Type.Array(PhmModel),
      }),
    },
    example: {
      items: [],
    },
  },
  'GET /api/v1/phm/models/:id': {
    summary: 'Get a PHM model',
    description: 'One model version with its training data summary.',
    response: { 200: PhmModel },
    example: {
      id: 'pm_t1b4mmxrw21m82x6',
      kind: 'health-baseline',
      assetModelId: 'am_b0c0345d7kx1f8dm',
      version: 1,
      status: 'retired',
      training: {
        assets: [],
        assetCount: 4,
        from: 1795374000000,
        to: 1796238000000,
        points: 960,
        channels: ['flow'],
      },
      metrics: {
        trainRows: 768,
        validationRows: 192,
        t2Median: 3.1660557115979406,
        t2Limit: 11.864221357806302,
        validationMeanHealth: 93.71718215434788,
        validationFalseAlarmRate: 0,
      },
      createdAt: 1796584995184,
      createdBy: 'user:us_8kq2m4x7d1ppd2n9',
    },
  },
  'POST /api/v1/phm/models/:id/retrain': {
    summary: 'Retrain a PHM model',
    description: 'A new version over a new healthy period, same asset model and channels.',
    response: { 201: PhmModel },
    example: {
      id: 'pm_brbzn04fyj43ytx9',
      kind: 'health-baseline',
      assetModelId: 'am_b0c0345d7kx1f8dm',
      version: 3,
      status: 'active',
      training: {
        assets: ['as_v8dam7k403q9xwba'],
        assetCount: 4,
        from: 1795460400000,
        to: 1796238000000,
        points: 864,
        channels: ['flow'],
      },
      metrics: {
        trainRows: 692,
        validationRows: 172,
        t2Median: 1.6459901972628792,
        t2Limit: 7.183971715928437,
        validationMeanHealth: 94.08860680980945,
        validationFalseAlarmRate: 0,
      },
      createdAt: 1796584995708,
      createdBy: 'user:us_8kq2m4x7d1ppd2n9',
    },
    body: {
      from: 'now-6d',
      to: 'now',
    },
  },
  'POST /api/v1/phm/models/:id/activate': {
    summary: 'Activate a PHM model version',
    description: "Makes a version the one used to assess the model's assets.",
    response: { 200: PhmModel },
    example: {
      id: 'pm_t1b4mmxrw21m82x6',
      kind: 'health-baseline',
      assetModelId: 'am_b0c0345d7kx1f8dm',
      version: 1,
      status: 'active',
      training: {
        assets: ['as_v8dam7k403q9xwba'],
        assetCount: 4,
        from: 1795374000000,
        to: 1796238000000,
        points: 960,
        channels: ['flow'],
      },
      metrics: {
        trainRows: 768,
        validationRows: 192,
        t2Median: 3.1660557115979406,
        t2Limit: 11.864221357806302,
        validationMeanHealth: 93.71718215434788,
        validationFalseAlarmRate: 0,
      },
      createdAt: 1796584995184,
      createdBy: 'user:us_8kq2m4x7d1ppd2n9',
    },
  },
  'GET /api/v1/phm/assets/:id/health': {
    summary: 'Asset health (latest assessment)',
    description:
      "The latest stored health assessment of an asset (from POST …/assess or a schedule): the hourly 0–100 trend it scored, the contributing channels of the last hour, the trend RUL with interval and the model version used; `combined` is the figure to show, which also hears the asset's latest bearing diagnosis (the worse of the two, and which set it). Reading never computes or writes; 404 RONGHE_NOT_FOUND until the asset has been assessed.",
    response: {
      200: Type.Object({
        status: Type.String(),
        assetId: Type.String(),
        modelId: Type.String(),
        modelVersion: Type.Number(),
        assessmentId: Type.String(),
        assessedAt: Type.Number(),
        trend: Type.Array(Type.Object({ t: Type.Number(), health: Type.Number() })),
        latest: Latest,
        rul: Rul,
        outOfRangeHours: Type.Number(),
        combined: Combined,
      }),
    },
    example: {
      status: 'ok',
      assetId: 'as_v8dam7k403q9xwba',
      modelId: 'pm_t1b4mmxrw21m82x6',
      modelVersion: 1,
      assessmentId: 'pa_x6843x72ra8ewc7c',
      assessedAt: 1796584995184,
      trend: [{ t: 1796324400000, health: 89.74100998910161 }],
      latest: {
        t: 1796580000000,
        health: 72.31081662748554,
        t2: 7.234332397875047,
        contributions: [
          { channel: 'current', value: 7.198471201395828, share: 0.9950429155716217 },
        ],
      },
      rul: { kind: 'no-trend', reason: 'no statistically clear decline' },
      outOfRangeHours: 0,
      combined: {
        health: 71.2,
        source: 'diagnosis',
        baselineHealth: 72.31081662748554,
        diagnosisHealth: 71.2,
        confidence: 0.96,
        diagnosis: {
          assessmentId: 'pa_9f2k3m4n5p6q7r8s',
          at: 1796584000000,
          label: 'IR007',
          level: 'incipient',
          defect: 'BPFI',
          share: 1,
          meanProbability: 0.96,
        },
      },
    },
  },
  'POST /api/v1/phm/assets/:id/assess': {
    summary: 'Assess an asset',
    description:
      "Runs the active health baseline over an asset's data between from and to (default the last 7 days), stores the assessment (what GET …/health then reads) and, unless writeBack is false, writes the hourly scores back as health_index and the trend RUL as rul_hours where the asset model declares them (rul_hours is left to the RUL model when the asset model has an active one). Hours whose operating point lies outside the baseline's are left out (outOfRangeHours). With kind 'rul' the active RUL model predicts instead, at the last hour of the range (each hour one cycle): rulHours with its interval (lowerHours, upperHours), stored (GET …/rul reads it) and written back as rul_hours, rul_lower_hours and rul_upper_hours. status 'insufficient-data' (with reason) stores nothing.",
    response: {
      200: Type.Object({
        status: Type.String(),
        assetId: Type.String(),
        modelId: Type.String(),
        modelVersion: Type.Number(),
        reason: Type.Optional(Type.String()),
        assessmentId: Type.Optional(Type.String()),
        trend: Type.Optional(Type.Array(Type.Object({ t: Type.Number(), health: Type.Number() }))),
        outOfRangeHours: Type.Optional(Type.Number()),
        latest: Type.Optional(Latest),
        rul: Type.Optional(Rul),
        writeBack: Type.Optional(WriteBack),
        rulWriteBack: Type.Optional(WriteBack),
        ...Object.fromEntries(Object.entries(RulFields).map(([k, v]) => [k, Type.Optional(v)])),
      }),
    },
    example: {
      status: 'ok',
      assetId: 'as_sy8kk5h77rs2hyk0',
      modelId: 'pm_brbzn04fyj43ytx9',
      modelVersion: 3,
      assessmentId: 'pa_avdvrxzw0qdvn9k1',
      outOfRangeHours: 0,
      trend: [
        {
          t: 1796324400000,
          health: 100,
        },
      ],
      latest: {
        t: 1796580000000,
        health: 6.394561990049198e-36,
        t2: 685.8991720994736,
        contributions: [
          {
            channel: 'vib',
            value: 668.6852063366103,
            share: 0.9749030667143497,
          },
        ],
      },
      rul: {
        kind: 'trend',
        hours: 0,
        lower: 0,
        upper: 0,
        slopePerHour: -2.5275230049056493e-5,
      },
      writeBack: {
        status: 'written',
        points: 73,
      },
      rulWriteBack: {
        status: 'written',
        points: 2,
      },
    },
    body: {
      from: 'now-3d',
      to: 'now',
    },
  },
  'GET /api/v1/phm/health': {
    summary: 'Installed-base health (latest per asset)',
    description:
      "For every asset the caller may see that has a stored health assessment (optionally of one asset model): the health its own page leads with — the combined figure, the worse of the baseline's latest health and the asset's latest bearing diagnosis, and which set it (`source`) — with the baseline's figure, the diagnosis (label and severity level) and the trend RUL in hours with its interval (null without a falling trend). Worst first. Reads only; assets not yet assessed are absent.",
    query: { assetModelId: 'am_b0c0345d7kx1f8dm' },
    response: {
      200: Type.Object({
        items: Type.Array(
          Type.Object({
            assetId: Type.String(),
            modelId: Type.String(),
            modelVersion: Type.Number(),
            assessedAt: Type.Number(),
            health: Type.Number(),
            source: Type.Union([Type.Literal('baseline'), Type.Literal('diagnosis')]),
            baselineHealth: Type.Number(),
            diagnosis: Type.Union([
              Type.Object({ label: Type.String(), level: Type.String() }),
              Type.Null(),
            ]),
            rul: Type.Union([Type.Number(), Type.Null()]),
            lower: Type.Union([Type.Number(), Type.Null()]),
            upper: Type.Union([Type.Number(), Type.Null()]),
          }),
        ),
      }),
    },
    example: {
      items: [
        {
          assetId: 'as_v8dam7k403q9xwba',
          modelId: 'pm_t1b4mmxrw21m82x6',
          modelVersion: 1,
          assessedAt: 1796584995184,
          health: 70,
          source: 'diagnosis',
          baselineHealth: 100,
          diagnosis: { label: 'IR007', level: 'incipient' },
          rul: null,
          lower: null,
          upper: null,
        },
      ],
    },
  },
  'GET /api/v1/phm/assessments': {
    summary: 'Assessment log',
    description:
      'PHM assessments of the assets the caller may see, filtered by asset (id or serial), PHM model and `kind` (health, rul or bearing), newest first (`order=asc` for oldest), paged by cursor (`limit`, default 100, and `cursor` → `nextCursor`).',
    response: { 200: CursorPage(Assessment) },
    query: { assetId: 'HXS-0001', limit: 20 },
    example: {
      items: [
        {
          id: 'pa_es28mexnrenkd3z4',
          kind: 'health',
          assetId: 'as_sy8kk5h77rs2hyk0',
          modelId: 'pm_t1b4mmxrw21m82x6',
          modelVersion: 1,
          at: 1796580000000,
          health: 5.442546926534757e-23,
          rul: 0,
          lower: 0,
          upper: 0,
          createdAt: 1796584995249,
        },
      ],
      nextCursor: null,
    },
  },
  'GET /api/v1/phm/schedules': {
    summary: 'Assessment schedules',
    description:
      "The tenant's scheduled assessments: per kind and asset model, how often the active model of the kind (health-baseline or rul) assesses every asset of the model (writing health_index and rul_hours back, or rul_hours with its interval), over how many hours, and what the last run did per status.",
    response: { 200: Type.Object({ items: Type.Array(Schedule) }) },
    example: { items: [scheduleExample] },
  },
  'PUT /api/v1/phm/schedules': {
    summary: 'Schedule assessments',
    description:
      'Creates or replaces the schedule of a kind for an asset model (one each); the first run is due at once. The asset model needs an active model of that kind (400 otherwise).',
    response: { 200: Schedule },
    example: { ...scheduleExample, lastRunAt: null, lastResult: null },
    body: { kind: 'health-baseline', assetModelId: 'am_b0c0345d7kx1f8dm', intervalMinutes: 60 },
  },
  'DELETE /api/v1/phm/schedules/:id': {
    summary: 'Stop scheduled assessments',
    description: 'Deletes a schedule; assessments already stored stay.',
    response: { 204: NoContent },
    params: { id: 'ps_4k2m9x0q7w3e1r5t' },
  },
  'POST /api/v1/phm/assets/:id/waveforms': {
    summary: 'Send a vibration waveform',
    description:
      "A block of vibration samples (e.g. 4,096 at 12 kHz) with its sample rate and running speed, as JSON (samples: little-endian float32, base64) or as application/octet-stream in the compact binary form: a 28-byte little-endian header — offset 0 magic 'RW' (0x52 0x57), 2 uint8 version 1, 3 uint8 sample format (1 float32, 2 int16), 4 float32 sample rate in Hz, 8 float32 running speed in rpm, 12 float32 scale (sample value = stored value × scale), 16 uint32 sample count n, 20 float64 epoch ms of the first sample (0 = time of arrival) — then the n samples (4 or 2 bytes each). A malformed block is refused (400) naming the header field: header, magic, version, format, sampleRate, rpm, scale, count (n not matching the bytes that follow), ts or samples. Stored deflate-compressed as float32, whichever form it came in; when the asset's model has an active bearing model the block is diagnosed per window and the diagnosis (majority label, envelope evidence at the defect frequencies) stored as a bearing assessment. Devices may send either form over MQTT on ronghe/waveform/<asset>; refusals there are answered on ronghe/errors/<client id> (README, MQTT).",
    response: {
      201: Type.Object({
        waveformId: Type.String(),
        channel: Type.String(),
        ts: Type.Number(),
        samples: Type.Number(),
        storedBytes: Type.Number(),
        diagnosis: Type.Object({
          status: Type.String(),
          reason: Type.Optional(Type.String()),
          assessmentId: Type.Optional(Type.String()),
          modelId: Type.Optional(Type.String()),
          modelVersion: Type.Optional(Type.Number()),
          ...Object.fromEntries(
            Object.entries(DiagnosisFields).map(([k, v]) => [k, Type.Optional(v)]),
          ),
        }),
      }),
    },
    example: {
      waveformId: 'pw_2b3c4d5e6f7g8h9j',
      channel: 'vibration',
      ts: 1796584995184,
      samples: 4096,
      storedBytes: 15012,
      diagnosis: {
        status: 'ok',
        assessmentId: 'pa_x6843x72ra8ewc7c',
        modelId: 'pm_t1b4mmxrw21m82x6',
        modelVersion: 1,
        ...diagnosisExample,
      },
    },
    // the shortest block taken: 256 samples, eight cycles of a 1 g sine (blocks hold 256 to
    // 1,048,576; 4,096 at 12 kHz is usual)
    body: { sampleRate: 12000, rpm: 1797, samples: WAVEFORM_256 },
    bodyMedia: {
      'application/octet-stream': Type.String({
        format: 'binary',
        description: 'The compact binary form: the 28-byte header above, then the samples',
      }),
    },
  },
  'GET /api/v1/phm/assets/:id/diagnosis': {
    summary: 'Latest bearing diagnosis',
    description:
      "The asset's latest stored bearing diagnosis (from a waveform): label, share of windows, envelope evidence at the defect frequencies and the frequencies themselves. 404 until a waveform was diagnosed.",
    response: {
      200: Type.Object({
        assetId: Type.String(),
        assessmentId: Type.String(),
        modelId: Type.String(),
        modelVersion: Type.Number(),
        at: Type.Number(),
        waveformId: Type.String(),
        ...DiagnosisFields,
      }),
    },
    example: {
      assetId: 'as_v8dam7k403q9xwba',
      assessmentId: 'pa_x6843x72ra8ewc7c',
      modelId: 'pm_t1b4mmxrw21m82x6',
      modelVersion: 1,
      at: 1796584995184,
      waveformId: 'pw_2b3c4d5e6f7g8h9j',
      ...diagnosisExample,
    },
  },
};
