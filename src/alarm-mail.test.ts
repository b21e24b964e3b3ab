// Alarm e-mail as the running platform sends it: the platform's monitoring wiring
// (monitoringOverTelemetry over a real telemetry service) with the SMTP settings loadConfig reads,
// subscriptions created over HTTP, alarms raised through the runtime's alarm service, and a real
// SMTP server (smtp-server) on a free loopback port with a self-signed certificate made for the
// test: STARTTLS and implicit TLS. Assertions are on what the server received, and on whether
// authentication ran inside TLS.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../test/databases.ts';
import { createWorld, type Who, type World } from '../test/http.ts';
import {
  selfSignedCertificate,
  startSmtpServer,
  type TestCertificate,
  type TestSmtpServer,
} from '../test/smtp-server.ts';
import { createAssetResolver } from './assets/index.ts';
import { loadConfig } from './config.ts';
import { createApiKey, createSession, createUser, updateUser } from './identity/index.ts';
import { monitoringOverTelemetry } from './main.ts';
import type { MonitoringRuntime, Severity } from './monitoring/index.ts';
import { monitoringRoutes } from './server/routes/monitoring.ts';
import type { Db } from './storage/index.ts';
import { createTelemetryService, type TelemetryService } from './telemetry/index.ts';

const FROM = 'alarms@acme.example';
const CONSOLE = 'https://ronghe.acme.example';
/** The world of the HTTP tests with monitoring as main.ts builds it, mail settings from `env`. */
async function platformWorld(
  t: Parameters<typeof createWorld>[0],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
) {
  const config = loadConfig(env);
  let monitoring!: MonitoringRuntime;
  let telemetry!: TelemetryService;
  const world = await createWorld(t, {
    plugins: async (db: Db) => {
      telemetry = await createTelemetryService({ db, resolver: createAssetResolver(db) });
      monitoring = await monitoringOverTelemetry(db, telemetry, log, config.alarmMail);
      return [{ plugin: (app) => monitoringRoutes(app, { db, monitoring }), prefix: '/api/v1' }];
    },
  });
  return {
    world,
    monitoring,
    async dispose() {
      await monitoring.close();
      await telemetry.close();
      await world.dispose();
    },
  };
}

for (const mode of ['starttls', 'implicit-tls'] as const)
  describeEachDatabase(`alarm e-mail sent by the platform (${mode})`, (t) => {
    let cert: TestCertificate;
    let smtp: TestSmtpServer;
    let w: World;
    let monitoring: MonitoringRuntime;
    let dispose: () => Promise<void>;
    const logs: string[] = [];
    let rule = 0;
    beforeAll(async () => {
      cert = selfSignedCertificate();
      smtp = await startSmtpServer(cert, mode);
      const scheme = mode === 'starttls' ? 'smtp' : 'smtps';
      const env = {
        RONGHE_SMTP_URL: `${scheme}://alarm%2Dsvc:s3cret@localhost:${smtp.port}`,
        RONGHE_SMTP_CA_FILE: cert.certFile,
        RONGHE_ALARM_MAIL_FROM: FROM,
        RONGHE_PUBLIC_URL: `${CONSOLE}/`,
      };
      ({ world: w, monitoring, dispose } = await platformWorld(t, env, (l) => logs.push(l)));
    });
    afterAll(async () => {
      await dispose();
      await smtp.close();
      cert.dispose();
    });
    afterEach(async () => {
      // Every subscription of the tenant goes, so each test hears only its own.
      const subs = await monitoring.subscriptions.forTenant(w.tenantA.id);
      for (const s of subs)
        await monitoring.subscriptions.remove(
          { tenantId: w.tenantA.id, subscriberId: s.userId },
          s.id,
        );
      smtp.mails.length = 0;
      logs.length = 0;
    });

    const subscribe = async (headers: Record<string, string>, body: object) => {
      const res = await w.app.inject({
        method: 'POST',
        url: '/api/v1/alarm-subscriptions',
        headers,
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    const as = (who: Exclude<Who, 'anonymous'>) => ({
      cookie: `ronghe_session=${w.tokens[who]}`,
    });
    /** Raises a new alarm and waits until its notifications have been handled. */
    const raise = async (
      asset: string,
      severity: Severity = 'critical',
      ruleId = `r-${++rule}`,
    ) => {
      const m = await monitoring.tenant(w.tenantA.id);
      const effects = await m.alarms.apply({
        type: 'raise',
        asset,
        ruleId,
        severity,
        at: Date.now(),
        value: 92.5,
      });
      expect(effects.map((e) => e.change)).toEqual(['raised']);
      await monitoring.notify.idle();
      return effects[0]!.alarm.id;
    };

    it('sends English mail naming asset, serial, customer and rule, with a link, over TLS', async () => {
      const saved = await w.as('engineer', {
        method: 'PUT',
        url: `/api/v1/monitoring/rules/models/${w.models.A}`,
        payload: {
          id: 'low-cop',
          name: 'COP low',
          severity: 'major',
          kind: 'threshold',
          value: 'cop',
          op: 'below',
          limit: 3,
        },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      await subscribe(as('engineer'), {
        channels: ['email'],
        minSeverity: 'major',
        language: 'en',
      });
      const alarmId = await raise(w.assets.A2, 'critical', 'low-cop');
      expect(smtp.mails).toHaveLength(1);
      const [mail] = smtp.mails;
      expect(mail).toMatchObject({
        from: FROM,
        to: ['eng@acme.test'],
        auth: { user: 'alarm-svc', overTls: true },
        secure: true,
      });
      expect(smtp.auths.every((a) => a.overTls)).toBe(true);
      expect(mail!.subject).toBe('[Ronghe] Critical alarm raised: COP low — Chiller 3 (CH-3)');
      expect(mail!.headers).toMatch(/^Content-Language: en$/m);
      for (const line of [
        'Asset: Chiller 3',
        'Serial: CH-3',
        'Customer: Wuxi Hospital',
        'Rule: COP low',
        'Value: 92.5',
        `Open the alarm: ${CONSOLE}/alarms/journal?alarmId=${encodeURIComponent(alarmId)}`,
      ])
        expect(mail!.text).toContain(line);
      // Below the subscription's severity: no mail.
      await raise(w.assets.A2, 'warning');
      expect(smtp.mails).toHaveLength(1);
    });

    it('writes in Chinese by default', async () => {
      await subscribe(as('engineer'), { channels: ['email'], minSeverity: 'major' });
      await raise(w.assets.A1, 'critical', 'hot');
      const [mail] = smtp.mails;
      expect(mail?.subject).toBe('[融合] 紧急告警触发：hot — Chiller 1 (CH-1)');
      expect(mail?.text).toContain('客户：Suzhou Group');
      expect(mail?.text).toContain('序列号：CH-1');
      expect(mail?.auth?.overTls).toBe(true);
    });

    it('a customer user hears only of their customers’ alarms', async () => {
      // The viewer belongs to customer A1 (with A1a below it); the subscription asks for all.
      await subscribe(as('viewer'), { channels: ['email'], minSeverity: 'warning' });
      await raise(w.assets.A2);
      expect(smtp.mails).toEqual([]);
      await raise(w.assets.A1a);
      expect(smtp.mails.map((m) => m.to)).toEqual([['viewer@suzhou.test']]);
      expect(smtp.mails[0]!.text).toContain('Chiller 2');
    });

    it('a user disabled after subscribing receives nothing', async () => {
      const u = await createUser(w.db, w.scopeA, 'tenant_admin', {
        email: 'leaver@acme.test',
        name: 'Leaver',
        role: 'technician',
        password: 'correct horse battery',
      });
      const { token } = await createSession(w.db, u.id);
      await subscribe(
        { cookie: `ronghe_session=${token}` },
        { channels: ['email'], minSeverity: 'warning' },
      );
      await raise(w.assets.A1);
      expect(smtp.mails.map((m) => m.to)).toEqual([['leaver@acme.test']]);
      await updateUser(w.db, w.scopeA, 'tenant_admin', u.id, { disabled: true });
      await raise(w.assets.A1);
      expect(smtp.mails).toHaveLength(1);
    });

    it('an API key subscriber has no address: skipped and logged, never sent', async () => {
      const key = await createApiKey(w.db, w.scopeA, 'tenant_admin', {
        name: 'scada',
        role: 'engineer',
      });
      await subscribe(
        { authorization: `Bearer ${key.key}` },
        { channels: ['email'], minSeverity: 'warning' },
      );
      await subscribe(as('tenant_admin'), { channels: ['email'], minSeverity: 'warning' });
      await raise(w.assets.A1);
      expect(smtp.mails.map((m) => m.to)).toEqual([['admin@acme.test']]);
      expect(logs).toContain(`alarm e-mail to ${key.id} skipped: an API key has no e-mail address`);
    });
  });

describeEachDatabase('alarm e-mail without SMTP configured', (t) => {
  let w: World;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ world: w, dispose } = await platformWorld(t, {}, () => undefined));
  });
  afterAll(() => dispose());

  it('refuses the email channel with 400 on channels, and still takes live', async () => {
    const refused = await w.as('engineer', {
      method: 'POST',
      url: '/api/v1/alarm-subscriptions',
      payload: { channels: ['email'], minSeverity: 'warning' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'RONGHE_VALIDATION',
      details: [{ field: 'channels', reason: 'not configured' }],
    });
    const live = await w.as('engineer', {
      method: 'POST',
      url: '/api/v1/alarm-subscriptions',
      payload: { channels: ['live'], minSeverity: 'warning' },
    });
    expect(live.statusCode, live.body).toBe(201);
  });
});
