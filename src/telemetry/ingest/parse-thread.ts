// Worker-thread entry of the line-protocol parser (see parse-pool.ts): parses bodies and sends
// the columns back, moving their buffers instead of copying them.
import { parentPort } from 'node:worker_threads';
import { parseLineProtocol, type ParsedLines } from './line-protocol.ts';
import type { Precision } from './lp-number.ts';

export interface ParseRequest {
  id: number;
  /** UTF-8 bytes, moved (not copied) from the ingest thread. */
  body: Uint8Array;
  precision: Precision;
  maxErrors: number;
}

export interface ParseReply {
  id: number;
  parsed?: ParsedLines;
  error?: string;
}

const port = parentPort!;
port.on('message', (m: ParseRequest) => {
  try {
    const text = Buffer.from(m.body.buffer, m.body.byteOffset, m.body.length).toString('utf8');
    const parsed = parseLineProtocol(text, m.precision, m.maxErrors);
    const buffers = new Set<ArrayBuffer>();
    for (const a of [parsed.ts, parsed.lineNo, parsed.fieldStart, parsed.fieldValue]) {
      buffers.add(a.buffer as ArrayBuffer);
    }
    port.postMessage({ id: m.id, parsed } satisfies ParseReply, [...buffers]);
  } catch (e) {
    port.postMessage({ id: m.id, error: String(e) } satisfies ParseReply);
  }
});
port.postMessage({ ready: true });
