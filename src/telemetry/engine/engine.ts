// The time-series engine: durable write path (one ingest-log insert per acknowledged batch),
// in-memory heads, background compaction with a bounded buffer (backpressure), and recovery by
// replaying the ingest log on start. Queries read chunks + frozen heads + active heads.
import type { Db } from '../../storage/index.ts';
import { decodeChunk } from '../codec/chunk.ts';
import type { SeriesRef } from '../types.ts';
import { compactHeads, type CompactedMax } from './compactor.ts';
import { Heads } from './head.ts';
import { decodeLogRecord, encodeLogRecord, type LogPoints } from './log-record.ts';
import { SeriesRegistry } from './series-registry.ts';
import { insertSeries, loadSeries, newestChunks } from './store.ts';
import { Tail } from './tail.ts';

export interface EngineOptions {
  /** Compact once the active heads hold this many points. */
  flushPoints: number;
  /** …or once the oldest head point is this old (wall clock). */
  flushAgeMs: number;
  /** Refuse ingest (429) while compaction runs and the heads hold this many points. */
  maxBufferedPoints: number;
  /** How often the background loop looks for work. */
  tickMs: number;
}

export const defaultEngineOptions: EngineOptions = {
  flushPoints: 2_000_000,
  flushAgeMs: 30_000,
  maxBufferedPoints: 6_000_000,
  tickMs: 250,
};

export interface PreparedBatch extends LogPoints {
  n: number;
  tenantId: string;
  newSeries: SeriesRef[];
}

export class Engine {
  readonly registry = new SeriesRegistry();
  /** Newest points of each series in memory, for queries over recent time (tail.ts). */
  readonly tail = new Tail();
  active = new Heads();
  frozen: Heads | undefined;
  private nextLogId = 1;
  private compaction: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writeChain: Promise<unknown> = Promise.resolve();
  lastCompactionError: unknown;
  private readonly compacted: CompactedMax = new Map();

  constructor(
    readonly db: Db,
    readonly options: EngineOptions = defaultEngineOptions,
  ) {}

  /** Loads series, the latest-value index and replays the ingest log into the heads. */
  async start(): Promise<void> {
    for (const s of await loadSeries(this.db)) this.registry.add(s);
    for (const c of await newestChunks(this.db)) {
      const p = decodeChunk(c.data);
      const n = p.ts.length;
      if (n > 0) this.registry.noteLatest(c.series_id, p.ts[n - 1]!, p.values[n - 1]!);
      this.compacted.set(c.series_id, c);
      this.tail.seed(c.series_id, p);
    }
    const log = await this.db.kysely
      .selectFrom('telemetry_ingest_log')
      .select(['id', 'data'])
      .orderBy('id')
      .execute();
    for (const row of log) {
      const id = Number(row.id);
      const rec = decodeLogRecord(row.data);
      this.appendToHeads(rec, rec.ts.length, id);
      this.nextLogId = id + 1;
    }
    this.timer = setInterval(() => this.maybeCompact(), this.options.tickMs);
    this.timer.unref();
  }

  /** Stops the loop and compacts what is buffered (a clean shutdown leaves an empty log). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  /** Points buffered in memory, i.e. acknowledged but not yet compacted. */
  get bufferedPoints(): number {
    return this.active.points + (this.frozen?.points ?? 0);
  }

  /** True when ingest should be refused with 429 until compaction catches up. */
  get overloaded(): boolean {
    return this.bufferedPoints >= this.options.maxBufferedPoints;
  }

  /**
   * Makes a batch durable (new series rows and one log record in one transaction), then
   * appends it to the heads. Writes are serialised so log ids follow commit order.
   */
  write(build: () => PreparedBatch): Promise<PreparedBatch> {
    const run = this.writeChain.then(() => this.writeNow(build()));
    this.writeChain = run.catch(() => undefined);
    return run;
  }

  private async writeNow(b: PreparedBatch): Promise<PreparedBatch> {
    const id = this.nextLogId++;
    const data = encodeLogRecord(b, b.n);
    const now = Date.now();
    try {
      await this.db.kysely.transaction().execute(async (tx) => {
        if (b.newSeries.length > 0) await insertSeries(this.db, tx, b.newSeries, now);
        await tx
          .insertInto('telemetry_ingest_log')
          .values({ id, tenant_id: b.tenantId, received_at: now, points: b.n, data })
          .execute();
      });
    } catch (e) {
      this.registry.remove(b.newSeries);
      throw e;
    }
    this.appendToHeads(b, b.n, id);
    if (this.active.points >= this.options.flushPoints) this.maybeCompact();
    return b;
  }

  private appendToHeads(p: LogPoints, n: number, logId: number): void {
    const heads = this.active;
    for (let i = 0; i < n; i++) {
      heads.append(p.seriesId[i]!, p.ts[i]!, p.values[i]!);
      this.registry.noteLatest(p.seriesId[i]!, p.ts[i]!, p.values[i]!);
    }
    heads.maxLogId = logId;
    this.tail.appendBatch(p, n);
  }

  private maybeCompact(): void {
    if (this.compaction) return;
    const due =
      this.frozen !== undefined ||
      this.active.points >= this.options.flushPoints ||
      (this.active.points > 0 && Date.now() - this.active.since >= this.options.flushAgeMs);
    if (due) this.compaction = this.compactOnce();
  }

  private async compactOnce(): Promise<void> {
    if (!this.frozen) {
      this.frozen = this.active;
      this.active = new Heads();
    }
    try {
      await compactHeads(this.db, this.frozen, this.compacted);
      this.frozen = undefined;
      this.lastCompactionError = undefined;
    } catch (e) {
      // Keep the frozen heads (still in the log) and retry on the next tick.
      this.lastCompactionError = e;
      console.error('telemetry compaction failed; will retry', e);
    } finally {
      this.compaction = undefined;
    }
  }

  /** Compacts everything acknowledged so far (tests, shutdown, benchmarks). */
  async flush(): Promise<void> {
    await this.writeChain;
    for (let guard = 0; guard < 10; guard++) {
      if (this.compaction) await this.compaction;
      if (!this.frozen && this.active.points === 0) return;
      this.compaction = this.compactOnce();
      await this.compaction;
      if (this.lastCompactionError) throw this.lastCompactionError;
    }
  }
}
