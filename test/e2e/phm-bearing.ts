// Setting the bearing scene over the API, as the back-end test does (src/server/routes/
// phm-bearing.test.ts): a bearing model trained from CWRU files in a job, activated for the
// asset model, and an inner-race block it never saw sent as a waveform. Without ../shared/data
// (RONGHE_SHARED_DATA) there is no scene and the screen's empty state is tested instead.
import { join } from 'node:path';
import { encodeFloat32, readVibrationCsv } from '../../src/phm/index.ts';
import { missingDataMessage, sharedDataDir } from '../shared-data.ts';
import type { Api } from './api.ts';

const TRAIN_SAMPLES = 61_440; // 15 windows of 4096 per class
const files = ['Normal_0_DE_12k', 'IR007_0_DE_12k', 'OR007_at6_0_DE_12k', 'B007_0_DE_12k'];
const b64 = (x: ArrayLike<number>) => encodeFloat32(x).toString('base64');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const cwru = sharedDataDir('cwru');
// Say so when the bearing steps are left out, as every other data-dependent test does.
if (!cwru) console.warn(`PHM browser test, bearing steps: ${missingDataMessage('cwru')}`);

/** Starts the training job (it runs in a worker while other tests go on); its id. */
export async function startBearingJob(api: Api, assetModelId: string): Promise<string> {
  const payload = {
    assetModelId,
    sampleRate: 12000,
    rpm: 1797,
    files: files.map((name) => ({
      name,
      encoding: 'float32-base64',
      data: b64(readVibrationCsv(join(cwru!, `${name}.csv`)).subarray(0, TRAIN_SAMPLES)),
    })),
  };
  return (await api.call<{ id: string }>('POST', '/api/v1/phm/models/bearing', payload)).id;
}

/** Waits for the job, activates its model and sends an inner-race block for the asset. */
export async function diagnoseInnerRace(api: Api, jobId: string, assetId: string): Promise<void> {
  let job = { status: 'running', modelId: '', message: '' };
  for (let i = 0; i < 600 && job.status === 'running'; i++) {
    if (i) await sleep(500);
    job = await api.call('GET', `/api/v1/phm/jobs/${jobId}`);
  }
  if (job.status !== 'ok') throw new Error(`bearing job ${job.status}: ${job.message}`);
  await api.call('POST', `/api/v1/phm/models/${job.modelId}/activate`);
  const block = readVibrationCsv(join(cwru!, 'IR007_0_DE_12k.csv')).subarray(80_000, 88_192);
  await api.call('POST', `/api/v1/phm/assets/${assetId}/waveforms`, {
    sampleRate: 12000,
    rpm: 1797,
    samples: b64(block),
  });
}
