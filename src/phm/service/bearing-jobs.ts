// Bearing models trained over the API: labelled vibration files (CWRU-style CSV with a
// `de_accel_g` column, or the compact form: little-endian float32 samples in base64) become a
// training job that runs in a worker thread (bearing-train-thread.ts) and reports progress; the
// trained model is registered, with its held-out window accuracy, as the active bearing model of
// the asset model, so that waveforms sent for its assets are diagnosed (waveforms.ts).
import { Worker } from 'node:worker_threads';
import { getModel } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { invalid, notFound, tsWorkerSource } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { PhmJobTable } from '../../storage/phm-schema.ts';
import { labelOfFile, parseVibrationCsv } from '../load/cwru.ts';
import { phm, phmId, registerModel } from './registry.ts';
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
  files: BearingFile[];
}

export interface Job {
  id: string;
  kind: string;
  assetModelId: string;
  status: 'running' | 'ok' | 'failed';
  progress: number;
  message: string | null;
  modelId: string | null;
  createdAt: number;
  updatedAt: number;
}

const toJob = (r: PhmJobTable): Job => ({
  id: r.id,
  kind: r.kind,
  assetModelId: r.asset_model_id,
  status: r.status as Job['status'],
  progress: Number(r.progress),
  message: r.message,
  modelId: r.model_id,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

function signalsOf(input: BearingTrainInput, window: number) {
  const signals = input.files.map((f, i) => {
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

export async function getJob(db: Db, scope: Scope, id: string): Promise<Job> {
  const r = await phm(db)
    .selectFrom('phm_jobs')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('PHM training job', id);
  return toJob(r);
}

async function update(db: Db, id: string, set: Partial<PhmJobTable>): Promise<void> {
  await phm(db)
    .updateTable('phm_jobs')
    .set({ ...set, updated_at: Date.now() })
    .where('id', '=', id)
    .execute();
}

type Message =
  | { kind: 'progress'; progress: number; message: string }
  | { kind: 'done'; model: unknown; metrics: Record<string, unknown> }
  | { kind: 'failed'; message: string };

/** Validates the files, records a running job and trains in a worker; returns the job at once. */
export async function startBearingTraining(
  db: Db,
  scope: Scope,
  input: BearingTrainInput,
): Promise<Job> {
  const model = await getModel(db, scope, input.assetModelId);
  const window = input.window ?? 4096;
  const signals = signalsOf(input, window);
  const id = phmId('pj');
  const now = Date.now();
  await phm(db)
    .insertInto('phm_jobs')
    .values({
      id,
      tenant_id: scope.tenantId,
      kind: 'bearing',
      asset_model_id: model.id,
      status: 'running',
      progress: 0,
      message: 'queued',
      model_id: null,
      created_at: now,
      updated_at: now,
      created_by: scope.actor,
    })
    .execute();
  const setup = { fs: input.sampleRate, rpm: input.rpm, window };
  const points = signals.reduce((s, x) => s + x.samples.length, 0);
  const worker = new Worker(tsWorkerSource(new URL('./bearing-train-thread.ts', import.meta.url)), {
    eval: true,
    workerData: { signals, setup },
  });
  let chain: Promise<unknown> = Promise.resolve();
  // Job updates applied in the order the worker sent them; a failed write only loses progress.
  const step = (f: () => Promise<unknown>): void => {
    chain = chain.then(f).catch(() => undefined);
  };
  worker.on('message', (m: Message) => {
    if (m.kind === 'progress')
      step(() => update(db, id, { progress: m.progress, message: m.message }));
    else if (m.kind === 'failed')
      step(() => update(db, id, { status: 'failed', message: m.message }));
    else
      step(async () => {
        try {
          const reg = await registerModel(db, scope, {
            kind: 'bearing',
            assetModelId: model.id,
            training: {
              assets: [],
              assetCount: 0,
              from: now,
              to: now,
              points,
              channels: input.files.map((f) => f.name),
            },
            metrics: m.metrics,
            model: m.model,
          });
          await update(db, id, {
            status: 'ok',
            progress: 1,
            message: 'registered',
            model_id: reg.id,
          });
        } catch (e) {
          await update(db, id, { status: 'failed', message: (e as Error).message });
        }
      });
  });
  worker.on('error', (e) => step(() => update(db, id, { status: 'failed', message: e.message })));
  worker.on('exit', (code) => {
    if (code !== 0)
      step(() => update(db, id, { status: 'failed', message: `worker exited with code ${code}` }));
  });
  return getJob(db, scope, id);
}

export const isJobDone = (j: Job): boolean => j.status !== 'running';
