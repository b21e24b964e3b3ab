// Energy platform routes (issue 6): meters and weather, performance contracts with baseline
// agreements and settlement statements, the efficiency cloud and the heating cloud. Reads need
// energy:read, changes energy:write; approving a baseline or accepting/disputing a statement needs
// contract:approve (the service decides the party from the caller's scope).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { energyService as es, meterKinds, energyUnits, touBands } from '../../energy/index.ts';
import { actorNames, type Permission } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import type { TelemetryService } from '../../telemetry/index.ts';
import { scopeOf } from '../auth.ts';
import { TimeParam, TimeValue, TzParam, timeContext, withTimes } from '../time.ts';
import { offsetAt } from '../../kernel/index.ts';
import { Id, IdParams, Key, Name, Strict, Text } from '../schemas.ts';
import { statementRoutes } from './energy-statements.ts';

const lit = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));
const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
const Share = Type.Number({ minimum: 0, maximum: 1 });
const Money = Type.Number({ minimum: 0, maximum: 1e12 });
// Times by the one parser (server/time.ts): epoch ms, ISO 8601 or now-7d; `tz` for days.
const Range = { from: TimeParam, to: TimeParam, tz: Type.Optional(TzParam) };
const BodyRange = { from: TimeValue, to: TimeValue };

const MeterBody = Strict({
  name: Name,
  kind: lit(meterKinds),
  unit: lit(energyUnits),
  source: Type.Union([
    Strict({
      kind: Type.Literal('channel'),
      assetId: Id,
      channel: Key,
      mode: lit(['interval', 'register'] as const),
    }),
    Strict({
      kind: Type.Literal('virtual'),
      terms: Type.Array(
        Strict({ meterId: Id, sign: Type.Union([Type.Literal(1), Type.Literal(-1)]) }),
        { minItems: 1, maxItems: 100 },
      ),
    }),
  ]),
});
const StationBody = Type.Union([
  Strict({
    name: Name,
    source: Type.Literal('channel'),
    assetId: Id,
    channel: Key,
    unit: lit(['C', 'F'] as const),
  }),
  Strict({ name: Name, source: Type.Literal('imported') }),
]);
const Band = lit(touBands);
const Tariff = Strict({
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  utcOffsetMin: Type.Integer({ minimum: -720, maximum: 840 }),
  prices: Strict({
    critical: Type.Optional(Money),
    peak: Type.Optional(Money),
    flat: Type.Optional(Money),
    valley: Type.Optional(Money),
  }),
  seasons: Type.Array(
    Strict({
      months: Type.Array(Type.Integer({ minimum: 1, maximum: 12 }), { minItems: 1, maxItems: 12 }),
      hours: Type.Array(Band, { minItems: 24, maxItems: 24 }),
    }),
    { minItems: 1, maxItems: 12 },
  ),
});
const Terms = Type.Union([
  Strict({ kind: Type.Literal('shared-savings'), providerShare: Share }),
  Strict({
    kind: Type.Literal('guaranteed-savings'),
    guaranteedKwhPerPeriod: Money,
    providerShareOfExcess: Share,
  }),
  Strict({
    kind: Type.Literal('energy-cost-outsourcing'),
    budgetPerPeriod: Money,
    providerShareBelowBudget: Share,
  }),
]);
const ContractBody = Strict({
  name: Name,
  customerId: Id,
  terms: Terms,
  tariff: Tariff,
  vatRate: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: 0.2,
      description: 'VAT rate of the invoices (default 0.06, energy-saving services; 0 if exempt)',
    }),
  ),
  period: lit(['month', 'quarter'] as const),
  startDate: DateStr,
  endDate: DateStr,
});
const BaselineBody = Strict({
  meterId: Id,
  periodStart: DateStr,
  periodEnd: DateStr,
  method: lit(['daily', 'billing', 'hourly'] as const),
  adjustments: Type.Array(
    Strict({
      from: DateStr,
      to: DateStr,
      kwhPerDay: Type.Number({ minimum: -1e9, maximum: 1e9 }),
      reason: Text,
    }),
    { maxItems: 100 },
  ),
  note: Type.Optional(Text),
});
const Period = Type.String({ pattern: '^\\d{4}-(\\d{2}|Q[1-4])$', maxLength: 7 });
const VersionParams = Strict({ id: Id, version: Type.Integer({ minimum: 1, maximum: 100_000 }) });
const CurvePoints = Type.Array(
  Strict({
    outdoorC: Type.Number({ minimum: -60, maximum: 60 }),
    supplyC: Type.Number({ minimum: 0, maximum: 150 }),
  }),
  { minItems: 2, maxItems: 50 },
);
const AreaKey = Type.Optional(Key);

type Approval = { by: string; at: number } | null;

/** Baselines with each approver's name beside the label, read now (identity/actor-names.ts). */
async function approvalNames<B extends { approvals: { provider: Approval; customer: Approval } }>(
  db: Db,
  rows: B[],
) {
  const names = await actorNames(
    db,
    rows.flatMap((b) => [b.approvals.provider?.by, b.approvals.customer?.by]),
  );
  const named = (a: Approval) => a && { ...a, byName: names.get(a.by) ?? null };
  return rows.map((b) => ({
    ...b,
    approvals: { provider: named(b.approvals.provider), customer: named(b.approvals.customer) },
  }));
}

export async function energyRoutes(
  base: FastifyInstance,
  opts: { db: Db; telemetry: TelemetryService },
) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const deps = { db: opts.db, telemetry: opts.telemetry };
  const scope = (req: Parameters<typeof scopeOf>[1]) => scopeOf(opts.db, req);
  const tags = ['energy'];
  const cfg = (permission: Permission): { permission: Permission } => ({ permission });
  const read = cfg('energy:read');
  const write = cfg('energy:write');
  const approve = cfg('contract:approve');

  // Meters and weather
  app.get('/energy/meters', { config: read, schema: { tags } }, async (req) =>
    es.listMeters(deps, await scope(req)),
  );
  app.post(
    '/energy/meters',
    { config: write, schema: { tags, body: MeterBody } },
    async (req, reply) =>
      reply.status(201).send(await es.createMeter(deps, await scope(req), req.body)),
  );
  app.get('/energy/meters/:id', { config: read, schema: { tags, params: IdParams } }, async (req) =>
    es.getMeter(deps, await scope(req), req.params.id),
  );
  app.get(
    '/energy/meters/:id/daily',
    {
      config: read,
      schema: {
        tags,
        params: IdParams,
        querystring: Strict({
          ...Range,
          offsetMin: Type.Optional(Type.Integer({ minimum: -720, maximum: 840 })),
        }),
      },
    },
    async (req) => {
      const s = await scope(req);
      const meter = await es.getMeter(deps, s, req.params.id);
      const q = await withTimes(opts.db, s.tenantId, req.query);
      // Days at local midnight: the offset of the request's (or tenant's) zone at `from` (China
      // keeps no daylight saving); an explicit offsetMin still wins.
      const zone = (await timeContext(opts.db, s.tenantId, req.query.tz)).timeZone;
      const days = await es.meterDaily(deps, s, meter, {
        fromMs: q.from,
        toMs: q.to,
        offsetMin: req.query.offsetMin ?? Math.round(offsetAt(q.from, zone) / 60_000),
      });
      return {
        meterId: meter.id,
        unit: meter.unit,
        days: days.map((d) => ({
          dayMs: d.dayMs,
          value: Number.isFinite(d.value) ? d.value : null,
          samples: d.samples,
        })),
      };
    },
  );
  app.get('/energy/weather-stations', { config: read, schema: { tags } }, async (req) =>
    es.listStations(deps, await scope(req)),
  );
  app.post(
    '/energy/weather-stations',
    { config: write, schema: { tags, body: StationBody } },
    async (req, reply) =>
      reply.status(201).send(await es.createStation(deps, await scope(req), req.body)),
  );
  app.post(
    '/energy/weather-stations/:id/import',
    {
      config: write,
      schema: {
        tags,
        params: IdParams,
        body: Strict({ csv: Type.String({ minLength: 1, maxLength: 5_000_000 }) }),
      },
    },
    async (req) => es.importWeatherCsv(deps, await scope(req), req.params.id, req.body.csv),
  );
  app.put(
    '/energy/sites/:site/station',
    {
      config: write,
      schema: {
        tags,
        params: Strict({ site: Type.String({ minLength: 1, maxLength: 200 }) }),
        body: Strict({ stationId: Id }),
      },
    },
    async (req) => es.linkSite(deps, await scope(req), req.params.site, req.body.stationId),
  );

  // Contracts, baselines, settlements, statements
  app.get(
    '/energy/contracts',
    { config: read, schema: { tags, querystring: Strict({ customerId: Type.Optional(Id) }) } },
    async (req) => es.listContracts(deps, await scope(req), req.query),
  );
  app.post(
    '/energy/contracts',
    { config: write, schema: { tags, body: ContractBody } },
    async (req, reply) =>
      reply.status(201).send(await es.createContract(deps, await scope(req), req.body)),
  );
  app.get(
    '/energy/contracts/:id',
    { config: read, schema: { tags, params: IdParams } },
    async (req) => es.getContract(deps, await scope(req), req.params.id),
  );
  app.get(
    '/energy/contracts/:id/baselines',
    { config: read, schema: { tags, params: IdParams } },
    async (req) =>
      approvalNames(opts.db, await es.listBaselines(deps, await scope(req), req.params.id)),
  );
  app.post(
    '/energy/contracts/:id/baselines',
    { config: write, schema: { tags, params: IdParams, body: BaselineBody } },
    async (req, reply) => {
      const { note, ...terms } = req.body;
      return reply
        .status(201)
        .send(await es.proposeBaseline(deps, await scope(req), req.params.id, terms, note ?? ''));
    },
  );
  app.post(
    '/energy/contracts/:id/baselines/:version/approve',
    { config: approve, schema: { tags, params: VersionParams } },
    async (req) => {
      const b = await es.approveBaseline(deps, await scope(req), req.params.id, req.params.version);
      return (await approvalNames(opts.db, [b]))[0];
    },
  );
  app.post(
    '/energy/settlements',
    {
      config: write,
      schema: {
        tags,
        body: Strict({
          period: Period,
          contractIds: Type.Optional(Type.Array(Id, { maxItems: 10_000 })),
        }),
      },
    },
    async (req) => ({ items: await es.settlePeriod(deps, await scope(req), req.body) }),
  );
  await statementRoutes(app, { deps, scope, read, write, approve });

  // Efficiency cloud
  app.get(
    '/energy/efficiency/assets/:id',
    {
      config: read,
      schema: {
        tags,
        params: IdParams,
        querystring: Strict({
          kind: lit(['chiller', 'boiler', 'production'] as const),
          ...Range,
          meterId: Type.Optional(Id),
          lhvKwhPerUnit: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000 })),
        }),
      },
    },
    async (req) => {
      const q = await withTimes(opts.db, (await scope(req)).tenantId, req.query);
      const base = { from: q.from, to: q.to };
      const query: es.EfficiencyQuery =
        q.kind === 'production'
          ? { kind: 'production', ...base, meterId: q.meterId ?? '' }
          : q.kind === 'boiler'
            ? {
                kind: 'boiler',
                ...base,
                ...(q.lhvKwhPerUnit ? { lhvKwhPerUnit: q.lhvKwhPerUnit } : {}),
              }
            : { kind: 'chiller', ...base };
      return es.assetEfficiency(deps, await scope(req), req.params.id, query);
    },
  );
  app.get(
    '/energy/efficiency/benchmark',
    {
      config: read,
      schema: {
        tags,
        querystring: Strict({
          modelId: Type.Optional(Id),
          customerId: Type.Optional(Id),
          ...Range,
        }),
      },
    },
    async (req) => {
      const s = await scope(req);
      return es.benchmarkChillers(deps, s, await withTimes(opts.db, s.tenantId, req.query));
    },
  );
  app.post(
    '/energy/contracts/:id/anomaly-scan',
    {
      config: write,
      schema: {
        tags,
        params: IdParams,
        body: Strict({
          ...BodyRange,
          minFraction: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
        }),
      },
    },
    async (req) => {
      const s = await scope(req);
      const body = await withTimes(opts.db, s.tenantId, req.body);
      return es.scanAnomalies(deps, s, req.params.id, body);
    },
  );
  app.get(
    '/energy/anomalies',
    { config: read, schema: { tags, querystring: Strict({ meterId: Type.Optional(Id) }) } },
    async (req) => es.listAnomalies(deps, await scope(req), req.query),
  );

  // Heating cloud
  app.put(
    '/energy/heating/curves/:scope/:id',
    {
      config: write,
      schema: {
        tags,
        params: Strict({ scope: lit(['asset', 'model'] as const), id: Id }),
        body: Strict({ points: CurvePoints }),
      },
    },
    async (req) =>
      es.setCurve(
        deps,
        await scope(req),
        { scope: req.params.scope, id: req.params.id },
        req.body.points,
      ),
  );
  app.get('/energy/heating/stations', { config: read, schema: { tags } }, async (req) =>
    es.listHeatStations(deps, await scope(req)),
  );
  app.get(
    '/energy/heating/stations/:id',
    {
      config: read,
      schema: {
        tags,
        params: IdParams,
        querystring: Strict({
          ...Range,
          areaProperty: AreaKey,
          toleranceK: Type.Optional(Type.Number({ minimum: 0, maximum: 50 })),
        }),
      },
    },
    async (req) => {
      const s = await scope(req);
      const q = await withTimes(opts.db, s.tenantId, req.query);
      return es.stationReport(deps, s, req.params.id, q);
    },
  );
  app.get(
    '/energy/heating/imbalance',
    {
      config: read,
      schema: {
        tags,
        querystring: Strict({
          modelId: Type.Optional(Id),
          customerId: Type.Optional(Id),
          site: Type.Optional(Type.String({ maxLength: 200 })),
          ...Range,
          areaProperty: AreaKey,
        }),
      },
    },
    async (req) => {
      const s = await scope(req);
      return es.stationImbalance(deps, s, await withTimes(opts.db, s.tenantId, req.query));
    },
  );
}
