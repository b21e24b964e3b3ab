// Bearing diagnosis on assets over HTTP (issue 18): train a bearing model from labelled
// vibration files or from labelled periods of the asset model's stored waveforms (a job in a
// worker thread, polled for progress), send waveform blocks for an
// asset (stored compressed, diagnosed by the active bearing model) and read the latest diagnosis
// with its envelope evidence. Training needs phm:write; waveforms telemetry:write (devices).
// A waveform comes as JSON with base64 float32 samples, or as application/octet-stream in the
// compact binary form devices also send over MQTT (phm/service/waveform-binary.ts).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import {
  decodeFloat32,
  getJob,
  ingestWaveform,
  latestDiagnosis,
  parseBinaryWaveform,
  startBearingTraining,
  type WaveformInput,
} from '../../phm/index.ts';
import type { Db } from '../../storage/index.ts';
import { scopeOf } from '../auth.ts';
import { AssetParams, AssetRef, Id, IdParams, Key, Strict } from '../schemas.ts';
import { TimeValue, bodyTimes } from '../time.ts';

const tags = ['phm'];
/** Ten CWRU-length files as base64 float32 fit easily; CSV text is some three times larger. */
const TRAIN_BODY_LIMIT = 64 * 1024 * 1024;

const TrainBody = Strict({
  assetModelId: Id,
  sampleRate: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }),
  rpm: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
  window: Type.Optional(Type.Integer({ minimum: 256, maximum: 65_536 })),
  files: Type.Optional(
    Type.Array(
      Strict({
        name: Type.String({ minLength: 1, maxLength: 200 }),
        label: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        encoding: Type.Union([Type.Literal('csv'), Type.Literal('float32-base64')]),
        data: Type.String({ minLength: 1 }),
      }),
      { minItems: 2, maxItems: 64 },
    ),
  ),
  /** Labelled periods of waveforms stored for the asset model's assets (instead of files). */
  waveforms: Type.Optional(
    Type.Array(
      Strict({
        assetId: AssetRef,
        label: Type.String({ minLength: 1, maxLength: 64 }),
        from: TimeValue,
        to: TimeValue,
        channel: Type.Optional(Key),
      }),
      { minItems: 2, maxItems: 200 },
    ),
  ),
});
const WaveformBody = Strict({
  channel: Type.Optional(Key),
  ts: Type.Optional(Type.Integer({ minimum: 0, maximum: 8_640_000_000_000 })),
  sampleRate: Type.Number(),
  rpm: Type.Number(),
  /** Little-endian float32 samples, base64. */
  samples: Type.String({ minLength: 1 }),
});
/** Validated by the binary reader (it names the header field at fault), not by a schema. The
 * OpenAPI document shows it as binary (docs/phm.ts). */
const BinaryBody = Type.Unknown({
  description: 'The compact binary form: a 28-byte little-endian header, then the samples',
});
const WAVEFORM_TYPES = {
  'application/json': { schema: WaveformBody },
  'application/octet-stream': { schema: BinaryBody },
};

/** A waveform body in either form, as the PHM service takes it. */
function waveformOf(body: unknown): WaveformInput {
  if (Buffer.isBuffer(body)) return parseBinaryWaveform(body);
  const { samples, ...rest } = body as Static<typeof WaveformBody>;
  return { ...rest, samples: decodeFloat32(samples, 'samples') };
}

export async function phmBearingRoutes(base: FastifyInstance, opts: { db: Db }) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  const scope = (req: Parameters<typeof scopeOf>[1]) => scopeOf(db, req);
  // Binary waveforms: the raw bytes (this plugin's routes only; other PHM routes answer 415).
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );

  app.post(
    '/phm/models/bearing',
    {
      bodyLimit: TRAIN_BODY_LIMIT,
      config: { permission: 'phm:write' },
      schema: { tags, body: TrainBody },
    },
    async (req, reply) => {
      const s = await scope(req);
      const { waveforms, ...rest } = req.body;
      const time = waveforms ? await bodyTimes(db, s.tenantId) : undefined;
      const periods = waveforms?.map((p, i) => ({
        ...p,
        from: time!(`waveforms[${i}].from`, p.from),
        to: time!(`waveforms[${i}].to`, p.to),
      }));
      const input = periods ? { ...rest, waveforms: periods } : rest;
      return reply.status(202).send(await startBearingTraining(db, s, input));
    },
  );
  app.get(
    '/phm/jobs/:id',
    { config: { permission: 'phm:read' }, schema: { tags, params: IdParams } },
    async (req) => getJob(db, await scope(req), req.params.id),
  );
  app.post(
    '/phm/assets/:id/waveforms',
    {
      config: { permission: 'telemetry:write' },
      // The asset by id or serial, as on the MQTT topic ronghe/waveform/<asset>.
      schema: { tags, params: AssetParams, body: { content: WAVEFORM_TYPES } },
    },
    async (req, reply) => {
      const input = waveformOf(req.body);
      const r = await ingestWaveform(db, await scope(req), req.params.id, input);
      return reply.status(201).send(r);
    },
  );
  app.get(
    '/phm/assets/:id/diagnosis',
    { config: { permission: 'phm:read' }, schema: { tags, params: AssetParams } },
    async (req) => latestDiagnosis(db, await scope(req), req.params.id),
  );
}
