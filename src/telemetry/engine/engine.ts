// The time-series engine: durable write path (one ingest-log record per acknowledged batch),
// in-memory heads, background compaction with a bounded buffer (backpressure), and recovery by
// replaying the ingest log on start. Queries read chunks + frozen heads + active heads.
import type { Db } from '../../storage/index.ts';
import type { SeriesRef } from '../types.ts';
import { CompactionThread } from './compaction-client.ts';
import { compactHeads, type CompactedMax } from './compactor.ts';
import { Heads } from './head.ts';
import {
  RecordPool,
  decodeLogRecord,
  encodeLogRecord,
  logRecordSize,
  type LogBatch,
} from './log-record.ts';
import { GroupCommit } from './group-commit.ts';
import { collectIfAbove } from './memory.ts';
import { openIngestLog, type IngestLog } from './ingest-log.ts';
import { SeriesRegistry } from './series-registry.ts';
import { NewestChunks, newestChunksOf } from './newest-chunks.ts';
import { loadStoredState } from './startup.ts';
import { newestSpans } from './store.ts';
import { Tail, type TailOptions } from './tail.ts';

export interface EngineOptions {
  /** Compact once the active heads hold this many points. */
  flushPoints: number;
  /** …or once the oldest head point is this old (wall clock). */
  flushAgeMs: number;
  /**
   * …or once no batch has arrived for this long after a burst (at least an eighth of
   * flushPoints buffered, or any remainder of a load that filled whole generations): a quiet
   * moment is the cheapest time. A trickle waits for flushAgeMs, so small batches are not
   * compacted one by one.
   */
  flushIdleMs: number;
  /** Refuse ingest (429) while compaction runs and the heads hold this many points. */
  maxBufferedPoints: number;
  /** How often the background loop looks for work. */
  tickMs: number;
  /**
   * Compact on a worker thread (the other core) when the database can be opened twice;
   * otherwise, or if the thread dies, compaction runs on the main thread.
   */
  compactionThread: boolean;
  /** After a compaction, a full GC when the process is at least this large (memory.ts). */
  collectAboveRssBytes: number;
  /**
   * A generation holds at least this many points per series written in it (above flushPoints
   * when many series write): each compaction extends every series' newest chunk and its rollup
   * rows once, so the points a series brings to it bound the rewrites per point (issue 21).
   * The age limit and the 429 limit grow in the same proportion.
   */
  generationPointsPerSeries: number;
  /** …but never more than this many points (memory: a frozen and an active generation). */
  maxGenerationPoints: number;
  /** The recent tail's limits (tail-store.ts defaults where not given). */
  tail?: Partial<TailOptions>;
}

export const defaultEngineOptions: EngineOptions = {
  flushPoints: 4_000_000,
  flushAgeMs: 30_000,
  flushIdleMs: 1_000,
  maxBufferedPoints: 10_000_000,
  tickMs: 250,
  compactionThread: true,
  collectAboveRssBytes: 768 * 1024 * 1024,
  // 32 points a series: at a million series a 32 M-point generation, about 0.5 GiB of heads
  // for rows of ten channels (head.ts), twice while one compacts; flushPoints rules below
  // 125,000 series.
  generationPointsPerSeries: 32,
  maxGenerationPoints: 32_000_000,
};

/**
 * Points of a finished generation the recent tail takes per acknowledged batch (and per tick):
 * a generation of 10,000 devices (3.3 M points) taken at once held the loop for seconds (issue
 * 21); in slices it is taken within a few hundred batches, long before the next generation.
 */
export const TAIL_SLICE = 32_768;

export interface PreparedBatch extends LogBatch {
  /** Points in the batch. */
  n: number;
  tenantId: string;
  newSeries: SeriesRef[];
}

export class Engine {
  readonly registry = new SeriesRegistry();
  /** Newest points of each series in memory, for queries over recent time (tail.ts). */
  readonly tail: Tail;
  active = new Heads();
  frozen: Heads | undefined;
  private nextLogId = 1;
  private compaction: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly writer: GroupCommit<PreparedBatch>;
  private lastWriteAt = 0;
  /** The last compaction was started by size: what is left when writers stop is a burst's tail. */
  private underLoad = false;
  lastCompactionError: unknown;
  private compacted: CompactedMax = new NewestChunks();
  private thread: CompactionThread | undefined;
  private readonly log: IngestLog;
  private readonly records = new RecordPool();

  constructor(
    readonly db: Db,
    readonly options: EngineOptions = defaultEngineOptions,
  ) {
    this.tail = new Tail(options.tail);
    this.log = openIngestLog(db);
    this.writer = new GroupCommit((group) => this.commitGroup(group), this.log.maxGroup);
  }

  /** Loads series, the latest-value index and replays the ingest log into the heads. */
  async start(): Promise<void> {
    this.compacted = await loadStoredState(this.db, this.registry, this.tail);
    for (const { id, data } of await this.log.replay()) {
      this.appendToHeads(decodeLogRecord(data), id);
      this.nextLogId = id + 1;
    }
    if (this.options.compactionThread) {
      this.thread = CompactionThread.start(this.db, this.compacted);
      // The thread owns the compaction state now (its arrays were handed over); should it
      // die, compactFrozen reads the state back from the store.
      if (this.thread) this.compacted = new NewestChunks();
    }
    this.timer = setInterval(() => {
      this.tail.follow(this.active, TAIL_SLICE); // the tail's intake goes on while ingest rests
      this.maybeCompact();
    }, this.options.tickMs);
    this.timer.unref();
  }

  /**
   * Resolves once the compaction thread has loaded (or failed to, or there is none). Start does
   * not wait for it (tests and the platform start many engines); a benchmark does, so that the
   * thread's start-up is not counted as the first batches' cost.
   */
  async compactionReady(): Promise<void> {
    await this.thread?.started();
  }

  /** Stops the loop and compacts what is buffered (a clean shutdown leaves an empty log). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    try {
      await this.flush();
    } finally {
      await this.thread?.stop();
      await this.log.close();
    }
  }

  /** Points buffered in memory, i.e. acknowledged but not yet compacted. */
  get bufferedPoints(): number {
    return this.active.points + (this.frozen?.points ?? 0);
  }

  /**
   * Points that make the active generation full: flushPoints, or more when so many series
   * write that flushPoints would give each only a few (generationPointsPerSeries).
   */
  get generationPoints(): number {
    const o = this.options;
    const bySeries = Math.min(
      this.active.ids.length * o.generationPointsPerSeries,
      o.maxGenerationPoints,
    );
    return Math.max(o.flushPoints, bySeries);
  }

  /** True when ingest should be refused with 429 until compaction catches up. */
  get overloaded(): boolean {
    // A larger generation needs the same room behind it: the limit grows in proportion.
    const scale = this.generationPoints / this.options.flushPoints;
    return this.bufferedPoints >= this.options.maxBufferedPoints * scale;
  }

  /**
   * Makes a batch durable (its new series and one ingest-log record, see ingest-log.ts), then
   * appends it to the heads. Batches that arrive while a write is in flight are written
   * together by the next one (group-commit.ts); log ids follow commit order.
   */
  write(build: () => PreparedBatch): Promise<PreparedBatch> {
    return this.writer.submit(build);
  }

  private async commitGroup(group: PreparedBatch[]): Promise<void> {
    const bufs = group.map((b) => this.records.take(logRecordSize(b.rows.ids.length, b.n)));
    const entries = group.map((b, i) => ({
      id: this.nextLogId++,
      data: encodeLogRecord(b, b.n, bufs[i]),
      tenantId: b.tenantId,
      points: b.n,
      newSeries: b.newSeries,
    }));
    try {
      await this.log.append(entries);
    } catch (e) {
      for (const b of group) this.registry.remove(b.newSeries);
      throw e;
    } finally {
      // Written (segment) or stored (table) by now: nothing holds the records any more.
      this.records.give(bufs);
    }
    group.forEach((b, i) => this.appendToHeads(b, entries[i]!.id));
    this.lastWriteAt = Date.now();
    if (this.active.points >= this.generationPoints) this.maybeCompact();
  }

  private appendToHeads(b: LogBatch, logId: number): void {
    const heads = this.active;
    heads.appendRows(b.rows, b.values);
    this.registry.noteLatestRows(b.rows, b.values);
    heads.maxLogId = logId;
    this.tail.follow(heads, TAIL_SLICE);
  }

  private maybeCompact(): void {
    if (this.compaction) return;
    const now = Date.now();
    const o = this.options;
    const size = this.generationPoints;
    const full = this.active.points >= size;
    const burst = this.active.points >= size / 8 || (this.underLoad && this.active.points > 0);
    const due =
      this.frozen !== undefined ||
      full ||
      // The age limit grows with the generation: else a fleet of a million series sending at
      // less than a million points a second would still be compacted a few points a series.
      (this.active.points > 0 &&
        now - this.active.since >= (o.flushAgeMs * size) / o.flushPoints) ||
      (burst && now - this.lastWriteAt >= o.flushIdleMs);
    if (!due) return;
    if (this.frozen === undefined) this.underLoad = full;
    this.compaction = this.compactOnce();
  }

  private async compactOnce(): Promise<void> {
    if (!this.frozen) {
      this.frozen = this.active;
      this.active = new Heads(this.frozen);
      this.log.rotate();
    }
    try {
      await this.compactFrozen(this.frozen);
      await this.log.drop(this.frozen.maxLogId);
      this.frozen = undefined;
      collectIfAbove(this.options.collectAboveRssBytes);
      // Hand the freed log pages back to the file system only when ingest is quiet: under
      // load the next batches reuse them, and shrinking and regrowing the file costs time.
      if (this.active.points < this.options.flushPoints / 10) await this.db.reclaimSpace();
      this.lastCompactionError = undefined;
    } catch (e) {
      // Keep the frozen heads (still in the log) and retry on the next tick.
      this.lastCompactionError = e;
      console.error('telemetry compaction failed; will retry', e);
    } finally {
      this.compaction = undefined;
    }
  }

  private async compactFrozen(heads: Heads): Promise<void> {
    if (this.thread?.failed) {
      console.error(
        'telemetry compaction thread failed; compacting on the main thread',
        this.thread.failed,
      );
      await this.thread.stop();
      this.thread = undefined;
      // The thread kept the newest-chunk state; read it back from what it wrote.
      this.compacted = newestChunksOf(await newestSpans(this.db));
    }
    if (this.thread) await this.thread.compact(heads);
    else await compactHeads(this.db, heads, this.compacted);
  }

  /** Compacts everything acknowledged so far (tests, shutdown, benchmarks). */
  async flush(): Promise<void> {
    await this.writer.idle();
    for (let guard = 0; guard < 10; guard++) {
      if (this.compaction) await this.compaction;
      if (!this.frozen && this.active.points === 0) return;
      this.compaction = this.compactOnce();
      await this.compaction;
      if (this.lastCompactionError) throw this.lastCompactionError;
    }
  }
}
