// The documented bodies of the PHM training routes are real data that trains (issue #17): the
// bearing example (two CWRU classes, 2,048 samples each) and the RUL example (six whole C-MAPSS
// FD001 engines) are sent as documented, for an asset model of the tenant, and each job finishes
// `ok` with a registered model whose figures come from that data; one stopped with the platform
// is marked interrupted. On each database.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { World } from '../../../test/http.ts';
import { createMonitoringWorld, type MonitoringWorld } from '../../../test/monitoring-world.ts';
import { createModel } from '../../assets/index.ts';
import { stopTrainingJobs } from '../../phm/index.ts';
import { phmRoutes } from '../routes/phm.ts';
import { phmTrainingDocs } from './phm-training.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Job = { id: string; status: string; modelId: string | null; message: string | null };

describeEachDatabase('the documented PHM training examples train', (t) => {
  let world: MonitoringWorld;
  let w: World;
  let assetModelId: string;

  beforeAll(async () => {
    ({ w } = world = await createMonitoringWorld(t, (db, telemetry) => [
      { plugin: (app) => phmRoutes(app, { db, telemetry }), prefix: '/api/v1' },
    ]));
    assetModelId = (
      await createModel(w.db, w.scopeA, {
        name: 'Drive motor',
        channels: [{ key: 'speed', name: 'speed', dataType: 'float' }],
      })
    ).id;
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  /** Sends the documented body with the tenant's asset model; the finished job. */
  async function trainAsDocumented(route: string): Promise<Job> {
    const body = phmTrainingDocs[`POST ${route}`]!.body as Record<string, unknown>;
    const res = await w.as('engineer', {
      method: 'POST',
      url: route,
      payload: { ...body, assetModelId },
    });
    expect(res.statusCode, res.body).toBe(202);
    let job = res.json<Job>();
    for (let i = 0; i < 1200 && job.status === 'running'; i++) {
      await sleep(100);
      job = (await w.as('engineer', { url: `/api/v1/phm/jobs/${job.id}` })).json<Job>();
    }
    return job;
  }

  it('a bearing model from the two CWRU excerpts', async () => {
    const job = await trainAsDocumented('/api/v1/phm/models/bearing');
    expect(job, job.message ?? '').toMatchObject({ status: 'ok', message: 'registered' });
    const model = await w.as('engineer', { url: `/api/v1/phm/models/${job.modelId}` });
    const m = model.json<{ kind: string; metrics: { classes: string[]; window: number } }>();
    expect(m.kind).toBe('bearing');
    expect(m.metrics.classes.sort()).toEqual(['IR007', 'Normal']);
    expect(m.metrics.window).toBe(512);
  }, 150_000);

  it('an RUL model from the six C-MAPSS engines', async () => {
    const job = await trainAsDocumented('/api/v1/phm/models/rul');
    expect(job, job.message ?? '').toMatchObject({ status: 'ok', message: 'registered' });
    const model = await w.as('engineer', { url: `/api/v1/phm/models/${job.modelId}` });
    const m = model.json<{ kind: string; metrics: { validation: { units: number } } }>();
    expect(m.kind).toBe('rul');
    expect(m.metrics.validation.units).toBeGreaterThan(0);
  }, 150_000);

  it('a job still training when the platform stops is ended and marked interrupted', async () => {
    const body = phmTrainingDocs['POST /api/v1/phm/models/rul']!.body as Record<string, unknown>;
    const res = await w.as('engineer', {
      method: 'POST',
      url: '/api/v1/phm/models/rul',
      payload: { ...body, assetModelId },
    });
    expect(res.statusCode, res.body).toBe(202);
    const started = res.json<Job>();
    expect(started.status).toBe('running');
    await stopTrainingJobs(); // what the platform's close does before its database closes
    const job = (await w.as('engineer', { url: `/api/v1/phm/jobs/${started.id}` })).json<Job>();
    expect(job).toMatchObject({ status: 'failed', modelId: null });
    expect(job.message).toMatch(/^interrupted: the platform stopped/);
  }, 60_000);
});
