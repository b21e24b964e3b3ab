// Bearing models trained over the API: labelled vibration files (CWRU-style CSV with a
// `de_accel_g` column, or the compact form: little-endian float32 samples in base64), or labelled
// periods of the asset model's own stored waveforms (bearing-history.ts), become a training job that runs in a worker thread (bearing-train-thread.ts) and reports progress; the
// trained model is registered, with its held-out window accuracy, as the active bearing model of
// the asset model, so that waveforms sent for its assets are diagnosed (waveforms.ts).
import { getModel } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { invalid } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import { labelOfFile, parseVibrationCsv } from '../load/cwru.ts';
import { signalsFromHistory, type WaveformPeriod } from './bearing-history.ts';
import { startTrainingJob, type Job } from './jobs.ts';
import type { TrainingSummary } from './registry.ts';
import { decodeFloat32 } from './samples.ts';

export interface BearingFile {
  name: string;
  /** Class label; default the file name up to its first underscore (CWRU naming). */
  label?: string;
  encoding: 'csv' | 'float32-base64';
  data: string;
}

export interface BearingTrainInput {
  assetModelId: string;
  sampleRate: number;
  rpm: number;
  /** Samples per analysis window (power of two); default 4096. */
  window?: number;
  /** Exactly one source: uploaded files, or labelled periods of stored waveforms. */
  files?: BearingFile[];
  waveforms?: WaveformPeriod[];
}

function signalsOf(files: BearingFile[], window: number) {
  const signals = files.map((f, i) => {
    const samples =
      f.encoding === 'csv'
        ? parseVibrationCsv(f.data, f.name)
        : decodeFloat32(f.data, `files[${i}].data`);
    if (samples.length < 2 * window)
      throw invalid(`files[${i}].data`, {
        en: `${samples.length} samples; need at least ${2 * window} (two windows)`,
        'zh-CN': `${samples.length} 个采样点；至少需要 ${2 * window} 个（两个窗口）`,
      });
    const label = f.label ?? labelOfFile(f.name);
    if (!label)
      throw invalid(`files[${i}].label`, {
        en: 'give a label or a CWRU-style file name',
        'zh-CN': '请给出标签或 CWRU 格式的文件名',
      });
    return { label, samples };
  });
  if (new Set(signals.map((s) => s.label)).size < 2)
    throw invalid('files', {
      en: 'need files of at least two classes (e.g. Normal and IR007)',
      'zh-CN': '至少需要两类文件（例如 Normal 和 IR007）',
    });
  return signals;
}

function fromFiles(files: BearingFile[], window: number) {
  const signals = signalsOf(files, window);
  const now = Date.now();
  const training: TrainingSummary = {
    assets: [],
    assetCount: 0,
    from: now,
    to: now,
    points: signals.reduce((s, x) => s + x.samples.length, 0),
    channels: files.map((f) => f.name),
  };
  return { signals, training };
}

/** Validates the files or reads the labelled waveforms, records a running job and trains in a worker; returns the job at once. */
export async function startBearingTraining(
  db: Db,
  scope: Scope,
  input: BearingTrainInput,
): Promise<Job> {
  const model = await getModel(db, scope, input.assetModelId);
  const window = input.window ?? 4096;
  const setup = { fs: input.sampleRate, rpm: input.rpm, window };
  if (!input.files === !input.waveforms)
    throw invalid('files', {
      en: 'give either files (uploaded signals) or waveforms (labelled periods of stored waveforms), not both',
      'zh-CN': '请给出 files（上传的信号）或 waveforms（已存波形的标注时段）之一，不可同时给出',
    });
  const { signals, training } = input.waveforms
    ? await signalsFromHistory(db, scope, model.id, input.waveforms, setup)
    : fromFiles(input.files!, window);
  return startTrainingJob(db, scope, {
    kind: 'bearing',
    assetModelId: model.id,
    worker: new URL('./bearing-train-thread.ts', import.meta.url),
    workerData: { signals, setup },
    training,
  });
}
