// Minimal SMTP submission client (RFC 5321) for alarm e-mail: EHLO, optional AUTH PLAIN
// (RFC 4954), MAIL FROM, RCPT TO, DATA with dot-stuffing (RFC 5321 §4.5.2), QUIT. Implicit TLS
// (port 465, RFC 8314) via `secure`; STARTTLS (RFC 3207) is not supported yet. The message is RFC 5322 with a
// base64 UTF-8 body and an RFC 2047 encoded subject, so Chinese text survives any relay.
import { randomUUID } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface SmtpOptions {
  host: string;
  port: number;
  secure?: boolean;
  user?: string;
  password?: string;
  /** Name sent in EHLO. */
  clientName?: string;
  timeoutMs?: number;
}

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  date?: Date;
}

export class SmtpError extends Error {
  override name = 'SmtpError';
  constructor(
    readonly command: string,
    readonly reply: string,
  ) {
    super(`SMTP ${command} refused: ${reply}`);
  }
}

const encodeWord = (s: string) =>
  /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;

/** The RFC 5322 message text (CRLF line ends), before dot-stuffing. */
export function formatMessage(m: MailMessage, host = 'ronghe.local'): string {
  const body = Buffer.from(m.text, 'utf8')
    .toString('base64')
    .replace(/.{1,76}/g, '$&\r\n');
  return [
    `From: ${m.from}`,
    `To: ${m.to.join(', ')}`,
    `Subject: ${encodeWord(m.subject)}`,
    `Date: ${(m.date ?? new Date()).toUTCString()}`,
    `Message-ID: <${randomUUID()}@${host}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
  ].join('\r\n');
}

/** Dot-stuffing (RFC 5321 §4.5.2): a line starting with '.' gets one more, so it cannot end DATA. */
export const dotStuff = (text: string): string => text.replace(/^\./gm, '..');

/** Reads SMTP replies: a reply ends with a line `NNN ` (space); `NNN-` lines continue it. */
function replyReader(socket: Socket) {
  let buf = '';
  const replies: string[] = [];
  const waiters: ((r: string) => void)[] = [];
  let failure: Error | undefined;
  const failAll = (e: Error) => {
    failure = e;
    for (const w of waiters.splice(0)) w(`000 ${e.message}`);
  };
  socket.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    let m: RegExpMatchArray | null;
    while ((m = buf.match(/^((?:\d{3}-[^\r\n]*\r\n)*\d{3}(?: [^\r\n]*)?\r\n)/))) {
      buf = buf.slice(m[1]!.length);
      const r = m[1]!.trimEnd();
      const w = waiters.shift();
      if (w) w(r);
      else replies.push(r);
    }
  });
  socket.on('error', failAll);
  socket.on('close', () => failAll(new Error('connection closed')));
  return (): Promise<string> => {
    const r = replies.shift();
    if (r !== undefined) return Promise.resolve(r);
    if (failure) return Promise.resolve(`000 ${failure.message}`);
    return new Promise((resolve) => waiters.push(resolve));
  };
}

export async function sendMail(o: SmtpOptions, m: MailMessage): Promise<{ reply: string }> {
  const socket: Socket = o.secure
    ? tlsConnect({ host: o.host, port: o.port, servername: o.host })
    : netConnect({ host: o.host, port: o.port });
  socket.setTimeout(o.timeoutMs ?? 30_000, () => socket.destroy(new Error('SMTP timeout')));
  const next = replyReader(socket);
  const expect = async (command: string, code: number) => {
    const r = await next();
    if (Number(r.slice(0, 3)) !== code) throw new SmtpError(command, r);
    return r;
  };
  const cmd = (line: string, code: number, shown = line) => {
    socket.write(`${line}\r\n`);
    return expect(shown, code);
  };
  try {
    await expect('greeting', 220);
    await cmd(`EHLO ${o.clientName ?? 'ronghe'}`, 250);
    if (o.user !== undefined) {
      const token = Buffer.from(`\0${o.user}\0${o.password ?? ''}`).toString('base64');
      await cmd(`AUTH PLAIN ${token}`, 235, 'AUTH PLAIN');
    }
    await cmd(`MAIL FROM:<${m.from}>`, 250);
    for (const to of m.to) await cmd(`RCPT TO:<${to}>`, 250);
    await cmd('DATA', 354);
    const data = dotStuff(formatMessage(m));
    const reply = await cmd(`${data}\r\n.`, 250, 'message data');
    socket.write('QUIT\r\n');
    return { reply };
  } finally {
    socket.end();
  }
}
