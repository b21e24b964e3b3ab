// Settlement statement routes (issues 17 and 19): the list with filters, sort and cursor paging
// (server/paging.ts, as alarms and work orders), one statement, its CSV in Chinese or English
// (UTF-8 with BOM), its audit trail, and the moves issue (with the VAT invoice's number and date),
// accept and dispute. A customer's users see only issued statements (the service answers 404).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { energyService as es, statementStatuses } from '../../energy/index.ts';
import { withActorNames, type Scope } from '../../identity/index.ts';
import type { Permission } from '../../identity/index.ts';
import { CsvExportQuery, csvBom } from '../csv.ts';
import { languageOf } from '../language.ts';
import { decodeCursor, pageOf, PageQuery } from '../paging.ts';
import { Id, IdParams, Strict, Text } from '../schemas.ts';
import { TimeParam, TzParam, timeContext, parseTimeParam } from '../time.ts';

const lit = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));
const Period = Type.String({ pattern: '^\\d{4}-(\\d{2}|Q[1-4])$', maxLength: 7 });

const StatementQuery = Strict({
  contractId: Type.Optional(Id),
  customerId: Type.Optional(Id),
  period: Type.Optional(Period),
  status: Type.Optional(lit(statementStatuses)),
  from: Type.Optional({
    ...TimeParam,
    description: `periods starting at or after (local midnight of the tenant's zone): ${TimeParam.description}`,
  }),
  to: Type.Optional({ ...TimeParam, description: 'periods starting before' }),
  tz: Type.Optional(TzParam),
  sort: Type.Optional(lit(es.statementSorts)),
  ...PageQuery,
});
const IssueBody = Strict({
  invoiceNo: Type.String({
    minLength: 1,
    maxLength: 40,
    pattern: '^[0-9A-Za-z][0-9A-Za-z-]*$',
    description: 'number of the VAT invoice (发票号码), unique in the tenant',
  }),
  invoiceDate: Type.Optional(
    Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      maxLength: 10,
      description: "date of the invoice (default: today in the tenant's zone)",
    }),
  ),
  note: Type.Optional(Text),
});
const NoteBody = Strict({ note: Type.Optional(Text) });
const CsvQuery = Strict({
  ...CsvExportQuery,
  lang: Type.Optional(
    Type.Union([Type.Literal('zh-CN'), Type.Literal('en')], {
      description: 'language of the CSV (default: from Accept-Language)',
    }),
  ),
});

export async function statementRoutes(
  base: FastifyInstance,
  o: {
    deps: es.EnergyDeps;
    scope: (req: FastifyRequest) => Promise<Scope>;
    read: { permission: Permission };
    write: { permission: Permission };
    approve: { permission: Permission };
  },
) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { deps, scope, read, write, approve } = o;
  const tags = ['energy'];
  app.get(
    '/energy/statements',
    { config: read, schema: { tags, querystring: StatementQuery } },
    async (req) => {
      const s = await scope(req);
      const { from, to, tz, cursor, limit = 100, sort = 'periodStart', ...filters } = req.query;
      const ctx = await timeContext(deps.db, s.tenantId, tz);
      const { items, more } = await es.listStatements(deps, s, {
        ...filters,
        sort,
        limit,
        ...(from !== undefined ? { from: parseTimeParam('from', from, ctx) } : {}),
        ...(to !== undefined ? { to: parseTimeParam('to', to, ctx) } : {}),
        ...(cursor ? { after: decodeCursor(cursor) } : {}),
      });
      return pageOf(items, more, (x) => es.statementSortValue(x, sort));
    },
  );
  app.get(
    '/energy/statements/:id',
    { config: read, schema: { tags, params: IdParams } },
    async (req) => es.getStatement(deps, await scope(req), req.params.id),
  );
  app.get(
    '/energy/statements/:id/csv',
    { config: read, schema: { tags, params: IdParams, querystring: CsvQuery } },
    async (req, reply) => {
      const st = await es.getStatement(deps, await scope(req), req.params.id);
      const lang = req.query.lang ?? languageOf(req.headers['accept-language']);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="statement-${st.period}-${st.id}.csv"`)
        .send(csvBom(req.query.bom) + es.statementCsv(st, lang));
    },
  );
  app.get(
    '/energy/statements/:id/audit',
    { config: read, schema: { tags, params: IdParams } },
    async (req) =>
      withActorNames(deps.db, await es.statementTrail(deps, await scope(req), req.params.id), [
        'actor',
      ]),
  );
  app.post(
    '/energy/statements/:id/issue',
    { config: write, schema: { tags, params: IdParams, body: IssueBody } },
    async (req) => {
      const { note, ...invoice } = req.body;
      return es.moveStatement(deps, await scope(req), req.params.id, 'issued', note ?? '', invoice);
    },
  );
  for (const [action, to] of [
    ['accept', 'accepted'],
    ['dispute', 'disputed'],
  ] as const)
    app.post(
      `/energy/statements/:id/${action}`,
      { config: approve, schema: { tags, params: IdParams, body: NoteBody } },
      async (req) =>
        es.moveStatement(deps, await scope(req), req.params.id, to, req.body.note ?? ''),
    );
}
