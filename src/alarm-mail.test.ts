// Alarm e-mail as the running platform sends it: the platform's monitoring wiring
// (monitoringOverTelemetry over a real telemetry service) with the SMTP settings loadConfig reads,
// subscriptions created over HTTP, alarms raised through the runtime's alarm service, and a real
// SMTP server on a free loopback port. Assertions are on the SMTP transactions it records.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../test/databases.ts';
import { createWorld, type Who, type World } from '../test/http.ts';
import { readMessage, smtpSink, type SmtpSession, type SmtpSink } from '../test/smtp-sink.ts';
import { createAssetResolver } from './assets/index.ts';
import { loadConfig } from './config.ts';
import { createApiKey, createSession, createUser, updateUser } from './identity/index.ts';
import { monitoringOverTelemetry } from './main.ts';
import type { MonitoringRuntime, Severity } from './monitoring/index.ts';
import { monitoringRoutes } from './server/routes/monitoring.ts';
import type { Db } from './storage/index.ts';
import { createTelemetryService, type TelemetryService } from './telemetry/index.ts';

const FROM = 'alarms@acme.example';
const recipients = (s: SmtpSession) =>
  s.commands.filter((c) => c.startsWith('RCPT TO:')).map((c) => c.slice('RCPT TO:'.length));

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

describeEachDatabase('alarm e-mail sent by the platform', (t) => {
  let sink: SmtpSink;
  let w: World;
  let monitoring: MonitoringRuntime;
  let dispose: () => Promise<void>;
  const logs: string[] = [];
  let rule = 0;
  beforeAll(async () => {
    sink = await smtpSink();
    const env = {
      RONGHE_SMTP_URL: `smtp://alarm%2Dsvc:s3cret@127.0.0.1:${sink.port}`,
      RONGHE_ALARM_MAIL_FROM: FROM,
    };
    ({ world: w, monitoring, dispose } = await platformWorld(t, env, (l) => logs.push(l)));
  });
  afterAll(async () => {
    await dispose();
    await sink.close();
  });
  afterEach(async () => {
    // Every subscription of the tenant goes, so each test hears only its own.
    const subs = await monitoring.subscriptions.forTenant(w.tenantA.id);
    for (const s of subs)
      await monitoring.subscriptions.remove(
        { tenantId: w.tenantA.id, subscriberId: s.userId },
        s.id,
      );
    sink.sessions.length = 0;
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
  const as = (who: Exclude<Who, 'anonymous'>) => ({ cookie: `ronghe_session=${w.tokens[who]}` });
  /** Raises a new alarm and waits until its notifications have been handled. */
  const raise = async (asset: string, severity: Severity = 'critical') => {
    const ruleId = `hi-temp-${++rule}`;
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
    return ruleId;
  };

  it('a subscribed user receives one mail at their address, with the alarm in it', async () => {
    await subscribe(as('engineer'), { channels: ['email'], minSeverity: 'major' });
    const ruleId = await raise(w.assets.A2, 'critical');
    expect(sink.sessions).toHaveLength(1);
    const [s] = sink.sessions as [SmtpSession];
    expect(s.commands.slice(0, 4)).toEqual([
      'EHLO ronghe',
      `AUTH PLAIN ${Buffer.from('\0alarm-svc\0s3cret').toString('base64')}`,
      `MAIL FROM:<${FROM}>`,
      'RCPT TO:<eng@acme.test>',
    ]);
    const { headers, text } = readMessage(s.data);
    expect(headers).toContain(`From: ${FROM}`);
    expect(headers).toContain('To: eng@acme.test');
    expect(headers).toContain(
      `Subject: [Ronghe] CRITICAL alarm raised: ${ruleId} on ${w.assets.A2}`,
    );
    expect(text).toContain(`Asset:    ${w.assets.A2}`);
    expect(text).toContain(`Rule:     ${ruleId}`);
    expect(text).toContain('Value:    92.5');
    // Below the subscription's severity: no mail.
    await raise(w.assets.A2, 'warning');
    expect(sink.sessions).toHaveLength(1);
  });

  it('a customer user hears only of their customers’ alarms', async () => {
    // The viewer belongs to customer A1 (with A1a below it); the subscription asks for all.
    await subscribe(as('viewer'), { channels: ['email'], minSeverity: 'warning' });
    await raise(w.assets.A2);
    expect(sink.sessions).toEqual([]);
    const ruleId = await raise(w.assets.A1a);
    expect(sink.sessions.map(recipients)).toEqual([['<viewer@suzhou.test>']]);
    expect(readMessage(sink.sessions[0]!.data).text).toContain(`Rule:     ${ruleId}`);
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
    expect(sink.sessions.map(recipients)).toEqual([['<leaver@acme.test>']]);
    await updateUser(w.db, w.scopeA, 'tenant_admin', u.id, { disabled: true });
    await raise(w.assets.A1);
    expect(sink.sessions).toHaveLength(1);
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
    expect(sink.sessions.map(recipients)).toEqual([['<admin@acme.test>']]);
    expect(logs).toContain(`alarm e-mail to ${key.id} skipped: an API key has no e-mail address`);
  });

  it('webhook stays refused: there is no transport for it', async () => {
    const res = await w.as('engineer', {
      method: 'POST',
      url: '/api/v1/alarm-subscriptions',
      payload: { channels: ['email', 'webhook'], minSeverity: 'warning' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ details: [{ field: 'channels' }] });
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
