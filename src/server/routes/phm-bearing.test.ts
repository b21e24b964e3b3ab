// Bearing diagnosis on an asset over HTTP and MQTT on each database (issue 18): a bearing model
// trained over the API from CWRU files (a worker-thread job polled for progress), activated for
// a motor model; an inner-race fault block the model never saw is published by a real mqtt.js
// client on ronghe/waveform/<asset> to the embedded broker on a free port, and the motor's
// stored diagnosis reads inner race with the BPFI line as evidence. Skips without ../shared/data.
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { World } from '../../../test/http.ts';
import { createMonitoringWorld, type MonitoringWorld } from '../../../test/monitoring-world.ts';
import { missingDataMessage, sharedDataDir } from '../../../test/shared-data.ts';
import { createAsset, createModel } from '../../assets/index.ts';
import { createApiKey, createAuthenticator, type Scope } from '../../identity/index.ts';
import type { TenantId } from '../../kernel/index.ts';
import { startMqttBroker, type MqttBroker } from '../../mqtt/index.ts';
import type { PhmTables } from '../../storage/phm-schema.ts';
import {
  encodeBinaryWaveform,
  encodeFloat32,
  ingestWaveform,
  readVibrationCsv,
} from '../../phm/index.ts';
import { phmRoutes } from './phm.ts';

const cwru = sharedDataDir('cwru');
const TRAIN_SAMPLES = 61_440; // 15 windows of 4096 per class; the last 20 % held out
const files = ['Normal_0_DE_12k', 'IR007_0_DE_12k', 'OR007_at6_0_DE_12k', 'B007_0_DE_12k'];
const b64 = (x: ArrayLike<number>) => encodeFloat32(x).toString('base64');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (!cwru) describe.skip(`bearing diagnosis on assets: ${missingDataMessage('cwru')}`, () => {});
else
  describeEachDatabase('bearing diagnosis on assets over HTTP and MQTT', (t) => {
    let world: MonitoringWorld;
    let w: World;
    let broker: MqttBroker;
    let motor: string;
    let motorModel: string;
    const signals = new Map(files.map((f) => [f, readVibrationCsv(join(cwru, `${f}.csv`))]));
    const api = '/api/v1/phm';

    beforeAll(async () => {
      ({ w } = world = await createMonitoringWorld(t, (db, telemetry) => [
        { plugin: (app) => phmRoutes(app, { db, telemetry }), prefix: '/api/v1' },
      ]));
      broker = await startMqttBroker({
        port: 0,
        host: '127.0.0.1',
        authenticator: createAuthenticator(w.db),
        telemetry: world.telemetry,
        // As the platform wires it (src/main.ts).
        waveform: ({ tenantId, customerIds, actor }, { asset, ...m }) =>
          ingestWaveform(
            w.db,
            { tenantId: tenantId as TenantId, customerIds, actor } as Scope,
            asset,
            m,
          ),
      });
      motorModel = (
        await createModel(w.db, w.scopeA, {
          name: 'Drive motor',
          channels: [{ key: 'speed', name: 'speed', dataType: 'float' }],
        })
      ).id;
      motor = (
        await createAsset(w.db, w.scopeA, {
          name: 'Motor 1',
          serial: 'DM-1',
          modelId: motorModel,
          customerId: w.customers.A1,
        })
      ).id;
    }, 120_000);
    afterAll(async () => {
      await broker?.close();
      await world?.close();
    });

    it('refuses too few classes and bad samples, naming the field', async () => {
      const one = await w.as('engineer', {
        method: 'POST',
        url: `${api}/models/bearing`,
        payload: {
          assetModelId: motorModel,
          sampleRate: 12000,
          rpm: 1797,
          files: ['Normal_0_DE_12k', 'Normal_1_DE_12k'].map((name) => ({
            name,
            encoding: 'float32-base64',
            data: b64(signals.get('Normal_0_DE_12k')!.subarray(0, 16_384)),
          })),
        },
      });
      expect(one.statusCode).toBe(400);
      expect(JSON.stringify(one.json())).toMatch(/two classes/);
      const bad = await w.as('engineer', {
        method: 'POST',
        url: `${api}/assets/${motor}/waveforms`,
        payload: { sampleRate: 12000, rpm: 1797, samples: 'not base64!' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ details: [{ field: 'samples' }] });
      // The binary form over HTTP: a malformed block is refused naming the header field, in the
      // caller's language.
      const good = encodeBinaryWaveform({
        sampleRate: 12000,
        rpm: 1797,
        samples: new Float64Array(4096).fill(0.5),
      });
      const sendBinary = (body: Buffer, lang = 'en') =>
        w.as('engineer', {
          method: 'POST',
          url: `${api}/assets/${motor}/waveforms`,
          payload: body,
          headers: { 'content-type': 'application/octet-stream', 'accept-language': lang },
        });
      const refusal = async (body: Buffer, lang?: string) => {
        const r = await sendBinary(body, lang);
        expect(r.statusCode, r.body).toBe(400);
        const e = r.json() as { message: string; details: { field: string }[] };
        return `${e.details[0]!.field}: ${e.message}`;
      };
      expect(await refusal(good.subarray(0, 20))).toMatch(/^header: .*20 bytes .*28-byte header/);
      expect(await refusal(Buffer.alloc(0))).toMatch(/^header: .*0 bytes .*28-byte header/);
      expect(await refusal(good.subarray(0, 20), 'zh-CN')).toMatch(
        /^header: .*只有 20 字节，短于 28 字节的报头/,
      );
      expect(await refusal(good.subarray(0, 28 + 4000))).toMatch(
        /^count: .*header says 4096 samples \(16384 bytes\) but 4000 bytes follow/,
      );
      expect(await refusal(good.subarray(0, 28 + 4000), 'zh-CN')).toMatch(
        /^count: .*报头声明 4096 个采样（16384 字节），但报头后有 4000 字节/,
      );
      const zeroRate = Buffer.from(good);
      zeroRate.writeFloatLE(0, 4);
      expect(await refusal(zeroRate)).toMatch(/^sampleRate: .*sample rate 0 is not a positive/);
      // The bytes parser stays with the bearing routes: other PHM routes do not take bytes.
      const elsewhere = await w.as('engineer', {
        method: 'POST',
        url: `${api}/models/health-baseline`,
        payload: good,
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(elsewhere.statusCode, elsewhere.body).toBe(415);
      const notRw = Buffer.from(good);
      notRw.write('{"', 0, 'latin1');
      expect(await refusal(notRw)).toMatch(/^magic: .*not "RW"/);
      const viewer = await w.as('viewer', {
        method: 'POST',
        url: `${api}/models/bearing`,
        payload: { assetModelId: motorModel, sampleRate: 12000, rpm: 1797, files: [] },
      });
      expect(viewer.statusCode).toBe(403);
    });

    it('trains from CWRU files in a job, activates it, and diagnoses an MQTT inner-race block', async () => {
      const started = await w.as('engineer', {
        method: 'POST',
        url: `${api}/models/bearing`,
        payload: {
          assetModelId: motorModel,
          sampleRate: 12000,
          rpm: 1797,
          files: files.map((name) => ({
            name,
            encoding: 'float32-base64',
            data: b64(signals.get(name)!.subarray(0, TRAIN_SAMPLES)),
          })),
        },
      });
      expect(started.statusCode, started.body).toBe(202);
      let job = started.json() as { id: string; status: string; progress: number; modelId: string };
      expect(job.status).toBe('running');
      const deadline = Date.now() + 300_000;
      while (job.status === 'running' && Date.now() < deadline) {
        await sleep(500);
        job = (
          await w.as('viewer', { method: 'GET', url: `${api}/jobs/${job.id}` })
        ).json() as typeof job;
      }
      expect(job).toMatchObject({ status: 'ok', progress: 1 });
      const model = (
        await w.as('engineer', { method: 'GET', url: `${api}/models/${job.modelId}` })
      ).json() as { kind: string; metrics: { heldOutAccuracy: number; heldOutWindows: number } };
      expect(model.kind).toBe('bearing');
      expect(model.metrics.heldOutWindows).toBeGreaterThan(0);
      expect(model.metrics.heldOutAccuracy).toBeGreaterThan(0.8);
      const act = await w.as('engineer', {
        method: 'POST',
        url: `${api}/models/${job.modelId}/activate`,
      });
      expect(act.statusCode, act.body).toBe(200);

      const key = (
        await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'vib gw', role: 'engineer' })
      ).key;
      const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
        username: 'gw',
        password: key,
        clientId: 'vib-gw-1',
      });
      const refused: string[] = [];
      await c.subscribeAsync('ronghe/errors/vib-gw-1', { qos: 0 });
      c.on('message', (_topic, payload) => refused.push(payload.toString()));
      // A block from far beyond the training part of the inner-race file.
      const block = signals.get('IR007_0_DE_12k')!.subarray(80_000, 80_000 + 8192);
      await c.publishAsync(
        `ronghe/waveform/DM-1`,
        JSON.stringify({ sampleRate: 12000, rpm: 1797, samples: b64(block) }),
        { qos: 1 },
      );
      let diag = await w.as('viewer', { method: 'GET', url: `${api}/assets/${motor}/diagnosis` });
      for (let i = 0; i < 40 && diag.statusCode === 404; i++) {
        await sleep(250);
        diag = await w.as('viewer', { method: 'GET', url: `${api}/assets/${motor}/diagnosis` });
      }
      await c.endAsync();
      expect(refused).toEqual([]);
      expect(diag.statusCode, diag.body).toBe(200);
      const d = diag.json() as {
        label: string;
        modelId: string;
        windows: unknown[];
        defectFrequencies: { BPFI: number };
        evidence: { kind: string; meanRatioDb: number }[];
        envelopeSpectrum: { df: number; values: number[] };
      };
      expect(d.label).toBe('IR007');
      expect(d.modelId).toBe(job.modelId);
      expect(d.windows).toHaveLength(2);
      expect(d.defectFrequencies.BPFI).toBeCloseTo(162.2, 0);
      const strongest = [...d.evidence].sort((a, b) => b.meanRatioDb - a.meanRatioDb)[0]!;
      expect(strongest.kind).toBe('BPFI');
      // The envelope spectrum itself is kept with the diagnosis: 12 kHz / 4,096 samples a bin,
      // up to three times the highest defect frequency, with its BPFI line standing out.
      const ses = d.envelopeSpectrum;
      expect(ses.df).toBeCloseTo(12000 / 4096, 6);
      expect(ses.values.length).toBeGreaterThan((3 * 162.2) / ses.df);
      const atBpfi = Math.max(
        ...ses.values.slice(Math.round(162.2 / ses.df) - 2, Math.round(162.2 / ses.df) + 3),
      );
      const sorted = [...ses.values].sort((a, b) => a - b);
      expect(atBpfi).toBeGreaterThan(4 * sorted[sorted.length >> 1]!);
      // Stored compressed: the block is in phm_waveforms, smaller than its float32 bytes.
      const r = await w.as('engineer', {
        method: 'POST',
        url: `${api}/assets/${motor}/waveforms`,
        payload: { sampleRate: 12000, rpm: 1797, samples: b64(block) },
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({
        samples: 8192,
        diagnosis: { status: 'ok', label: 'IR007' },
      });
      expect((r.json() as { storedBytes: number }).storedBytes).toBeLessThan(8192 * 4);

      // The compact binary form: another unseen inner-race block as int16 counts of 0.1 mg
      // (28-byte header + 2 bytes a sample), and a malformed one answered on the error topic.
      const c2 = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
        username: 'gw',
        password: key,
        clientId: 'vib-gw-2',
      });
      const errors: string[] = [];
      await c2.subscribeAsync('ronghe/errors/vib-gw-2', { qos: 0 });
      c2.on('message', (_topic, payload) => errors.push(payload.toString()));
      const before = (d as unknown as { assessmentId: string }).assessmentId;
      const block2 = signals.get('IR007_0_DE_12k')!.subarray(88_192, 88_192 + 8192);
      const binary = encodeBinaryWaveform(
        { sampleRate: 12000, rpm: 1797, samples: block2 },
        'int16',
        1e-4,
      );
      expect(binary.length).toBe(28 + 2 * 8192);
      await c2.publishAsync('ronghe/waveform/DM-1', binary, { qos: 1 });
      const broken = Buffer.from(binary.subarray(0, 28 + 100)); // count says 8192, 50 follow
      await c2.publishAsync('ronghe/waveform/DM-1', broken, { qos: 1 });
      type Diag = { assessmentId: string; label: string; rpm: number; windows: unknown[] };
      let d2 = (
        await w.as('viewer', { method: 'GET', url: `${api}/assets/${motor}/diagnosis` })
      ).json() as Diag;
      for (let i = 0; i < 40 && (d2.assessmentId === before || errors.length === 0); i++) {
        await sleep(250);
        d2 = (
          await w.as('viewer', { method: 'GET', url: `${api}/assets/${motor}/diagnosis` })
        ).json() as Diag;
      }
      await c2.endAsync();
      expect(d2.assessmentId).not.toBe(before);
      expect(d2.label).toBe('IR007');
      expect(d2.windows).toHaveLength(2);
      expect(errors).toHaveLength(1);
      expect(JSON.parse(errors[0]!)).toMatchObject({
        topic: 'ronghe/waveform/DM-1',
        details: [{ field: 'count' }],
      });
      expect(errors[0]).toMatch(/header says 8192 samples \(16384 bytes\) but 100 bytes follow/);
    }, 400_000);

    // Uses the bearing model trained and activated above.
    it('a 4,096-sample 12 kHz inner-race block in binary is stored and diagnosed as its base64 JSON form, over HTTP and MQTT', async () => {
      // Past the training part (61,440) and the blocks sent above (80,000 on).
      const block = signals.get('IR007_0_DE_12k')!.subarray(66_000, 66_000 + 4096);
      expect(block).toHaveLength(4096);
      const T0 = 1_796_584_800_000;
      // Four sends of the same samples, told apart by their time.
      const at = {
        httpJson: T0,
        httpBinary: T0 + 1000,
        mqttJson: T0 + 2000,
        mqttBinary: T0 + 3000,
      };
      const json = (ts: number) => ({ sampleRate: 12000, rpm: 1797, ts, samples: b64(block) });
      const binary = (ts: number) =>
        encodeBinaryWaveform({ sampleRate: 12000, rpm: 1797, ts, samples: block });
      expect(binary(0).length).toBe(28 + 4 * 4096);
      const url = `${api}/assets/${motor}/waveforms`;
      const viaJson = await w.as('engineer', {
        method: 'POST',
        url,
        payload: json(at.httpJson),
      });
      const viaBinary = await w.as('engineer', {
        method: 'POST',
        url,
        payload: binary(at.httpBinary),
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(viaJson.statusCode, viaJson.body).toBe(201);
      expect(viaBinary.statusCode, viaBinary.body).toBe(201);
      type Answer = { ts: number; samples: number; storedBytes: number; diagnosis: object };
      const strip = (a: Answer) => {
        const { assessmentId: _a, ...diagnosis } = a.diagnosis as { assessmentId: string };
        return { samples: a.samples, storedBytes: a.storedBytes, diagnosis };
      };
      const [aj, ab] = [viaJson.json() as Answer, viaBinary.json() as Answer];
      expect(aj.ts).toBe(at.httpJson);
      expect(ab.ts).toBe(at.httpBinary);
      expect(aj.diagnosis).toMatchObject({ status: 'ok', label: 'IR007' });
      expect(strip(ab)).toEqual(strip(aj));

      const key = (
        await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'vib gw 3', role: 'engineer' })
      ).key;
      const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
        username: 'gw',
        password: key,
        clientId: 'vib-gw-3',
      });
      const errors: string[] = [];
      await c.subscribeAsync('ronghe/errors/vib-gw-3', { qos: 0 });
      c.on('message', (_topic, payload) => errors.push(payload.toString()));
      await c.publishAsync('ronghe/waveform/DM-1', JSON.stringify(json(at.mqttJson)), { qos: 1 });
      await c.publishAsync('ronghe/waveform/DM-1', binary(at.mqttBinary), { qos: 1 });
      await c.endAsync();
      expect(errors).toEqual([]);

      // What is stored for each send: the waveform row and its diagnosis.
      const k = w.db.kysely.withTables<PhmTables>();
      const times = Object.values(at);
      const stored = async () => {
        const rows = await k
          .selectFrom('phm_waveforms')
          .selectAll()
          .where('asset_id', '=', motor)
          .where('ts', 'in', times)
          .execute();
        const diagnoses = await k
          .selectFrom('phm_assessments')
          .select(['at', 'health', 'model_id', 'detail'])
          .where('asset_id', '=', motor)
          .where('kind', '=', 'bearing')
          .where('at', 'in', times)
          .execute();
        return { rows, diagnoses };
      };
      let s = await stored();
      for (let i = 0; i < 40 && s.diagnoses.length < 4; i++) {
        await sleep(250);
        s = await stored();
      }
      expect(s.rows).toHaveLength(4);
      expect(s.diagnoses).toHaveLength(4);
      const waveform = (ts: number) => {
        const r = s.rows.find((x) => Number(x.ts) === ts)!;
        return {
          channel: r.channel,
          sampleRate: Number(r.sample_rate),
          rpm: Number(r.rpm),
          samples: Number(r.samples),
          encoding: r.encoding,
          data: Buffer.from(r.data).toString('base64'),
        };
      };
      const diagnosis = (ts: number) => {
        const d = s.diagnoses.find((x) => Number(x.at) === ts)!;
        const { waveformId: _w, ...detail } = JSON.parse(d.detail!) as { waveformId: string };
        return { health: Number(d.health), model: d.model_id, detail };
      };
      const reference = { waveform: waveform(at.httpJson), diagnosis: diagnosis(at.httpJson) };
      expect(reference.waveform).toMatchObject({
        channel: 'vibration',
        sampleRate: 12000,
        samples: 4096,
      });
      expect(reference.diagnosis.detail).toMatchObject({ label: 'IR007' });
      for (const ts of [at.httpBinary, at.mqttJson, at.mqttBinary])
        expect({ waveform: waveform(ts), diagnosis: diagnosis(ts) }).toEqual(reference);
    }, 120_000);
  });
