// Worker-thread entry of compaction: reads (its own database connection) and computes chunks
// and rollups for frozen heads, and asks the main thread to write each step. Writes stay on
// the main thread because SQLite has one writer: a second writing connection would make the
// ingest-log inserts wait on its lock. See compaction-client.ts for the protocol.
import { parentPort, workerData } from 'node:worker_threads';
import { createDatabase, type DatabaseOptions } from '../../storage/index.ts';
import { compactHeads, type CompactedMax, type NewestChunk, type StepWrite } from './compactor.ts';
import { unflattenHeads, type FlatHeads } from './head.ts';

export type ToThread =
  | { kind: 'compact'; job: number; heads: FlatHeads }
  | { kind: 'written'; step: number; error?: string };

export type FromThread =
  { kind: 'write'; step: number; write: StepWrite } | { kind: 'done'; job: number; error?: string };

const port = parentPort!;
const init = workerData as { db: DatabaseOptions; compacted: [number, NewestChunk][] };
const db = await createDatabase(init.db);
const compacted: CompactedMax = new Map(init.compacted);
const pending = new Map<number, { resolve(): void; reject(e: Error): void }>();
let nextStep = 1;

function write(w: StepWrite): Promise<void> {
  const step = nextStep++;
  return new Promise<void>((resolve, reject) => {
    pending.set(step, { resolve, reject });
    port.postMessage({ kind: 'write', step, write: w } satisfies FromThread);
  });
}

port.on('message', (msg: ToThread) => {
  if (msg.kind === 'written') {
    const p = pending.get(msg.step);
    pending.delete(msg.step);
    if (msg.error === undefined) p?.resolve();
    else p?.reject(new Error(msg.error));
    return;
  }
  compactHeads(db, unflattenHeads(msg.heads), compacted, write).then(
    () => port.postMessage({ kind: 'done', job: msg.job } satisfies FromThread),
    (e: unknown) =>
      port.postMessage({
        kind: 'done',
        job: msg.job,
        error: e instanceof Error ? (e.stack ?? e.message) : String(e),
      } satisfies FromThread),
  );
});
port.postMessage({ kind: 'ready' });
