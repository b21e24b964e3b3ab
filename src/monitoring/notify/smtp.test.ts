import { afterEach, describe, expect, it } from 'vitest';
import { smtpSink } from '../../../test/smtp-sink.ts';
import { dotStuff, sendMail, SmtpError } from './smtp.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const message = {
  from: 'alarms@ronghe.example',
  to: ['li.wei@acme.example', 'ops@acme.example'],
  subject: '严重告警 pump-1: hi-temp',
  text: 'Pump 1 supply temperature 92 °C above 80 °C.\n.\nA line that starts with a dot.',
  date: new Date(Date.UTC(2026, 0, 5, 8, 30)),
};

describe('SMTP e-mail', () => {
  it('submits a UTF-8 message to every recipient with AUTH PLAIN and dot-stuffing', async () => {
    const sink = await smtpSink();
    close = sink.close;
    const res = await sendMail(
      { host: '127.0.0.1', port: sink.port, user: 'svc', password: 's3cret' },
      message,
    );
    expect(res.reply).toBe('250 2.0.0 queued as 42');
    const [s] = sink.sessions;
    expect(s!.commands.slice(0, 5)).toEqual([
      'EHLO ronghe',
      `AUTH PLAIN ${Buffer.from('\0svc\0s3cret').toString('base64')}`,
      'MAIL FROM:<alarms@ronghe.example>',
      'RCPT TO:<li.wei@acme.example>',
      'RCPT TO:<ops@acme.example>',
    ]);
    const [head, body] = s!.data.split('\r\n\r\n') as [string, string];
    expect(head).toContain(
      `Subject: =?UTF-8?B?${Buffer.from(message.subject).toString('base64')}?=`,
    );
    expect(head).toContain('Date: Mon, 05 Jan 2026 08:30:00 GMT');
    expect(head).toContain('To: li.wei@acme.example, ops@acme.example');
    expect(Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe(message.text);
  });

  it('a refused recipient fails with the server reply', async () => {
    const sink = await smtpSink({ 'RCPT TO:<ops@': '550 5.1.1 no such user' });
    close = sink.close;
    const err = await sendMail({ host: '127.0.0.1', port: sink.port }, message).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SmtpError);
    expect((err as SmtpError).message).toBe(
      'SMTP RCPT TO:<ops@acme.example> refused: 550 5.1.1 no such user',
    );
  });

  it('dot-stuffs every line that starts with a dot', () => {
    expect(dotStuff('.a\r\nb\r\n.\r\n..c\r\nd.e')).toBe('..a\r\nb\r\n..\r\n...c\r\nd.e');
  });
});
