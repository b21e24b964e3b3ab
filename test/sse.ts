// A real HTTP client of a Server-Sent Events stream (WHATWG HTML §9.2) for route tests that
// listen on a free port: frames are split at blank lines; `ended` resolves when the server ends
// or destroys the connection, so tests can assert that a stream is closed, not just quiet.
import { request, type IncomingMessage } from 'node:http';

export interface SseClient {
  status: number;
  headers: IncomingMessage['headers'];
  /** Complete frames received so far, comments (`: ping`) included. */
  frames: string[];
  /** The response body when the status is not 200. */
  body(): string;
  /** Resolves when the connection ends, whoever ends it. */
  ended: Promise<void>;
  isEnded(): boolean;
  close(): void;
}

export function openSse(url: string, headers: Record<string, string>): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const frames: string[] = [];
      let buf = '';
      let raw = '';
      let done = false;
      let onEnd!: () => void;
      const ended = new Promise<void>((r) => (onEnd = r));
      const finish = () => {
        done = true;
        onEnd();
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        buf += chunk;
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          frames.push(buf.slice(0, i + 2));
          buf = buf.slice(i + 2);
        }
      });
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        frames,
        body: () => raw,
        ended,
        isEnded: () => done,
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls `check` every 10 ms until it holds, or fails after `ms`. */
export async function until(check: () => boolean, ms = 2000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
