// Response checking for the contract test (RONGHE_VALIDATE_RESPONSES / `validateResponses`):
// before Fastify serialises an answer, the handler's value — as JSON would carry it — is checked
// against the documented response schema with undocumented fields refused. The serialiser
// (fast-json-stringify) would otherwise drop a field the schema misses and write a null as 0
// where a number is documented, both silently; here either becomes a 500 naming the field.
import type { FastifyInstance } from 'fastify';
import { Ajv, type ValidateFunction } from 'ajv';
import { RongheError } from '../kernel/index.ts';
import { responseSchemaOf, type RouteDocs } from './docs/route-docs.ts';

/** A copy of `schema` whose objects refuse properties they do not declare. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    // Examples are data, not schemas: leave them as they are.
    out[k] = k === 'examples' || k === 'example' ? v : closed(v);
  }
  const s = schema as Record<string, unknown>;
  const isObject = s.type === 'object' || s.properties !== undefined;
  if (isObject && s.additionalProperties === undefined && s.patternProperties === undefined)
    out.additionalProperties = false;
  return out;
}

export function registerResponseChecks(app: FastifyInstance, docs: RouteDocs): void {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const compiled = new WeakMap<object, ValidateFunction>();
  app.addHook('preSerialization', async (request, reply, payload) => {
    const status = String(reply.statusCode);
    const { method, url, schema: own } = request.routeOptions;
    const schema = url
      ? responseSchemaOf(docs, { method, url, schema: own }, reply.statusCode)
      : undefined;
    if (!schema || 'content' in schema) return payload;
    let validate = compiled.get(schema);
    if (!validate) compiled.set(schema, (validate = ajv.compile(closed(schema) as object)));
    const value: unknown = JSON.parse(JSON.stringify(payload) ?? 'null');
    if (!validate(value))
      throw new RongheError('RONGHE_INTERNAL', {
        en: `${request.method} ${request.routeOptions.url} answered ${status} unlike its documented schema: ${ajv.errorsText(validate.errors, { dataVar: 'response' })}`,
        'zh-CN': `${request.method} ${request.routeOptions.url} 的 ${status} 应答与文档中的模式不符：${ajv.errorsText(validate.errors, { dataVar: 'response' })}`,
      });
    return payload;
  });
}
