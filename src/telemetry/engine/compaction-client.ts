// Main-thread side of the compaction thread. Compaction (decoding, merging, encoding chunks and
// rollups) is CPU work that would otherwise share the one JavaScript thread with ingest; on its
// own thread it runs on the machine's other core, and so do its reads and writes (through the
// thread's own connection; a SQLite file in WAL mode lets the main thread read meanwhile).
// Protocol: main → thread compact(job, flat heads); thread → main done(job[, error]).
import { Worker } from 'node:worker_threads';
import { tsWorkerSource } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { FromThread, ToThread } from './compaction-thread.ts';
import type { CompactedMax } from './compactor.ts';
import { transferablesOf, type Heads } from './head.ts';

interface Job {
  resolve(): void;
  reject(e: Error): void;
}

export class CompactionThread {
  private readonly worker: Worker;
  private readonly ready: Promise<void>;
  private readonly jobs = new Map<number, Job>();
  private nextJob = 1;
  /** Set once the thread has died; the engine then compacts on the main thread. */
  failed: Error | undefined;
  private stopping = false;

  /** A thread for `db`, or undefined when no other connection can open it (in-memory). */
  static start(db: Db, compacted: CompactedMax): CompactionThread | undefined {
    return db.reopen ? new CompactionThread(db, compacted) : undefined;
  }

  private constructor(db: Db, compacted: CompactedMax) {
    // One packed array (newest-chunks.ts), handed over: the engine keeps no copy.
    const newest = compacted.packed();
    this.worker = new Worker(tsWorkerSource(new URL('./compaction-thread.ts', import.meta.url)), {
      eval: true,
      workerData: { db: db.reopen, compacted: newest },
      transferList: [newest.buffer as ArrayBuffer],
    });
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.once('message', () => resolve());
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`compaction thread exited (${code})`)));
    });
    this.ready.catch(() => undefined);
    this.worker.on('message', (m: FromThread | { kind: 'ready' }) => this.onMessage(m));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`compaction thread exited (${code})`)));
  }

  /**
   * Resolves once the thread has loaded its modules and opened its connection, or has failed to
   * (then `failed` is set and the engine compacts on the main thread).
   */
  async started(): Promise<void> {
    await this.ready.catch(() => undefined);
  }

  /** Compacts `heads` (which stay untouched for readers until this resolves). */
  async compact(heads: Heads): Promise<void> {
    await this.ready;
    if (this.failed) throw this.failed;
    const job = this.nextJob++;
    const done = new Promise<void>((resolve, reject) => this.jobs.set(job, { resolve, reject }));
    // Large heads' arrays are shared memory, read in place by the thread; small ones are
    // packed into a few arrays that are transferred, not cloned (head.ts), in slices of the
    // loop's time so that PUBACKs and reads go out between them (issue 21).
    const shared = await sliced(heads.shareSteps());
    if (this.failed) throw this.failed;
    this.post({ kind: 'compact', job, heads: shared }, transferablesOf(shared));
    return done;
  }

  private post(msg: ToThread, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(msg, transfer);
  }

  private onMessage(m: FromThread | { kind: 'ready' }): void {
    if (m.kind === 'done') {
      const job = this.jobs.get(m.job);
      this.jobs.delete(m.job);
      if (m.error === undefined) job?.resolve();
      else job?.reject(new Error(`compaction thread: ${m.error}`));
    }
  }

  private fail(e: Error): void {
    if (this.stopping) return;
    this.failed ??= e;
    for (const job of this.jobs.values()) job.reject(e);
    this.jobs.clear();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
  }
}

/** CPU a turn of the event loop gives the hand-off before it lets sockets and timers run. */
const SLICE_MS = 4;

/** Runs a stepwise job to its end, letting the event loop turn whenever a slice is used up. */
async function sliced<T>(steps: Generator<void, T>): Promise<T> {
  let until = performance.now() + SLICE_MS;
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    if (performance.now() >= until) {
      await new Promise((resolve) => setImmediate(resolve));
      until = performance.now() + SLICE_MS;
    }
  }
}
