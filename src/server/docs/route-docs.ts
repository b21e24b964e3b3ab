// Route documentation for /openapi.json (issue #17): a summary, a description, the response
// schemas and examples of every operation, kept per context and merged into the OpenAPI
// document. test/openapi-contract.test.ts checks every answer of the demo tenant against the
// documented schema, refusing undocumented fields (response-checks.ts).
import type { FastifySchema, RouteOptions } from 'fastify';
import { Type, type TSchema } from '@sinclair/typebox';
import { ErrorResponse } from '../schemas.ts';

export interface RouteDoc {
  summary: string;
  description: string;
  /** Response schemas by status, for routes whose definition carries none. */
  response?: Record<number, TSchema | TextResponse>;
  /** An example answer of the first 2xx response. */
  example?: unknown;
  /** An example request body (of its JSON form, when the route takes several media types). */
  body?: unknown;
  /** Request media types shown with another schema than the one validating them (e.g. bytes
   * the handler reads itself, shown as `format: binary`). */
  bodyMedia?: Record<string, TSchema>;
  /** A request body that is not JSON (CSV, line protocol): its content type and an example. */
  text?: { type: string; example: string };
  /** Example query parameters. */
  query?: Record<string, unknown>;
  /** Example path parameters. */
  params?: Record<string, unknown>;
  /** A POST that computes without lasting effect: the contract test calls it with `body`. */
  safe?: boolean;
}

/** A response that is not JSON, by content type. */
export interface TextResponse {
  description: string;
  content: Record<string, { schema: TSchema; example: string }>;
}

/** Keyed by method and full URL as Fastify knows it: `GET /api/v1/assets/:id`. */
export type RouteDocs = Record<string, RouteDoc>;

type Schema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };

const withExample = (schema: unknown, example: unknown): Schema => ({
  ...(schema as Schema),
  examples: [example],
});

function documented(schema: Schema | undefined, doc: RouteDoc): Schema {
  const out: Schema = { ...(schema ?? {}), summary: doc.summary, description: doc.description };
  const response = { ...((out.response as Record<string, unknown> | undefined) ?? {}) };
  for (const [status, s] of Object.entries(doc.response ?? {}))
    if (response[status] === undefined) response[status] = s;
  const ok = Object.keys(response)
    .filter((s) => s.startsWith('2'))
    .sort()[0];
  if (ok !== undefined && doc.example !== undefined)
    response[ok] = withExample(response[ok], doc.example);
  if (Object.keys(response).length) out.response = response;
  if (out.body) out.body = documentedBody(out.body as Schema, doc);
  if (doc.text) {
    // Listed first, so a reader (and the contract walk) meets the form the example shows.
    const text = { schema: withExample({ type: 'string' }, doc.text.example) };
    const json = out.body ? { 'application/json': { schema: out.body } } : {};
    out.body = { content: { [doc.text.type]: text, ...json } };
  }
  for (const part of ['querystring', 'params'] as const) {
    const examples = part === 'params' ? doc.params : doc.query;
    const schema = out[part] as Schema | undefined;
    if (!examples || !schema?.properties) continue;
    const properties = { ...schema.properties };
    for (const [k, v] of Object.entries(examples))
      if (properties[k]) properties[k] = withExample(properties[k], v);
    out[part] = { ...schema, properties };
  }
  if (!Object.keys(response).some((s) => s.startsWith('4')))
    out.response = { ...(out.response as object), '4xx': ErrorOut };
  return out;
}

/** A body schema with the doc's example: on the JSON media type when the route takes several
 * (`body: { content: { type: { schema } } }`, which Fastify validates per type). */
function documentedBody(body: Schema, doc: RouteDoc): Schema {
  const content = body.content as Record<string, { schema: Schema }> | undefined;
  if (!content) return doc.body === undefined ? body : withExample(body, doc.body);
  const out = { ...content };
  for (const [type, schema] of Object.entries(doc.bodyMedia ?? {}))
    out[type] = { schema: schema as unknown as Schema };
  const json = out['application/json'];
  if (json && doc.body !== undefined)
    out['application/json'] = { ...json, schema: withExample(json.schema, doc.body) };
  return { ...body, content: out };
}

export const routeKey = (method: string, url: string) => `${method} ${url}`;

const methodOf = (m: string | string[]) => (Array.isArray(m) ? m.find((x) => x !== 'HEAD') : m);

/** The documented schema of one answer: the route's own, else the catalogue's. */
export function responseSchemaOf(
  docs: RouteDocs,
  route: { method: string | string[]; url: string; schema?: unknown },
  status: number,
): object | undefined {
  const own = (route.schema as { response?: Record<string, object> } | undefined)?.response;
  const doc = docs[routeKey(methodOf(route.method) ?? '', route.url)]?.response as
    Record<string, object> | undefined;
  const s = String(status);
  return own?.[s] ?? doc?.[s] ?? own?.[`${s[0]}xx`];
}

/**
 * A @fastify/swagger `transform` that merges `docs` into each operation of /openapi.json. Only
 * the document changes: Fastify still validates and serialises with the routes' own schemas,
 * so documenting a route can never drop a field from its answers.
 */
export function documentRoutes(docs: RouteDocs) {
  return ({ schema, url, route }: { schema: FastifySchema; url: string; route: RouteOptions }) => {
    const doc = docs[routeKey(methodOf(route.method) ?? '', route.url)];
    return {
      schema: doc ? (documented(schema as Schema | undefined, doc) as FastifySchema) : schema,
      url,
    };
  };
}

/** The answer of an operation that has nothing to say (204). */
export const NoContent = Type.Null({ description: 'Done; no content' });

/** A CSV answer: UTF-8 text, with a byte-order mark unless `bom=false`. */
export const Csv = (example: string): TextResponse => ({
  description: 'CSV (RFC 4180), UTF-8',
  content: { 'text/csv': { schema: Type.String(), example } },
});

/** A Server-Sent Events stream (WHATWG HTML §9.2): one `event:`/`data:` block per message. */
export const EventStream = (example: string): TextResponse => ({
  description: 'Server-Sent Events; a comment line every 15 s keeps the connection open',
  content: { 'text/event-stream': { schema: Type.String(), example } },
});

const ErrorOut = {
  ...ErrorResponse,
  description:
    'Refused: `code` is stable (the error catalogue), `message` names the field, line or rule and how to fix it',
};

/** A value or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

type Media = { example?: unknown; examples?: unknown };
type OpenApiOperation = {
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { content?: Record<string, Media> }>;
};

/**
 * A @fastify/swagger `transformObject` that puts the documented examples back as written:
 * turning JSON Schema into OpenAPI 3, the plugin walks into examples as if they were schemas,
 * so an example with a field named `properties` (an asset model's) came out as an object keyed
 * "0", "1"… instead of its array, and a reader who sent it back was refused.
 */
export function restoreExamples(docs: RouteDocs) {
  return (document: { openapiObject: object } | { swaggerObject: object }) => {
    const openapiObject = 'openapiObject' in document ? document.openapiObject : {};
    const paths = ((openapiObject as { paths?: unknown }).paths ?? {}) as Record<
      string,
      Record<string, OpenApiOperation>
    >;
    for (const [path, ops] of Object.entries(paths)) {
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      for (const [method, op] of Object.entries(ops)) {
        const doc = docs[routeKey(method.toUpperCase(), url)];
        if (!doc) continue;
        const body = op.requestBody?.content?.['application/json'];
        if (body && doc.body !== undefined) body.example = doc.body;
        const ok = Object.keys(op.responses ?? {})
          .filter((s) => s.startsWith('2'))
          .sort()[0];
        const answer = ok === undefined ? undefined : op.responses![ok]!.content;
        if (answer?.['application/json'] && doc.example !== undefined)
          answer['application/json'].example = doc.example;
      }
    }
    return openapiObject;
  };
}
