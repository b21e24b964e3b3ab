// Error messages in the caller's language (Accept-Language, RFC 9110 §12.5.4): Chinese when the
// caller prefers Chinese, English otherwise; the code, status and details never change.
import Fastify from 'fastify';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import {
  errorCatalogue,
  invalid,
  invalidData,
  notFound,
  reason,
  RongheError,
} from '../kernel/index.ts';
import { registerErrorHandling } from './errors.ts';
import { languageOf } from './language.ts';

describe('languageOf', () => {
  it('takes the most preferred language range we write in; English otherwise', () => {
    expect(languageOf(undefined)).toBe('en');
    expect(languageOf('')).toBe('en');
    expect(languageOf('zh-CN')).toBe('zh-CN');
    expect(languageOf('zh')).toBe('zh-CN');
    expect(languageOf('zh-Hans-CN,zh;q=0.9')).toBe('zh-CN');
    expect(languageOf('zh-TW')).toBe('zh-CN');
    expect(languageOf('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en');
    expect(languageOf('fr-FR, zh-CN;q=0.7, en;q=0.5')).toBe('zh-CN');
    expect(languageOf('en;q=0.3, ZH-cn;q=0.8')).toBe('zh-CN');
    expect(languageOf('zh-CN;q=0, en;q=0.1')).toBe('en');
    expect(languageOf('fr, de')).toBe('en');
    expect(languageOf('*')).toBe('en');
    expect(languageOf('zh-CN;q=abc')).toBe('en');
  });
});

describe('error catalogue templates', () => {
  it('gives every entry a title and a message template in both languages', () => {
    for (const [code, e] of Object.entries(errorCatalogue)) {
      for (const lang of ['zh-CN', 'en'] as const) {
        expect(e.title[lang], `${code} ${lang}`).toMatch(/\S/);
        expect(e.message[lang], `${code} ${lang}`).toMatch(/\{\w+\}/);
      }
      // Both templates take the same parameters, so one set of params fills either.
      const names = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(e.message['zh-CN']), code).toEqual(names(e.message.en));
    }
  });

  it('keeps the English text of the helpers and renders Chinese from the same parameters', () => {
    const nf = notFound('Asset', 'CHL-9');
    expect(nf.message).toBe("Asset 'CHL-9' was not found.");
    expect(nf.messageIn('zh-CN')).toBe('未找到资产“CHL-9”。');
    const bad = invalid(
      'start',
      reason({ en: 'must be after {t}', 'zh-CN': '必须晚于 {t}' }, { t: 5 }),
    );
    expect(bad.message).toBe('start: must be after 5');
    expect(bad.messageIn('zh-CN')).toBe('输入有误 — start：必须晚于 5');
    const data = invalidData(
      { file: 'a.csv', line: 7, field: 'value' },
      { en: 'not a number: "x"', 'zh-CN': '不是数字：“x”' },
    );
    expect(data.message).toBe('a.csv, line 7, value: not a number: "x"');
    expect(data.messageIn('zh-CN')).toBe('数据格式有误 — a.csv，第 7 行，value：不是数字：“x”');
    // Thrown with English text only: the Chinese title, then that text.
    const plain = new RongheError('RONGHE_CONFLICT', 'email: taken.');
    expect(plain.messageIn('zh-CN')).toBe('与现有数据冲突：email: taken.');
    expect(() => RongheError.of('RONGHE_NOT_FOUND', { id: 'x' })).toThrow(/parameters/);
  });
});

describe('HTTP error responses by Accept-Language', () => {
  const app = Fastify();
  registerErrorHandling(app);
  app.get('/asset', async () => {
    throw notFound('Asset', 'CHL-9');
  });
  app.post(
    '/thing',
    {
      schema: {
        body: Type.Object({ n: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      },
    },
    async () => ({}),
  );
  const get = (url: string, lang?: string) =>
    app.inject({ method: 'GET', url, headers: lang ? { 'accept-language': lang } : {} });

  it('answers in English without the header and in Chinese when asked, same code and details', async () => {
    const en = await get('/asset');
    const zh = await get('/asset', 'zh-CN,zh;q=0.9,en;q=0.8');
    expect(en.statusCode).toBe(404);
    expect(zh.statusCode).toBe(404);
    expect(en.json()).toEqual({
      code: 'RONGHE_NOT_FOUND',
      message: "Asset 'CHL-9' was not found.",
      details: { resource: 'Asset', id: 'CHL-9' },
    });
    expect(zh.json()).toEqual({ ...en.json(), message: '未找到资产“CHL-9”。' });
    expect(zh.headers['content-language']).toBe('zh-CN');
    expect(en.headers['content-language']).toBe('en');
    expect(zh.headers.vary).toMatch(/accept-language/i);
  });

  it('words schema validation and unknown routes in Chinese', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/thing',
      headers: { 'accept-language': 'zh' },
      payload: { n: 0, extra: 1 },
    });
    expect(r.statusCode).toBe(400);
    const body = r.json<{ code: string; message: string; details: unknown[] }>();
    expect(body.code).toBe('RONGHE_VALIDATION');
    expect(body.message).toBe('输入有误 — body.n：不能小于 1');
    const en = await app.inject({ method: 'POST', url: '/thing', payload: { n: 0, extra: 1 } });
    expect(en.json<{ message: string }>().message).toBe('body.n: must be >= 1');
    expect(en.json<{ details: unknown }>().details).toEqual(body.details);
    expect((await get('/nowhere', 'zh-CN')).json()).toEqual({
      code: 'RONGHE_NOT_FOUND',
      message: '未找到接口“GET /nowhere”。',
    });
    expect((await get('/nowhere')).json<{ message: string }>().message).toBe(
      'No route GET /nowhere.',
    );
  });
});
