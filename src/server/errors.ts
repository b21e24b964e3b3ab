// The one place errors become HTTP responses (house style 3): RongheError by its catalogue
// status, Fastify's own errors (validation, body size, content type, bad JSON) by code, and
// anything else as a 500 whose details stay in the server log. Messages are written in the
// language the caller's Accept-Language asks for (./language.ts: zh-CN or en, English by
// default); codes, statuses and details are the same in every language.
import type { FastifyError, FastifyInstance } from 'fastify';
import {
  RongheError,
  isRongheError,
  reason,
  schemaReason,
  type ErrorBody,
  type Language,
} from '../kernel/index.ts';
import { languageOf } from './language.ts';

type Validation = NonNullable<FastifyError['validation']>[number];

function fieldOf(context: string | undefined, v: Validation): string {
  const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const extra = v.params as { additionalProperty?: string; missingProperty?: string };
  const leaf = extra.additionalProperty ?? extra.missingProperty;
  return [context, path, leaf].filter(Boolean).join('.') || context || 'input';
}

const bad = (status: number, e: RongheError, lang: Language) => ({
  status,
  body: e.toBody(lang),
});

export function toErrorResponse(
  e: unknown,
  lang: Language = 'en',
): { status: number; body: ErrorBody } {
  if (isRongheError(e)) return bad(e.status, e, lang);
  const fe = e as FastifyError;
  if (fe.validation) {
    const found = fe.validation.map((v) => ({
      field: fieldOf(fe.validationContext, v),
      why: schemaReason(v),
    }));
    const details = found.map((d) => ({ field: d.field, reason: d.why.en }));
    const message =
      lang === 'en'
        ? found.map((d) => `${d.field}: ${d.why.en}`).join('; ')
        : `输入有误 — ${found.map((d) => `${d.field}：${d.why[lang]}`).join('；')}`;
    return { status: 400, body: { code: 'RONGHE_VALIDATION', message, details } };
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return bad(
        413,
        RongheError.of('RONGHE_PAYLOAD_TOO_LARGE', {
          reason: {
            en: 'The request body is larger than the server accepts; send smaller batches.',
            'zh-CN': '请求体超过服务器接受的大小，请分批发送。',
          },
        }),
        lang,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return bad(
        415,
        RongheError.of('RONGHE_UNSUPPORTED_MEDIA_TYPE', {
          reason: reason(
            {
              en: 'Content-Type is not accepted here: {detail}',
              'zh-CN': '此处不接受该 Content-Type：{detail}',
            },
            { detail: fe.message },
          ),
        }),
        lang,
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return bad(
        400,
        RongheError.of('RONGHE_BAD_REQUEST', {
          reason: { en: 'The JSON body is empty.', 'zh-CN': 'JSON 请求体为空。' },
        }),
        lang,
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return bad(400, notJson(fe.message), lang);
  }
  if (fe instanceof SyntaxError || (fe.statusCode === 400 && /JSON/i.test(fe.message))) {
    return bad(400, notJson(fe.message), lang);
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return bad(fe.statusCode, new RongheError('RONGHE_BAD_REQUEST', fe.message), lang);
  }
  return bad(
    500,
    RongheError.of('RONGHE_INTERNAL', {
      reason: {
        en: 'Unexpected server error; the server log has the details.',
        'zh-CN': '意外的服务器错误。',
      },
    }),
    lang,
  );
}

const notJson = (detail: string) =>
  RongheError.of('RONGHE_BAD_REQUEST', {
    reason: reason(
      { en: 'The body is not valid JSON: {detail}', 'zh-CN': '请求体不是有效的 JSON：{detail}' },
      { detail },
    ),
  });

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const lang = languageOf(request.headers['accept-language']);
    const { status, body } = toErrorResponse(err, lang);
    if (status >= 500) request.log.error({ err }, 'request failed');
    if (status === 429 && isRongheError(err)) {
      const d = err.details as { retryAfterS?: number } | undefined;
      void reply.header('retry-after', String(d?.retryAfterS ?? 1));
    }
    void reply.header('content-language', lang).header('vary', 'accept-language');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const lang = languageOf(request.headers['accept-language']);
    const route = `${request.method} ${request.url.split('?')[0]}`;
    const e = RongheError.of('RONGHE_NOT_FOUND', {
      resource: { en: 'Route', 'zh-CN': '接口' },
      id: route,
    });
    // The English text predates the templates and clients match it: "No route GET /x."
    const message = lang === 'en' ? `No route ${route}.` : e.messageIn(lang);
    void reply.header('content-language', lang).header('vary', 'accept-language');
    return reply.status(404).send({ code: 'RONGHE_NOT_FOUND', message });
  });
}
