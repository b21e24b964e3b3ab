// Training jobs of the PHM registry (bearing and RUL models over the API): a row in phm_jobs
// with status and progress, a worker thread that trains off the event loop and posts progress,
// then the model and its validation figures, which are registered as the new active version of
// the asset model. The API answers 202 with the job at once; clients poll GET /phm/jobs/{id}.
import { Worker } from 'node:worker_threads';
import type { Scope } from '../../identity/index.ts';
import { notFound, tsWorkerSource } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { PhmJobTable } from '../../storage/phm-schema.ts';
import { phm, phmId, registerModel, type ModelKind, type TrainingSummary } from './registry.ts';

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

/** What a training thread posts to its parent. */
export type JobMessage =
  | { kind: 'progress'; progress: number; message: string }
  | { kind: 'done'; model: unknown; metrics: Record<string, unknown> }
  | { kind: 'failed'; message: string };

export interface TrainingJobSpec {
  kind: ModelKind;
  assetModelId: string;
  /** The worker entry (a .ts module posting JobMessage) and its input. */
  worker: URL;
  workerData: unknown;
  training: TrainingSummary;
  /** Wraps what the worker trained before it is stored (e.g. with the channel mapping). */
  wrap?: (model: unknown) => unknown;
}

/** Records a running job and starts its worker; returns the job at once. */
export async function startTrainingJob(db: Db, scope: Scope, spec: TrainingJobSpec): Promise<Job> {
  const id = phmId('pj');
  const now = Date.now();
  await phm(db)
    .insertInto('phm_jobs')
    .values({
      id,
      tenant_id: scope.tenantId,
      kind: spec.kind,
      asset_model_id: spec.assetModelId,
      status: 'running',
      progress: 0,
      message: 'queued',
      model_id: null,
      created_at: now,
      updated_at: now,
      created_by: scope.actor,
    })
    .execute();
  const worker = new Worker(tsWorkerSource(spec.worker), {
    eval: true,
    workerData: spec.workerData,
  });
  let chain: Promise<unknown> = Promise.resolve();
  running.set(worker, { db, id, chain: () => chain });
  worker.once('exit', () => running.delete(worker));
  // Job updates applied in the order the worker sent them; a failed write only loses progress.
  const step = (f: () => Promise<unknown>): void => {
    chain = chain.then(f).catch(() => undefined);
  };
  worker.on('message', (m: JobMessage) => {
    if (m.kind === 'progress')
      step(() => update(db, id, { progress: m.progress, message: m.message }));
    else if (m.kind === 'failed')
      step(() => update(db, id, { status: 'failed', message: m.message }));
    else
      step(async () => {
        try {
          const reg = await registerModel(db, scope, {
            kind: spec.kind,
            assetModelId: spec.assetModelId,
            training: spec.training,
            metrics: m.metrics,
            model: spec.wrap ? spec.wrap(m.model) : m.model,
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

/** Training threads still running, with their job and the chain of its pending updates. */
const running = new Map<Worker, { db: Db; id: string; chain: () => Promise<unknown> }>();

/**
 * Stops every training thread on shutdown, before the database closes: each job's pending
 * updates are written, then it is marked failed as interrupted. Left alone, a thread went on
 * after the platform stopped and its job stayed "running" for ever (its last writes hit a
 * closed database).
 */
export async function stopTrainingJobs(): Promise<void> {
  const jobs = [...running];
  running.clear();
  await Promise.all(
    jobs.map(async ([worker, job]) => {
      worker.removeAllListeners('message');
      await worker.terminate();
      await job.chain();
      await update(job.db, job.id, {
        status: 'failed',
        message: 'interrupted: the platform stopped while the job ran; start it again',
      }).catch(() => undefined);
    }),
  );
}
