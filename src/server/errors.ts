// The one place errors become HTTP responses (house style 3): RongheError by its catalogue
// status, Fastify's own errors (validation, body size, content type, bad JSON) by code, and
// anything else as a 500 whose details stay in the server log.
import type { FastifyError, FastifyInstance } from 'fastify';
import { RongheError, isRongheError, type ErrorBody } from '../kernel/index.ts';

type Validation = NonNullable<FastifyError['validation']>[number];

function fieldOf(context: string | undefined, v: Validation): string {
  const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const extra = v.params as { additionalProperty?: string; missingProperty?: string };
  const leaf = extra.additionalProperty ?? extra.missingProperty;
  return [context, path, leaf].filter(Boolean).join('.') || context || 'input';
}

function describe(v: Validation): string {
  const p = v.params as {
    additionalProperty?: string;
    missingProperty?: string;
    limit?: number;
    allowedValues?: unknown[];
  };
  switch (v.keyword) {
    case 'additionalProperties':
      return `unknown field '${p.additionalProperty}'`;
    case 'required':
      return 'is required';
    case 'enum':
      return `must be one of ${(p.allowedValues ?? []).join(', ')}`;
    default:
      return v.message ?? 'is invalid';
  }
}

export function toErrorResponse(e: unknown): { status: number; body: ErrorBody } {
  if (isRongheError(e)) return { status: e.status, body: e.toBody() };
  const fe = e as FastifyError;
  if (fe.validation) {
    const details = fe.validation.map((v) => ({
      field: fieldOf(fe.validationContext, v),
      reason: describe(v),
    }));
    const message = details.map((d) => `${d.field}: ${d.reason}`).join('; ');
    return { status: 400, body: { code: 'RONGHE_VALIDATION', message, details } };
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: new RongheError(
          'RONGHE_PAYLOAD_TOO_LARGE',
          'The request body is larger than the server accepts; send smaller batches.',
        ).toBody(),
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: new RongheError(
          'RONGHE_UNSUPPORTED_MEDIA_TYPE',
          `Content-Type is not accepted here: ${fe.message}`,
        ).toBody(),
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        body: new RongheError('RONGHE_BAD_REQUEST', 'The JSON body is empty.').toBody(),
      };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        status: 400,
        body: new RongheError(
          'RONGHE_BAD_REQUEST',
          `The body is not valid JSON: ${fe.message}`,
        ).toBody(),
      };
  }
  if (fe instanceof SyntaxError || (fe.statusCode === 400 && /JSON/i.test(fe.message))) {
    return {
      status: 400,
      body: new RongheError(
        'RONGHE_BAD_REQUEST',
        `The body is not valid JSON: ${fe.message}`,
      ).toBody(),
    };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: { code: 'RONGHE_BAD_REQUEST', message: fe.message } };
  }
  return {
    status: 500,
    body: new RongheError(
      'RONGHE_INTERNAL',
      'Unexpected server error; the server log has the details.',
    ).toBody(),
  };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const { status, body } = toErrorResponse(err);
    if (status >= 500) request.log.error({ err }, 'request failed');
    if (status === 429 && isRongheError(err)) {
      const d = err.details as { retryAfterS?: number } | undefined;
      void reply.header('retry-after', String(d?.retryAfterS ?? 1));
    }
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      code: 'RONGHE_NOT_FOUND',
      message: `No route ${request.method} ${request.url.split('?')[0]}.`,
    }),
  );
}
