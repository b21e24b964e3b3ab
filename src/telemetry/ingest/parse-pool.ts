// Parses large line-protocol bodies on a worker thread. Parsing is the biggest share of the
// ingest thread's work (about a sixth in the fleet benchmark's profile) and needs nothing but the
// text, so the other core can do it while the ingest thread validates, logs and indexes the
// batches before and after. Small bodies (an MQTT message, a Telegraf flush of a few lines) are
// parsed in place: the round trip would cost more than the parse. If the thread cannot start or
// dies, everything is parsed in place.
import { Worker } from 'node:worker_threads';
import { RongheError } from '../../kernel/index.ts';
import { parseLineProtocol, type ParsedLines } from './line-protocol.ts';
import type { Precision } from './lp-number.ts';
import type { ParseReply, ParseRequest } from './parse-thread.ts';

/** Bodies shorter than this (characters) are parsed on the calling thread. */
const MIN_OFFLOAD = 16_384;

function bootstrap(): string {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./parse-thread.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
}

interface Pending {
  resolve(p: ParsedLines): void;
  reject(e: Error): void;
}

const text = (body: string | Uint8Array): string =>
  typeof body === 'string'
    ? body
    : Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8');

export class ParsePool {
  private worker: Worker | undefined;
  private ready = false;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead = false;

  constructor(private enabled: boolean) {}

  /** Parses `body` (text, or UTF-8 bytes that this call may take over). */
  parse(body: string | Uint8Array, precision: Precision, maxErrors: number): Promise<ParsedLines> {
    const inPlace = () => Promise.resolve(parseLineProtocol(text(body), precision, maxErrors));
    if (!this.enabled || this.dead || typeof body === 'string' || body.length < MIN_OFFLOAD) {
      return inPlace();
    }
    this.worker ??= this.spawn();
    // Until the thread has loaded, parse here rather than queue behind its start-up.
    if (!this.ready) return inPlace();
    // The bytes move to the thread: they must own their whole buffer (a Buffer from a pool
    // shares it), otherwise they are copied once first.
    const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
    const bytes = own ? body : body.slice();
    const request: ParseRequest = { id: this.nextId++, body: bytes, precision, maxErrors };
    return new Promise<ParsedLines>((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      this.worker!.postMessage(request, [bytes.buffer as ArrayBuffer]);
    });
  }

  private spawn(): Worker {
    const w = new Worker(bootstrap(), { eval: true });
    w.unref();
    w.on('message', (m: ParseReply | { ready: true }) => {
      if ('ready' in m) {
        this.ready = true;
        return;
      }
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.parsed) p?.resolve(m.parsed);
      else p?.reject(new Error(`line-protocol parser thread: ${m.error}`));
    });
    const die = (e: Error) => {
      if (this.dead) return;
      this.dead = true;
      console.error('line-protocol parser thread failed; parsing on the ingest thread', e);
      // What was in flight went to the thread with its bytes: refuse it as a retryable
      // failure (nothing was acknowledged, so nothing is lost); later bodies parse here.
      for (const p of this.pending.values()) {
        p.reject(
          new RongheError('RONGHE_TOO_MANY_REQUESTS', 'Ingest parser restarted; retry.', {
            retryAfterS: 1,
          }),
        );
      }
      this.pending.clear();
    };
    w.on('error', die);
    w.on('exit', (code) => die(new Error(`line-protocol parser thread exited (${code})`)));
    return w;
  }

  async stop(): Promise<void> {
    this.dead = true;
    this.enabled = false;
    await this.worker?.terminate();
  }
}
