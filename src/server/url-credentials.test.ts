import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl, urlCredentialParams } from './url-credentials.ts';
import { testDatabases } from '../../test/databases.ts';
import { createWorld, type World } from '../../test/http.ts';

describe('credentials in a URL', () => {
  it('names the credential-bearing parameters, u only on the InfluxDB endpoints', () => {
    expect(urlCredentialParams('/write?u=a&p=b&db=x')).toEqual(['u', 'p']);
    expect(urlCredentialParams('/api/v1/assets?token=x&q=1')).toEqual(['token']);
    expect(urlCredentialParams('/api/v1/assets?API_KEY=x')).toEqual(['API_KEY']);
    expect(urlCredentialParams('/api/v1/assets?u=3&q=p')).toEqual([]);
    expect(urlCredentialParams('/write')).toEqual([]);
  });

  it('redacts their values for logs and keeps the rest', () => {
    expect(redactUrl('/write?u=a&p=s3cret&db=plant')).toBe('/write?u=REDACTED&p=REDACTED&db=plant');
    expect(redactUrl('/api/v1/x?limit=5')).toBe('/api/v1/x?limit=5');
  });

  describe('over HTTP', () => {
    let w: World;
    beforeAll(async () => {
      w = await createWorld(testDatabases[0]!);
    });
    afterAll(async () => w?.dispose());

    it.each([
      ['/api/v1/assets?token=', 'token'],
      ['/api/v1/assets?api_key=', 'api_key'],
      ['/api/v1/assets?access_token=', 'access_token'],
      ['/write?db=plant&p=', 'p'],
    ])('refuses %s… with a 400 naming the header, even with a valid key', async (url, param) => {
      const token = w.tokens.tenant_admin;
      const r = await w.app.inject({ method: 'GET', url: `${url}${token}` });
      expect(r.statusCode).toBe(400);
      expect(r.json().code).toBe('RONGHE_BAD_REQUEST');
      expect(r.json().message).toContain(param);
      expect(r.json().message).toContain('Authorization');
      expect(r.body).not.toContain(token);
      const zh = await w.app.inject({
        method: 'GET',
        url: `${url}${token}`,
        headers: { 'accept-language': 'zh-CN' },
      });
      expect(zh.json().message).toContain('请求头');
    });

    it('takes the same key in the Authorization header', async () => {
      const r = await w.as('tenant_admin', { method: 'GET', url: '/api/v1/assets' });
      expect(r.statusCode).toBe(200);
    });
  });
});
