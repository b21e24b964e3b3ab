// Training a bearing model over the API from an asset model's own stored waveforms (issue 18),
// on each database: labelled periods of the blocks its assets sent (the compact binary form over
// HTTP) train a model in a job, blocks at another rate or speed are counted and refused rather
// than mixed in, bad periods are refused naming the field, and the model diagnoses a block it
// never saw. Skips without ../shared/data (the CWRU files).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { World } from '../../../test/http.ts';
import { createMonitoringWorld, type MonitoringWorld } from '../../../test/monitoring-world.ts';
import { missingDataMessage, sharedDataDir } from '../../../test/shared-data.ts';
import { createAsset, createModel } from '../../assets/index.ts';
import { encodeBinaryWaveform, encodeFloat32, readVibrationCsv } from '../../phm/index.ts';
import { phmRoutes } from './phm.ts';

const cwru = sharedDataDir('cwru');
const files = ['Normal_0_DE_12k', 'IR007_0_DE_12k', 'OR007_at6_0_DE_12k', 'B007_0_DE_12k'];
const b64 = (x: ArrayLike<number>) => encodeFloat32(x).toString('base64');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (!cwru)
  describe.skip(`bearing models from stored waveforms: ${missingDataMessage('cwru')}`, () => {});
else
  describeEachDatabase('bearing models trained from stored waveforms', (t) => {
    let world: MonitoringWorld;
    let w: World;
    const signals = new Map(files.map((f) => [f, readVibrationCsv(join(cwru, `${f}.csv`))]));
    const api = '/api/v1/phm';

    beforeAll(async () => {
      ({ w } = world = await createMonitoringWorld(t, (db, telemetry) => [
        { plugin: (app) => phmRoutes(app, { db, telemetry }), prefix: '/api/v1' },
      ]));
      // An asset of another model, which a period of the fan motors' model must not name.
      const motorModel = (
        await createModel(w.db, w.scopeA, {
          name: 'Drive motor',
          channels: [{ key: 'speed', name: 'speed', dataType: 'float' }],
        })
      ).id;
      await createAsset(w.db, w.scopeA, {
        name: 'Motor 1',
        serial: 'DM-1',
        modelId: motorModel,
        customerId: w.customers.A1,
      });
    }, 120_000);
    afterAll(async () => world?.close());

    it("trains from labelled periods of the asset model's stored waveforms, and diagnoses an unseen block", async () => {
      // A fan motor model with no bearing model: its waveforms are stored, not diagnosed. FM-1 ran
      // healthy, FM-2 had an inner-race fault and later (after a bearing swap) an outer-race one;
      // each period holds 15 blocks of 4,096 samples sent as the compact binary form over HTTP.
      const fanModel = (
        await createModel(w.db, w.scopeA, {
          name: 'Fan motor',
          channels: [{ key: 'speed', name: 'speed', dataType: 'float' }],
        })
      ).id;
      const fans: string[] = [];
      for (const n of [1, 2, 3])
        fans.push(
          (
            await createAsset(w.db, w.scopeA, {
              name: `Fan motor ${n}`,
              serial: `FM-${n}`,
              modelId: fanModel,
              customerId: w.customers.A1,
            })
          ).id,
        );
      const T = 1_796_000_000_000;
      const MIN = 60_000;
      const send = async (asset: string, ts: number, samples: Float64Array, rpm = 1797) => {
        const r = await w.as('engineer', {
          method: 'POST',
          url: `${api}/assets/${asset}/waveforms`,
          payload: encodeBinaryWaveform({ sampleRate: 12000, rpm, ts, samples }),
          headers: { 'content-type': 'application/octet-stream' },
        });
        expect(r.statusCode, r.body).toBe(201);
        expect(r.json()).toMatchObject({ diagnosis: { status: 'no-model' } });
      };
      const periods = [
        { asset: 'FM-1', file: 'Normal_0_DE_12k', label: 'Normal', start: T },
        { asset: 'FM-2', file: 'IR007_0_DE_12k', label: 'IR007', start: T },
        { asset: 'FM-2', file: 'OR007_at6_0_DE_12k', label: 'OR007', start: T + 1000 * MIN },
      ];
      for (const p of periods)
        for (let b = 0; b < 15; b++)
          await send(
            p.asset,
            p.start + b * MIN,
            signals.get(p.file)!.subarray(b * 4096, (b + 1) * 4096),
          );
      // A block at another running speed inside FM-1's period: counted, not trained on.
      await send('FM-1', T + 30 * MIN, signals.get('Normal_0_DE_12k')!.subarray(0, 4096), 1500);
      const iso = (t: number) => new Date(t).toISOString();
      const body = (waveforms: unknown[], extra: Record<string, unknown> = {}) => ({
        assetModelId: fanModel,
        sampleRate: 12000,
        rpm: 1797,
        waveforms,
        ...extra,
      });
      const period = (p: (typeof periods)[number]) => ({
        assetId: p.asset,
        label: p.label,
        from: iso(p.start),
        to: iso(p.start + 60 * MIN),
      });
      const train = (payload: unknown) =>
        w.as('engineer', {
          method: 'POST',
          url: `${api}/models/bearing`,
          payload: payload as Record<string, unknown>,
        });
      const refusal = async (payload: unknown) => {
        const r = await train(payload);
        expect(r.statusCode, r.body).toBe(400);
        const e = r.json() as { message: string; details: { field: string }[] };
        return `${e.details[0]!.field}: ${e.message}`;
      };
      // An asset of another model (the drive motor), an empty period, both sources at once.
      expect(
        await refusal(body([{ ...period(periods[0]!), assetId: 'DM-1' }, period(periods[1]!)])),
      ).toMatch(/^waveforms\[0\]\.assetId: .*not of asset model/);
      const empty = { ...period(periods[1]!), from: iso(T - 600 * MIN), to: iso(T - 60 * MIN) };
      expect(await refusal(body([period(periods[0]!), empty]))).toMatch(
        /^waveforms\[1\]: .*0 stored block\(s\) of 0 samples/,
      );
      expect(
        await refusal(
          body(periods.map(period), {
            files: ['Normal_0_DE_12k', 'IR007_0_DE_12k'].map((name) => ({
              name,
              encoding: 'float32-base64',
              data: b64(signals.get(name)!.subarray(0, 16_384)),
            })),
          }),
        ),
      ).toMatch(/^files: .*not both/);

      const started = await train(body(periods.map(period)));
      expect(started.statusCode, started.body).toBe(202);
      let job = started.json() as { id: string; status: string; modelId: string; message: string };
      for (let i = 0; i < 1200 && job.status === 'running'; i++) {
        await sleep(250);
        job = (
          await w.as('viewer', { method: 'GET', url: `${api}/jobs/${job.id}` })
        ).json() as typeof job;
      }
      expect(job.status, job.message).toBe('ok');
      const model = (
        await w.as('engineer', { method: 'GET', url: `${api}/models/${job.modelId}` })
      ).json() as {
        kind: string;
        status: string;
        training: { assets: string[]; assetCount: number; points: number; channels: string[] };
        metrics: { heldOutWindows: number; heldOutAccuracy: number; classes: string[] };
      };
      expect(model).toMatchObject({
        kind: 'bearing',
        status: 'active',
        training: { assetCount: 2, points: 3 * 15 * 4096, channels: ['vibration'] },
      });
      expect([...model.training.assets].sort()).toEqual([fans[0], fans[1]].sort());
      expect([...model.metrics.classes].sort()).toEqual(['IR007', 'Normal', 'OR007']);
      // The held-out part is each period's latest blocks (the last 20 %), never trained on.
      expect(model.metrics.heldOutWindows).toBeGreaterThan(0);
      expect(model.metrics.heldOutAccuracy).toBeGreaterThan(0.8);

      // The model is the fan motors' active one: an inner-race block from beyond what was
      // stored, sent for the third fan, is diagnosed by it.
      const unseen = signals.get('IR007_0_DE_12k')!.subarray(70_000, 70_000 + 8192);
      const r = await w.as('engineer', {
        method: 'POST',
        url: `${api}/assets/FM-3/waveforms`,
        payload: { sampleRate: 12000, rpm: 1797, samples: b64(unseen) },
      });
      expect(r.statusCode, r.body).toBe(201);
      const d = (
        r.json() as {
          diagnosis: {
            modelId: string;
            label: string;
            evidence: { kind: string; meanRatioDb: number }[];
          };
        }
      ).diagnosis;
      expect(d).toMatchObject({ modelId: job.modelId, label: 'IR007' });
      const strongest = [...d.evidence].sort((a, b) => b.meanRatioDb - a.meanRatioDb)[0]!;
      expect(strongest.kind).toBe('BPFI');
    }, 400_000);
  });
