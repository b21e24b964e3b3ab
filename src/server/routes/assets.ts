import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import * as assets from '../../assets/index.ts';
import { assetLevels, lifecycleStages } from '../../assets/index.ts';
import { withActorNames, type Authenticator, type Revocations } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { scopeOf } from '../auth.ts';
import { CsvExportQuery, CsvImportQuery, csvBom } from '../csv.ts';
import { AssetParams, AssetRef, Id, IdParams, Key, Name, Page, Strict, Text } from '../schemas.ts';

const literalUnion = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));
const Level = literalUnion(assetLevels);
const Stage = literalUnion(lifecycleStages);
const Unit = Type.String({ maxLength: 32 });
const Num = Type.Number();

const PropertyDef = Strict({
  key: Key,
  name: Name,
  unit: Type.Optional(Unit),
  dataType: literalUnion(['number', 'string', 'boolean']),
  min: Type.Optional(Num),
  max: Type.Optional(Num),
});
const ChannelDef = Strict({
  key: Key,
  name: Name,
  unit: Type.Optional(Unit),
  dataType: literalUnion(['float', 'integer', 'boolean']),
  min: Type.Optional(Num),
  max: Type.Optional(Num),
  expectedIntervalS: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 31_536_000 })),
});
const ModelBody = {
  name: Name,
  category: Type.Optional(Type.String({ maxLength: 100 })),
  description: Type.Optional(Text),
  properties: Type.Optional(Type.Array(PropertyDef, { maxItems: 200 })),
  channels: Type.Optional(Type.Array(ChannelDef, { maxItems: 1000 })),
  allowNewChannels: Type.Optional(Type.Boolean()),
};
const PropertyValues = Type.Record(
  Type.String({ maxLength: 64 }),
  Type.Union([Type.Number(), Type.String({ maxLength: 2000 }), Type.Boolean()]),
  { maxProperties: 200 },
);
const NullableId = Type.Union([Id, Type.Null()]);
const AssetBody = {
  name: Name,
  serial: Type.String({ minLength: 1, maxLength: 100 }),
  modelId: Type.Optional(NullableId),
  customerId: Type.Optional(NullableId),
  parentId: Type.Optional(NullableId),
  level: Type.Optional(Level),
  site: Type.Optional(Type.String({ maxLength: 200 })),
  latitude: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
  longitude: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
  installDate: Type.Optional(
    Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()]),
  ),
  properties: Type.Optional(PropertyValues),
};
const AssetOut = Type.Object({
  id: Type.String(),
  modelId: Type.Union([Type.String(), Type.Null()]),
  customerId: Type.Union([Type.String(), Type.Null()]),
  parentId: Type.Union([Type.String(), Type.Null()]),
  level: Type.String(),
  name: Type.String(),
  serial: Type.String(),
  site: Type.String(),
  latitude: Type.Union([Type.Number(), Type.Null()]),
  longitude: Type.Union([Type.Number(), Type.Null()]),
  installDate: Type.Union([Type.String(), Type.Null()]),
  lifecycle: Type.String(),
  properties: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
  lastSeenAt: Type.Union([Type.Number(), Type.Null()], {
    description: 'When the asset last sent telemetry (epoch ms; updated at most once a minute)',
  }),
});
const SearchQuery = Strict({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  modelId: Type.Optional(Id),
  customerId: Type.Optional(Id),
  parentId: Type.Optional(Id),
  lifecycle: Type.Optional(Stage),
  level: Type.Optional(Level),
  site: Type.Optional(Type.String({ maxLength: 200 })),
  sort: Type.Optional(literalUnion(['name', 'serial', 'created_at', 'install_date', 'lifecycle'])),
  order: Type.Optional(literalUnion(['asc', 'desc'])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

export async function assetRoutes(
  base: FastifyInstance,
  opts: { db: Db; authenticator: Authenticator; revocations: Revocations },
) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  const scope = (req: Parameters<typeof scopeOf>[1]) => scopeOf(db, req);

  app.get(
    '/asset-models',
    { config: { permission: 'model:read' }, schema: { tags: ['asset-models'] } },
    async (req) => assets.listModels(db, await scope(req)),
  );
  app.post(
    '/asset-models',
    {
      config: { permission: 'model:write' },
      schema: { tags: ['asset-models'], body: Strict(ModelBody) },
    },
    async (req, reply) =>
      reply.status(201).send(await assets.createModel(db, await scope(req), req.body)),
  );
  app.get(
    '/asset-models/:id',
    { config: { permission: 'model:read' }, schema: { tags: ['asset-models'], params: IdParams } },
    async (req) => assets.getModel(db, await scope(req), req.params.id),
  );
  app.patch(
    '/asset-models/:id',
    {
      config: { permission: 'model:write' },
      schema: { tags: ['asset-models'], params: IdParams, body: Type.Partial(Strict(ModelBody)) },
    },
    async (req) => assets.updateModel(db, await scope(req), req.params.id, req.body),
  );
  app.delete(
    '/asset-models/:id',
    { config: { permission: 'model:write' }, schema: { tags: ['asset-models'], params: IdParams } },
    async (req, reply) => {
      await assets.deleteModel(db, await scope(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/assets',
    {
      config: { permission: 'asset:read' },
      schema: { tags: ['assets'], querystring: SearchQuery, response: { 200: Page(AssetOut) } },
    },
    async (req) => assets.searchAssets(db, await scope(req), req.query),
  );
  app.post(
    '/assets',
    {
      config: { permission: 'asset:write' },
      schema: {
        tags: ['assets'],
        body: Strict({ ...AssetBody, lifecycle: Type.Optional(Stage) }),
        response: { 201: AssetOut },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await assets.createAsset(db, await scope(req), req.body)),
  );
  app.get(
    '/assets/export.csv',
    {
      config: { permission: 'asset:read' },
      schema: { tags: ['assets'], querystring: Strict(CsvExportQuery) },
    },
    async (req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="assets.csv"')
        .send(csvBom(req.query.bom) + (await assets.exportAssetsCsv(db, await scope(req)))),
  );
  app.post(
    '/assets/import',
    {
      config: { permission: 'asset:write' },
      schema: {
        tags: ['assets'],
        querystring: Strict(CsvImportQuery),
        body: Type.String({ maxLength: 20_000_000 }),
      },
    },
    async (req) => assets.importAssetsCsv(db, await scope(req), req.body),
  );
  app.get(
    '/assets/:id',
    {
      config: { permission: 'asset:read' },
      schema: { tags: ['assets'], params: AssetParams, response: { 200: AssetOut } },
    },
    async (req) => assets.getAsset(db, await scope(req), req.params.id),
  );
  app.patch(
    '/assets/:id',
    {
      config: { permission: 'asset:write' },
      schema: {
        tags: ['assets'],
        params: AssetParams,
        body: Type.Partial(Strict(AssetBody)),
        response: { 200: AssetOut },
      },
    },
    async (req) => {
      const s = await scope(req);
      const a = await assets.getAsset(db, s, req.params.id);
      return assets.updateAsset(db, s, a.id, req.body);
    },
  );
  app.delete(
    '/assets/:id',
    { config: { permission: 'asset:write' }, schema: { tags: ['assets'], params: AssetParams } },
    async (req, reply) => {
      const s = await scope(req);
      await assets.deleteAsset(db, s, (await assets.getAsset(db, s, req.params.id)).id);
      return reply.status(204).send();
    },
  );
  app.get(
    '/assets/:id/children',
    { config: { permission: 'asset:read' }, schema: { tags: ['assets'], params: AssetParams } },
    async (req) => {
      const s = await scope(req);
      const a = await assets.getAsset(db, s, req.params.id);
      return assets.searchAssets(db, s, { parentId: a.id, pageSize: 500 });
    },
  );
  app.get(
    '/assets/:id/lifecycle',
    { config: { permission: 'asset:read' }, schema: { tags: ['assets'], params: AssetParams } },
    async (req) => {
      const s = await scope(req);
      const id = (await assets.getAsset(db, s, req.params.id)).id;
      return withActorNames(db, await assets.lifecycleHistory(db, s, id), ['actor']);
    },
  );
  app.post(
    '/assets/:id/lifecycle',
    {
      config: { permission: 'asset:lifecycle' },
      schema: {
        tags: ['assets'],
        params: AssetParams,
        body: Strict({ to: Stage, note: Type.Optional(Type.String({ maxLength: 2000 })) }),
        response: { 200: AssetOut },
      },
    },
    async (req) => {
      const s = await scope(req);
      const a = await assets.getAsset(db, s, req.params.id);
      return assets.transitionAsset(db, s, a.id, req.body.to, req.body.note ?? '');
    },
  );

  app.get(
    '/devices',
    {
      config: { permission: 'device:read' },
      schema: { tags: ['devices'], querystring: Strict({ assetId: Type.Optional(AssetRef) }) },
    },
    async (req) => assets.listDevices(db, await scope(req), req.query.assetId),
  );
  app.post(
    '/devices',
    {
      config: { permission: 'device:write' },
      schema: { tags: ['devices'], body: Strict({ assetId: AssetRef, name: Name }) },
    },
    async (req, reply) =>
      reply.status(201).send(await assets.createDevice(db, await scope(req), req.body)),
  );
  app.post(
    '/devices/:id/rotate-token',
    { config: { permission: 'device:write' }, schema: { tags: ['devices'], params: IdParams } },
    async (req) => {
      const res = await assets.rotateDeviceToken(db, await scope(req), req.params.id);
      opts.authenticator.clearCache();
      opts.revocations.revoked(`device:${req.params.id}`);
      return res;
    },
  );
  app.delete(
    '/devices/:id',
    { config: { permission: 'device:write' }, schema: { tags: ['devices'], params: IdParams } },
    async (req, reply) => {
      await assets.deleteDevice(db, await scope(req), req.params.id);
      opts.authenticator.clearCache();
      opts.revocations.revoked(`device:${req.params.id}`);
      return reply.status(204).send();
    },
  );
}
