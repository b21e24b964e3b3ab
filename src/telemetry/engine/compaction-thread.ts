// Worker-thread entry of compaction: reads, computes and writes the chunks and rollups of frozen
// heads through its own database connection, one transaction per step. The main thread writes
// SQLite only rarely while ingesting (new series; the ingest log of a SQLite file is segment
// files, ingest-log.ts), so the two connections seldom contend for SQLite's one write lock,
// and when they do the busy timeout waits for a step (milliseconds). See compaction-client.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { createDatabase, type DatabaseOptions } from '../../storage/index.ts';
import { compactHeads, type CompactedMax } from './compactor.ts';
import { Heads, type SharedHeads } from './head.ts';
import { heapGrowthCollector } from './memory.ts';
import { NewestChunks } from './newest-chunks.ts';

export type ToThread = { kind: 'compact'; job: number; heads: SharedHeads };

export type FromThread = { kind: 'done'; job: number; error?: string };

const port = parentPort!;
const init = workerData as { db: DatabaseOptions; compacted: Float64Array };
const db = await createDatabase(init.db);
const compacted: CompactedMax = new NewestChunks(init.compacted);

/** Heap growth after which the thread collects between compaction steps (memory.ts). */
const bounded = heapGrowthCollector(48 * 1024 * 1024);
port.on('message', (msg: ToThread) => {
  compactHeads(db, Heads.fromShared(msg.heads), compacted, bounded).then(
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
