import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dotStuff, sendMail, SmtpError } from './smtp.ts';

interface Session {
  commands: string[];
  data: string;
}

/** A tiny local SMTP sink; `reject` maps a command prefix to a refusal reply. */
async function smtpSink(reject: Record<string, string> = {}) {
  const sessions: Session[] = [];
  const server: Server = createServer((sock: Socket) => {
    const s: Session = { commands: [], data: '' };
    sessions.push(s);
    let inData = false;
    let buf = '';
    sock.write('220 sink ESMTP\r\n');
    sock.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          s.data = buf.slice(0, end);
          buf = buf.slice(end + 5);
          inData = false;
          sock.write('250 2.0.0 queued as 42\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        s.commands.push(line);
        const refusal = Object.entries(reject).find(([p]) => line.startsWith(p));
        if (refusal) sock.write(`${refusal[1]}\r\n`);
        else if (line.startsWith('EHLO'))
          sock.write('250-sink\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n');
        else if (line.startsWith('AUTH')) sock.write('235 2.7.0 ok\r\n');
        else if (line === 'DATA') {
          inData = true;
          sock.write('354 go ahead\r\n');
        } else if (line === 'QUIT') sock.end('221 bye\r\n');
        else sock.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { sessions, port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

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
