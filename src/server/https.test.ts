// Issue 26 (GB/T 22239-2019 8.1.2.2, 8.1.4.8 a): the platform serves HTTPS itself — TLS 1.2 and
// up, HSTS on every answer, the session cookie Secure — and then has no plain HTTP listener.
// The certificate is self-signed by openssl for the test and trusted explicitly as the CA.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { DEMO_ADMIN_EMAIL } from '../demo.ts';
import { startPlatform, type Platform } from '../main.ts';

const dir = mkdtempSync(join(tmpdir(), 'ronghe-https-'));
const cert = join(dir, 'cert.pem');
const key = join(dir, 'key.pem');

function get(
  url: string,
  opts: object = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const u = new URL(url);
  const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, { method: 'GET', ...opts });
  return new Promise((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS of its own', () => {
  let p: Platform;
  beforeAll(async () => {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
        .concat(['-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'])
        .concat(['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost']),
      { stdio: 'ignore' },
    );
    const config = loadConfig(
      { RONGHE_HTTPS: '1', RONGHE_TLS_CERT: cert, RONGHE_TLS_KEY: key, RONGHE_MQTT_PORT: '0' },
      { dataDir: join(dir, 'data'), host: '127.0.0.1', port: 0, demo: true, simulate: false },
    );
    expect(config.cookieSecure).toBe(true);
    p = await startPlatform(config, { log: () => undefined });
  });
  afterAll(async () => {
    await p?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers over TLS with HSTS, and refuses plain HTTP and TLS 1.1 on the same port', async () => {
    expect(p.url).toMatch(/^https:\/\//);
    const ok = await get(`${p.url}/healthz`, { ca: readFileSync(cert) });
    expect(ok.status).toBe(200);
    expect(ok.headers['strict-transport-security']).toBe('max-age=31536000');
    await expect(get(`${p.url.replace('https:', 'http:')}/healthz`)).rejects.toThrow();
    await expect(
      get(`${p.url}/healthz`, {
        ca: readFileSync(cert),
        maxVersion: 'TLSv1.1',
        minVersion: 'TLSv1',
      }),
    ).rejects.toThrow();
    // An untrusted certificate is refused by a client that checks it.
    await expect(get(`${p.url}/healthz`)).rejects.toThrow(/self[- ]signed|certificate/i);
  });

  it('sets the session cookie Secure', async () => {
    const u = new URL(`${p.url}/api/v1/auth/login`);
    const body = JSON.stringify({ email: DEMO_ADMIN_EMAIL, password: p.demo!.adminPassword! });
    const res = await new Promise<{ status: number; cookie: string }>((resolve, reject) => {
      const req = httpsRequest(u, {
        method: 'POST',
        ca: readFileSync(cert),
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      req.on('response', (r) => {
        r.resume();
        resolve({ status: r.statusCode!, cookie: String(r.headers['set-cookie']) });
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(res.status).toBe(200);
    expect(res.cookie).toMatch(/;\s*Secure/i);
  });
});
