// A tiny SMTP server on a free loopback port that records each session (RFC 5321 command lines
// and the DATA text), for tests of code that really sends mail. `reject` maps a command prefix
// to a refusal reply.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface SmtpSession {
  commands: string[];
  data: string;
}

export interface SmtpSink {
  sessions: SmtpSession[];
  port: number;
  close(): Promise<void>;
}

export async function smtpSink(reject: Record<string, string> = {}): Promise<SmtpSink> {
  const sessions: SmtpSession[] = [];
  const server: Server = createServer((sock: Socket) => {
    const s: SmtpSession = { commands: [], data: '' };
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

/** A recorded message's headers and its decoded (base64 UTF-8) body, as smtp.ts writes them. */
export function readMessage(data: string): { headers: string; text: string } {
  const at = data.indexOf('\r\n\r\n');
  const body = data.slice(at + 4).replace(/\r\n/g, '');
  return { headers: data.slice(0, at), text: Buffer.from(body, 'base64').toString('utf8') };
}
