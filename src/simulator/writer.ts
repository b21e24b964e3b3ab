// The simulator's only I/O: posts line-protocol batches to `<url>/write?precision=ms` with
// `Authorization: Token <key>`. 429 and 503 are back-pressure: wait as Retry-After says (delay in
// seconds or an HTTP date, RFC 9110 §10.2.3), else back off exponentially, and resend the same
// batch; an unreachable server is retried the same way. Any other failure stops with a
// RongheError carrying the status and the server's text.

import { RongheError, type ErrorCode } from '../kernel/index.ts';

export interface WriterOptions {
  url: string;
  token: string;
  /** Lines per request; default 500. */
  batchSize?: number;
  /** Retries of one batch before giving up; default 20. */
  maxRetries?: number;
  /** Waits; tests pass a recorder. Default: a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Called after each accepted batch. */
  onBatch?: (progress: WriteProgress) => void;
}

export interface WriteProgress {
  batches: number;
  lines: number;
  retries: number;
}

const MAX_WAIT_MS = 60_000;

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Delay asked for by a Retry-After header, ms, or undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Math.min(MAX_WAIT_MS, Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.min(MAX_WAIT_MS, Math.max(0, date - nowMs));
}

function codeFor(status: number): ErrorCode {
  if (status === 401) return 'RONGHE_UNAUTHENTICATED';
  if (status === 403) return 'RONGHE_FORBIDDEN';
  if (status === 413) return 'RONGHE_PAYLOAD_TOO_LARGE';
  if (status >= 400 && status < 500) return 'RONGHE_BAD_REQUEST';
  return 'RONGHE_UNAVAILABLE';
}

export function writeUrl(base: string): string {
  return `${base.replace(/\/+$/, '')}/write?precision=ms`;
}

async function postBatch(
  opts: WriterOptions,
  body: string,
  progress: WriteProgress,
): Promise<void> {
  const sleep = opts.sleep ?? realSleep;
  const maxRetries = opts.maxRetries ?? 20;
  for (let attempt = 0; ; attempt++) {
    const res = await send(opts, body);
    if (res.ok) {
      await res.body?.cancel();
      return;
    }
    const busy = res.status === 429 || res.status === 503 || res.status === 0;
    if (!busy || attempt >= maxRetries) {
      const code =
        res.status === 0
          ? 'RONGHE_UNAVAILABLE'
          : busy
            ? 'RONGHE_TOO_MANY_REQUESTS'
            : codeFor(res.status);
      const what = res.status === 0 ? `failed: ${res.text}` : `answered ${res.status}: ${res.text}`;
      throw new RongheError(
        code,
        {
          en: `POST ${writeUrl(opts.url)} ${what}`,
          'zh-CN': `POST ${writeUrl(opts.url)} 失败：${what}`,
        },
        {
          status: res.status,
          attempts: attempt + 1,
        },
      );
    }
    progress.retries++;
    const asked = retryAfterMs(res.retryAfter, Date.now());
    await sleep(asked ?? Math.min(MAX_WAIT_MS, 500 * 2 ** attempt));
  }
}

interface Answer {
  ok: boolean;
  /** HTTP status, or 0 when the server could not be reached. */
  status: number;
  text: string;
  retryAfter: string | null;
  body?: ReadableStream | null;
}

/** One POST; a network failure (server not up yet, connection reset) is answer 0, retried like 503. */
async function send(opts: WriterOptions, body: string): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(writeUrl(opts.url), {
      method: 'POST',
      headers: {
        authorization: `Token ${opts.token}`,
        'content-type': 'text/plain; charset=utf-8',
      },
      body,
    });
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e);
    return { ok: false, status: 0, text: cause, retryAfter: null };
  }
  if (res.ok) return { ok: true, status: res.status, text: '', retryAfter: null, body: res.body };
  const text = (await res.text()).slice(0, 500);
  return { ok: false, status: res.status, text, retryAfter: res.headers.get('retry-after') };
}

/** Posts lines in batches, in order; resolves to what was sent. */
export async function writeLines(
  opts: WriterOptions,
  lines: Iterable<string>,
): Promise<WriteProgress> {
  const size = opts.batchSize ?? 500;
  const progress: WriteProgress = { batches: 0, lines: 0, retries: 0 };
  let batch: string[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await postBatch(opts, `${batch.join('\n')}\n`, progress);
    progress.batches++;
    progress.lines += batch.length;
    batch = [];
    opts.onBatch?.({ ...progress });
  };
  for (const line of lines) {
    batch.push(line);
    if (batch.length >= size) await flush();
  }
  await flush();
  return progress;
}
