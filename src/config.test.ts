import { fileURLToPath } from 'node:url';
// Configuration from the environment: alarm e-mail settings are parsed once at startup, and a
// bad value stops the start with a message that names the variable (and never the password).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { terminalLanguage } from './cli/main.ts';

const from = 'alarms@acme.example';

describe('cluster mode (RONGHE_NATS)', () => {
  it('is off by default; takes a list of nats:// URLs and a node id, naming a bad one', () => {
    expect(loadConfig({}).nats).toBeUndefined();
    const env = { RONGHE_NATS: 'nats://n1:4222, nats://n2:4222,', RONGHE_NODE_ID: 'node-1' };
    expect(loadConfig(env)).toMatchObject({
      nats: ['nats://n1:4222', 'nats://n2:4222'],
      nodeId: 'node-1',
    });
    expect(() => loadConfig({ RONGHE_NATS: 'http://n1:4222' })).toThrow(
      /^RONGHE_NATS: 'http:\/\/n1:4222' is not a nats:\/\/host:port URL/,
    );
    expect(() => loadConfig({ RONGHE_NATS: ' , ' })).toThrow(/^RONGHE_NATS: expected nats:/);
    expect(() => loadConfig({ RONGHE_NODE_ID: 'a.b' })).toThrow(/^RONGHE_NODE_ID: 'a.b'/);
  });
});

describe('external MQTT 5 broker', () => {
  it('is off by default, needs an API key with its URL, and names the variable', () => {
    expect(loadConfig({}).mqttUpstream).toBeUndefined();
    const url = 'mqtt://mosquitto:1883';
    expect(() => loadConfig({ RONGHE_MQTT_UPSTREAM_URL: url })).toThrow(
      /^RONGHE_MQTT_UPSTREAM_API_KEY: required with RONGHE_MQTT_UPSTREAM_URL/,
    );
    expect(() => loadConfig({ RONGHE_MQTT_UPSTREAM_URL: 'http://x' })).toThrow(
      /^RONGHE_MQTT_UPSTREAM_URL: expected mqtt:/,
    );
    const env = {
      RONGHE_MQTT_UPSTREAM_URL: url,
      RONGHE_MQTT_UPSTREAM_API_KEY: 'rk_x',
      RONGHE_MQTT_UPSTREAM_USERNAME: 'ronghe',
    };
    expect(loadConfig(env).mqttUpstream).toEqual({ url, apiKey: 'rk_x', username: 'ronghe' });
  });
});

describe('live stream limit', () => {
  it('defaults to 8 streams per principal and refuses a limit below 1, naming the variable', () => {
    expect(loadConfig({}).sseMaxPerPrincipal).toBe(8);
    expect(loadConfig({ RONGHE_SSE_MAX_PER_PRINCIPAL: '3' }).sseMaxPerPrincipal).toBe(3);
    for (const v of ['0', '-1', 'many'])
      expect(() => loadConfig({ RONGHE_SSE_MAX_PER_PRINCIPAL: v }), v).toThrow(
        /^RONGHE_SSE_MAX_PER_PRINCIPAL: expected a (positive|non-negative) integer/,
      );
  });
});

describe('security configuration', () => {
  it('checks the connectors sealing key before anything is written', () => {
    expect(() => loadConfig({ RONGHE_SECRET_KEY: 'abc' })).toThrow(
      /^RONGHE_SECRET_KEY: expected 64 hex characters/,
    );
    expect(() => loadConfig({ RONGHE_SECRET_KEY: 'ab'.repeat(32) })).not.toThrow();
  });

  it('reads the security profile and refuses an unknown one or a weaker rule under mlps3', () => {
    expect(loadConfig({}).security).toMatchObject({ profile: 'standard', auditHash: 'sha256' });
    const key = 'ab'.repeat(32);
    const mlps = loadConfig({
      RONGHE_SECURITY_PROFILE: 'mlps3',
      RONGHE_AUDIT_HASH: 'sm3',
      RONGHE_SECRET_KEY: key,
    });
    expect(mlps.security).toMatchObject({
      password: { classes: 3, history: 5, maxAgeDays: 90 },
      session: { idleMinutes: 15, lifetimeHours: 8 },
      auditHash: 'sm3',
    });
    expect(() => loadConfig({ RONGHE_SECURITY_PROFILE: 'lax' })).toThrow(
      /^RONGHE_SECURITY_PROFILE: expected one of standard, mlps3/,
    );
    expect(() =>
      loadConfig({
        RONGHE_SECURITY_PROFILE: 'mlps3',
        RONGHE_PASSWORD_CLASSES: '2',
        RONGHE_SECRET_KEY: key,
      }),
    ).toThrow(/^RONGHE_PASSWORD_CLASSES/);
    expect(() => loadConfig({ RONGHE_HTTPS: '1' })).toThrow(/^RONGHE_TLS_CERT/);
  });

  it('reads TLS to PostgreSQL and refuses a CA file that is missing or without a verify mode', () => {
    const pgUrl = 'postgres://ronghe@db.example:5432/ronghe';
    expect(loadConfig({}).security?.databaseSsl).toBeNull();
    expect(loadConfig({ RONGHE_DATABASE_SSL: 'require' }).security?.databaseSsl).toEqual({
      mode: 'require',
    });
    const ca = fileURLToPath(import.meta.url); // any existing file stands for the CA here
    expect(
      loadConfig({ RONGHE_DATABASE_SSL: 'verify-full', RONGHE_DATABASE_SSL_CA: ca }).security
        ?.databaseSsl,
    ).toEqual({ mode: 'verify-full', caFile: ca });
    expect(() => loadConfig({ RONGHE_DATABASE_SSL: 'prefer' })).toThrow(
      /^RONGHE_DATABASE_SSL: expected one of disable, require, verify-ca, verify-full/,
    );
    expect(() =>
      loadConfig({ RONGHE_DATABASE_SSL: 'verify-full', RONGHE_DATABASE_SSL_CA: '/no/ca.pem' }),
    ).toThrow(/^RONGHE_DATABASE_SSL_CA: no such file/);
    expect(() => loadConfig({ RONGHE_DATABASE_SSL_CA: ca })).toThrow(/^RONGHE_DATABASE_SSL_CA/);
    expect(() =>
      loadConfig({
        RONGHE_DATABASE_SSL: 'require',
        RONGHE_DATABASE_URL: `${pgUrl}?sslmode=disable`,
      }),
    ).toThrow(/^RONGHE_DATABASE_URL: remove sslmode/);
    expect(() =>
      loadConfig({ RONGHE_SECURITY_PROFILE: 'mlps3', RONGHE_DATABASE_URL: pgUrl }),
    ).toThrow(/^RONGHE_DATABASE_SSL: .*mlps3/);
    // The personal-data key: required with PostgreSQL and under mlps3, never a file beside it.
    expect(() => loadConfig({ RONGHE_DATABASE_URL: pgUrl })).toThrow(
      /^RONGHE_SECRET_KEY: required with PostgreSQL/,
    );
    expect(() => loadConfig({ RONGHE_SECURITY_PROFILE: 'mlps3' })).toThrow(
      /^RONGHE_SECRET_KEY: required with RONGHE_SECURITY_PROFILE=mlps3/,
    );
    const sm4 = loadConfig({ RONGHE_FIELD_CIPHER: 'sm4-ctr-hmac-sm3' }).security;
    expect(sm4?.fieldCipher).toBe('sm4-ctr-hmac-sm3');
    expect(sm4?.secretKey).toBeNull();
  });

  it('reads the audit export target and refuses a malformed one', () => {
    expect(loadConfig({}).security?.auditExport).toBeNull();
    expect(
      loadConfig({ RONGHE_AUDIT_EXPORT: 'syslog+tcp://siem.example:601' }).security?.auditExport,
    ).toEqual({ protocol: 'syslog+tcp', host: 'siem.example', port: 601, queueLimit: 10_000 });
    expect(
      loadConfig({ RONGHE_AUDIT_EXPORT: 'jsonl+tcp://[::1]:5170', RONGHE_AUDIT_EXPORT_QUEUE: '50' })
        .security?.auditExport,
    ).toMatchObject({ host: '::1', port: 5170, queueLimit: 50 });
    expect(() => loadConfig({ RONGHE_AUDIT_EXPORT: 'syslog://siem:514' })).toThrow(
      /^RONGHE_AUDIT_EXPORT: expected syslog\+udp:\/\/host:port/,
    );
    expect(() =>
      loadConfig({ RONGHE_AUDIT_EXPORT: 'syslog+udp://siem:514', RONGHE_AUDIT_EXPORT_CA: '/x' }),
    ).toThrow(/^RONGHE_AUDIT_EXPORT_CA: only used with syslog\+tls/);
  });
});

describe('webhook and console address configuration', () => {
  it('refuses private webhook addresses unless RONGHE_WEBHOOK_ALLOW_PRIVATE is true', () => {
    expect(loadConfig({}).webhookAllowPrivate).toBe(false);
    expect(loadConfig({ RONGHE_WEBHOOK_ALLOW_PRIVATE: 'true' }).webhookAllowPrivate).toBe(true);
    expect(() => loadConfig({ RONGHE_WEBHOOK_ALLOW_PRIVATE: 'maybe' })).toThrow(
      /^RONGHE_WEBHOOK_ALLOW_PRIVATE: expected true or false/,
    );
  });

  it('reads RONGHE_PUBLIC_URL for the links in alarm e-mail', () => {
    const mail = { RONGHE_SMTP_URL: 'smtps://mail.acme.example', RONGHE_ALARM_MAIL_FROM: from };
    expect(
      loadConfig({ ...mail, RONGHE_PUBLIC_URL: 'https://ronghe.acme.example/console/' }).alarmMail
        ?.consoleUrl,
    ).toBe('https://ronghe.acme.example/console');
    expect(() => loadConfig({ ...mail, RONGHE_PUBLIC_URL: 'ftp://x' })).toThrow(
      /^RONGHE_PUBLIC_URL: expected http/,
    );
  });
});

describe('alarm e-mail configuration', () => {
  it('is off without RONGHE_SMTP_URL', () => {
    expect(loadConfig({}).alarmMail).toBeNull();
    expect(loadConfig({ RONGHE_SMTP_URL: '' }).alarmMail).toBeNull();
  });

  it('reads smtp:// and smtps:// URLs with user, password and default ports', () => {
    expect(
      loadConfig({
        RONGHE_SMTP_URL: 'smtp://svc%40acme:p%3Ass@mail.acme.example:2525',
        RONGHE_ALARM_MAIL_FROM: from,
      }).alarmMail,
    ).toEqual({
      smtp: {
        host: 'mail.acme.example',
        port: 2525,
        secure: false,
        user: 'svc@acme',
        password: 'p:ss',
      },
      from,
      consoleUrl: 'http://localhost:8080',
    });
    expect(
      loadConfig({ RONGHE_SMTP_URL: 'smtps://mail.acme.example', RONGHE_ALARM_MAIL_FROM: from })
        .alarmMail,
    ).toEqual({
      smtp: { host: 'mail.acme.example', port: 465, secure: true },
      from,
      consoleUrl: 'http://localhost:8080',
    });
    expect(
      loadConfig({ RONGHE_SMTP_URL: 'smtp://127.0.0.1', RONGHE_ALARM_MAIL_FROM: from }).alarmMail
        ?.smtp,
    ).toEqual({ host: '127.0.0.1', port: 25, secure: false });
  });

  it('refuses a bad URL naming RONGHE_SMTP_URL and the expected form, without the password', () => {
    const cases: Array<[string, RegExp]> = [
      ['mail.acme.example:25', /^RONGHE_SMTP_URL: scheme 'mail\.acme\.example' is not smtp/],
      ['not a url', /^RONGHE_SMTP_URL: not a URL; expected smtp:\/\/user:password@host:port/],
      ['http://u:topsecret@mail.acme.example', /^RONGHE_SMTP_URL: scheme 'http' is not smtp/],
      ['smtp://u:topsecret@mail.acme.example:99999', /^RONGHE_SMTP_URL: not a URL/],
      ['smtp://mail.acme.example/inbox', /^RONGHE_SMTP_URL: unexpected path or query/],
      ['smtp://:topsecret@mail.acme.example', /^RONGHE_SMTP_URL: a password without a user/],
    ];
    for (const [url, message] of cases) {
      const load = () => loadConfig({ RONGHE_SMTP_URL: url, RONGHE_ALARM_MAIL_FROM: from });
      expect(load, url).toThrow(message);
      expect(load, url).not.toThrow(/topsecret/);
    }
  });

  it('requires a plain sender address with the URL', () => {
    expect(() => loadConfig({ RONGHE_SMTP_URL: 'smtp://127.0.0.1' })).toThrow(
      /^RONGHE_ALARM_MAIL_FROM: required when RONGHE_SMTP_URL is set/,
    );
    expect(() =>
      loadConfig({ RONGHE_SMTP_URL: 'smtp://127.0.0.1', RONGHE_ALARM_MAIL_FROM: 'Alarms <a@b>' }),
    ).toThrow(/^RONGHE_ALARM_MAIL_FROM: expected an address like alarms@example\.com/);
  });
});

describe('every variable is checked when the configuration is loaded', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [
      { RONGHE_LOG_LEVEL: 'verbose' },
      /^RONGHE_LOG_LEVEL: expected one of trace, debug, info, warn, error, fatal, silent, got 'verbose'$/,
    ],
    [{ RONGHE_PORT: '80a' }, /^RONGHE_PORT: expected an integer from 0 to 65535, got '80a'$/],
    [{ RONGHE_PORT: '70000' }, /^RONGHE_PORT: expected an integer from 0 to 65535/],
    [{ RONGHE_MQTT_PORT: '-1' }, /^RONGHE_MQTT_PORT: expected an integer from 0 to 65535/],
    [{ RONGHE_MQTT_PORT: '1.5' }, /^RONGHE_MQTT_PORT: expected an integer/],
    [{ RONGHE_BODY_LIMIT: '1e6' }, /^RONGHE_BODY_LIMIT: expected an integer from 1024/],
    [{ RONGHE_BODY_LIMIT: '10' }, /^RONGHE_BODY_LIMIT: expected an integer from 1024/],
    [{ RONGHE_DEMO: 'maybe' }, /^RONGHE_DEMO: expected true or false, got 'maybe'$/],
    [{ RONGHE_SIMULATE: 'off' }, /^RONGHE_SIMULATE: expected true or false/],
    [{ RONGHE_COOKIE_SECURE: '2' }, /^RONGHE_COOKIE_SECURE: expected true or false/],
    [{ RONGHE_HOST: 'local host' }, /^RONGHE_HOST: expected a host name or IP address/],
    [
      { RONGHE_DATABASE_URL: 'mysql://root@db/ronghe' },
      /^RONGHE_DATABASE_URL: scheme 'mysql' is not postgres/,
    ],
    [{ RONGHE_DATABASE_URL: 'postgres://u:topsecret@[bad/db' }, /^RONGHE_DATABASE_URL: not a URL/],
    [{ RONGHE_ADMIN_PASSWORD: 'short' }, /^RONGHE_ADMIN_PASSWORD: must be at least 8 characters$/],
    [{ RONGHE_METRICS_TOKEN: 'abc' }, /^RONGHE_METRICS_TOKEN: must be at least 16 characters$/],
  ];
  it.each(cases)('%o is refused with one line naming the variable', (env, message) => {
    const load = () => loadConfig(env);
    expect(load).toThrow(message);
    expect(load).not.toThrow(/topsecret|\n/);
  });

  it('takes good values, with log levels in any case and ports at the ends of the range', () => {
    const c = loadConfig({
      RONGHE_LOG_LEVEL: 'WARN',
      RONGHE_PORT: '0',
      RONGHE_MQTT_PORT: '65535',
      RONGHE_HOST: '::1',
      RONGHE_DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/ronghe',
      RONGHE_SECRET_KEY: '0f'.repeat(32),
      RONGHE_METRICS_TOKEN: 'a-metrics-token-of-32-characters',
    });
    expect(c).toMatchObject({
      logLevel: 'warn',
      port: 0,
      mqttPort: 65535,
      host: '::1',
      databaseUrl: 'postgresql://postgres@127.0.0.1:5432/ronghe',
      metricsToken: 'a-metrics-token-of-32-characters',
    });
    expect(loadConfig({ RONGHE_DATABASE_URL: '/var/lib/ronghe/r.db' }).databaseUrl).toBe(
      '/var/lib/ronghe/r.db',
    );
  });
});

describe('ronghe start with a bad log level', () => {
  it('exits 1 with one line naming the variable, before migrations touch the data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ronghe-config-'));
    const data = join(dir, 'data');
    try {
      const env = { ...process.env, LC_ALL: 'C.UTF-8', RONGHE_LOG_LEVEL: 'verbose' };
      const args = ['bin/ronghe.js', 'start', '--data', data, '--port', '0', '--mqtt-port', '0'];
      const failed = await promisify(execFile)(process.execPath, args, {
        env,
        timeout: 60_000,
      }).then(
        () => undefined,
        (e: unknown) => e as { code: number; stderr: string },
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toBe(
        "ronghe start: RONGHE_VALIDATION: RONGHE_LOG_LEVEL: expected one of trace, debug, info, warn, error, fatal, silent, got 'verbose'\n",
      );
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ronghe start in a Chinese locale', () => {
  it('prints the bad variable in Chinese when LANG or LC_ALL is Chinese (issue #17)', async () => {
    expect(terminalLanguage({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(terminalLanguage({ LC_ALL: 'C.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(terminalLanguage({})).toBe('en');
    const dir = mkdtempSync(join(tmpdir(), 'ronghe-config-'));
    try {
      const env = { ...process.env, LC_ALL: 'zh_CN.UTF-8', RONGHE_DURABILITY: 'sometimes' };
      const args = ['bin/ronghe.js', 'start', '--data', join(dir, 'data'), '--port', '0'];
      const failed = await promisify(execFile)(process.execPath, args, {
        env,
        timeout: 60_000,
      }).then(
        () => undefined,
        (e: unknown) => e as { code: number; stderr: string },
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toBe(
        'ronghe start: RONGHE_VALIDATION: 配置项 RONGHE_DURABILITY 有误：应为 fsync 或 os，实为“sometimes”\n',
      );
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ronghe start with a bad alarm e-mail setting', () => {
  it('exits 1 with one line naming the variable, before touching the data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ronghe-config-'));
    const data = join(dir, 'data');
    try {
      const env = {
        ...process.env,
        RONGHE_SMTP_URL: 'smtp://svc:topsecret@mail.acme.example:smtp',
        RONGHE_ALARM_MAIL_FROM: from,
      };
      const args = ['bin/ronghe.js', 'start', '--data', data, '--port', '0', '--mqtt-port', '0'];
      const failed = await promisify(execFile)(process.execPath, args, { env }).then(
        () => undefined,
        (e: unknown) => e as { code: number; stderr: string },
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toBe(
        'ronghe start: RONGHE_VALIDATION: RONGHE_SMTP_URL: not a URL; expected smtp://user:password@host:port, or smtps://… for implicit TLS\n',
      );
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('MQTT configuration', () => {
  it('defaults to a 1 MiB packet limit and no TLS listener', () => {
    const c = loadConfig({});
    expect(c.mqttMaxPacketBytes).toBe(1024 * 1024);
    expect(c.mqttTlsPort).toBeNull();
    expect(c.tls).toBeNull();
  });

  it('reads RONGHE_MQTT_MAX_PACKET and refuses sizes outside 1 KiB to 256 MiB', () => {
    expect(loadConfig({ RONGHE_MQTT_MAX_PACKET: '65536' }).mqttMaxPacketBytes).toBe(65536);
    expect(() => loadConfig({ RONGHE_MQTT_MAX_PACKET: '100' })).toThrow(
      /^RONGHE_MQTT_MAX_PACKET: expected 1024 to 268435460 bytes, got 100/,
    );
    expect(() => loadConfig({ RONGHE_MQTT_MAX_PACKET: '1M' })).toThrow(
      /^RONGHE_MQTT_MAX_PACKET: expected a non-negative integer/,
    );
  });

  it('takes a TLS port with both PEM files, and names the one missing', () => {
    const c = loadConfig({
      RONGHE_MQTT_TLS_PORT: '8883',
      RONGHE_TLS_CERT: '/etc/ronghe/cert.pem',
      RONGHE_TLS_KEY: '/etc/ronghe/key.pem',
    });
    expect(c.mqttTlsPort).toBe(8883);
    expect(c.tls).toEqual({ certFile: '/etc/ronghe/cert.pem', keyFile: '/etc/ronghe/key.pem' });
    expect(() => loadConfig({ RONGHE_MQTT_TLS_PORT: '8883' })).toThrow(
      /^RONGHE_TLS_CERT: required/,
    );
    expect(() =>
      loadConfig({ RONGHE_MQTT_TLS_PORT: '8883', RONGHE_TLS_CERT: '/etc/ronghe/cert.pem' }),
    ).toThrow(/^RONGHE_TLS_KEY: required/);
  });
});
