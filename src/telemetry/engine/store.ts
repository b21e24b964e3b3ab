// SQL access of the engine, dialect-neutral through Kysely and `capabilities` (maxParameters for
// multi-row statements). The bulk writes of compaction run as one prepared statement per row
// where the database offers it (SQLite's `runEach`), inside the same transaction. Chunk and
// rollup blobs come back as Buffer (SQLite) or Buffer (pg bytea).
import type { Db } from '../../storage/index.ts';
import type { SeriesRef } from '../types.ts';
import { readShaped } from './shaped-reads.ts';

export interface ChunkRow {
  series_id: number;
  window_start: number;
  points: number;
  min_ts: number;
  max_ts: number;
  /** The value at max_ts; null on chunks stored before migration 043 (decode them). */
  last_value: number | null;
  data: Uint8Array;
}

export interface RollupRow {
  series_id: number;
  resolution: string;
  window_start: number;
  data: Uint8Array;
}

export type Tx = Db['kysely'];

/** Splits `rows` so each statement stays under the dialect's bind-parameter limit. */
export function batches<T>(rows: T[], paramsPerRow: number, maxParameters: number): T[][] {
  const size = Math.max(1, Math.min(1000, Math.floor(maxParameters / paramsPerRow)));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** A query Kysely would run: compiled for Db.eachRow, executed where that is absent. */
interface RowQuery {
  compile(): { sql: string; parameters: readonly unknown[] };
  execute(): Promise<object[]>;
}

/**
 * Each result row of `q` as an array of its column values in select order: without a row
 * object where the driver allows (Db.eachRow), else from Kysely's objects.
 */
async function eachRow(db: Db, q: RowQuery, row: (values: unknown[]) => void): Promise<void> {
  if (db.eachRow) {
    const c = q.compile();
    await db.eachRow(c.sql, c.parameters, row);
    return;
  }
  for (const r of await q.execute()) row(Object.values(r));
}

/**
 * One string object per distinct value: the driver makes a new string for every row, so a
 * million series held five million strings where a hundred thousand assets and ten channels
 * need about a hundred thousand (issue 21, memory per series).
 */
function interner() {
  const pool = new Map<string, string>();
  return (s: string): string => {
    const had = pool.get(s);
    if (had !== undefined) return had;
    pool.set(s, s);
    return s;
  };
}

export async function loadSeries(db: Db): Promise<SeriesRef[]> {
  // The columns a series is known by, not created_at: at a million rows every column read is
  // a million more values for the driver to convert and the collector to sweep; read as arrays
  // and made into the registry's objects at once, with their strings shared (issue 21: the
  // driver's row objects, then mapped copies, were 29 % of a restart's CPU at 1 M series).
  const one = interner();
  const out: SeriesRef[] = [];
  const q = db.kysely
    .selectFrom('telemetry_series')
    .select(['id', 'tenant_id', 'asset_id', 'channel', 'model_id', 'customer_id']);
  await eachRow(db, q, (r) => {
    out.push({
      id: Number(r[0]),
      tenantId: one(r[1] as string),
      assetId: one(r[2] as string),
      channel: one(r[3] as string),
      modelId: r[4] === null ? null : one(r[4] as string),
      customerId: r[5] === null ? null : one(r[5] as string),
    });
  });
  return out;
}

export async function insertSeries(db: Db, tx: Tx, series: SeriesRef[], now: number) {
  for (const part of batches(series, 7, db.capabilities.maxParameters)) {
    await tx
      .insertInto('telemetry_series')
      .values(
        part.map((s) => ({
          id: s.id,
          tenant_id: s.tenantId,
          asset_id: s.assetId,
          channel: s.channel,
          model_id: s.modelId,
          customer_id: s.customerId,
          created_at: now,
        })),
      )
      .execute();
  }
}

/** Stores an asset's current customer and model on its series (see series-scope.ts). */
export async function updateSeriesScope(
  db: Db,
  s: { tenantId: string; assetId: string; customerId: string | null; modelId: string | null },
): Promise<void> {
  await db.kysely
    .updateTable('telemetry_series')
    .set({ customer_id: s.customerId, model_id: s.modelId })
    .where('tenant_id', '=', s.tenantId)
    .where('asset_id', '=', s.assetId)
    .execute();
}

export async function chunksFor(
  db: Db,
  seriesIds: number[],
  fromWindow: number,
  toWindow: number,
  /** Only chunks holding points in [from, to), when given. */
  range?: { from: number; to: number },
): Promise<ChunkRow[]> {
  const out: ChunkRow[] = [];
  for (const part of batches(seriesIds, 1, db.capabilities.maxParameters - 8)) {
    const build = () => {
      const q = db.kysely
        .selectFrom('telemetry_chunks')
        .selectAll()
        .where('series_id', 'in', part)
        .where('window_start', '>=', fromWindow)
        .where('window_start', '<=', toWindow);
      return range ? q.where('max_ts', '>=', range.from).where('min_ts', '<', range.to) : q;
    };
    const rows = await readShaped(db, `chunks:${part.length}:${range ? 'range' : 'all'}`, build, [
      ...part,
      fromWindow,
      toWindow,
      ...(range ? [range.from, range.to] : []),
    ]);
    for (const r of rows) out.push(normaliseChunk(r));
  }
  return out;
}

/** Where a stored chunk lies and how many points it holds, without its data. */
export interface ChunkSpan {
  series_id: number;
  min_ts: number;
  max_ts: number;
  points: number;
}

/** The spans of the chunks of `seriesIds` holding points in [from, to): no blob is read. */
export async function chunkSpans(
  db: Db,
  seriesIds: number[],
  fromWindow: number,
  toWindow: number,
  range: { from: number; to: number },
): Promise<ChunkSpan[]> {
  const out: ChunkSpan[] = [];
  for (const part of batches(seriesIds, 1, db.capabilities.maxParameters - 8)) {
    const rows = await readShaped(
      db,
      `spans:${part.length}`,
      () =>
        db.kysely
          .selectFrom('telemetry_chunks')
          .select(['series_id', 'min_ts', 'max_ts', 'points'])
          .where('series_id', 'in', part)
          .where('window_start', '>=', fromWindow)
          .where('window_start', '<=', toWindow)
          .where('max_ts', '>=', range.from)
          .where('min_ts', '<', range.to),
      [...part, fromWindow, toWindow, range.from, range.to],
    );
    for (const r of rows) {
      out.push({
        series_id: Number(r.series_id),
        min_ts: Number(r.min_ts),
        max_ts: Number(r.max_ts),
        points: Number(r.points),
      });
    }
  }
  return out;
}

const normaliseChunk = (r: ChunkRow): ChunkRow => ({
  series_id: Number(r.series_id),
  window_start: Number(r.window_start),
  points: Number(r.points),
  min_ts: Number(r.min_ts),
  max_ts: Number(r.max_ts),
  last_value: r.last_value === null || r.last_value === undefined ? null : Number(r.last_value),
  data: r.data,
});

export async function rollupsFor(
  db: Db,
  seriesIds: number[],
  resolution: string | string[],
  fromWindow: number,
  toWindow: number,
): Promise<RollupRow[]> {
  const out: RollupRow[] = [];
  const resolutions = Array.isArray(resolution) ? resolution : [resolution];
  for (const part of batches(seriesIds, 1, db.capabilities.maxParameters - 4)) {
    const rows = await readShaped(
      db,
      `rollups:${part.length}:${resolutions.length}`,
      () =>
        db.kysely
          .selectFrom('telemetry_rollups')
          .selectAll()
          .where('series_id', 'in', part)
          .where('resolution', 'in', resolutions)
          .where('window_start', '>=', fromWindow)
          .where('window_start', '<=', toWindow),
      [...part, ...resolutions, fromWindow, toWindow],
    );
    for (const r of rows) {
      out.push({ ...r, series_id: Number(r.series_id), window_start: Number(r.window_start) });
    }
  }
  return out;
}

/** Where each series' newest chunk lies and its last value, without its data (a start). */
export interface NewestSpan extends ChunkSpan {
  window_start: number;
  last_value: number | null;
}

/** Series a query of newestSpans covers: only a page's chunk rows are held at once. */
const SPAN_PAGE = 50_000;

/**
 * Each series' newest chunk, by one pass over the chunks in key order (series, window, first
 * time), a page of series ids a query. Issue 21: the join of every chunk with its series'
 * GROUP BY max took 3.4 CPU-seconds at a million series on SQLite (a scan for the maxima, then
 * a key lookup a series), the ordered pass 1.0; the newest is still the chunk with the latest
 * max_ts, whatever its place in the key.
 */
export async function newestSpans(db: Db, page = SPAN_PAGE): Promise<NewestSpan[]> {
  const top = await db.kysely
    .selectFrom('telemetry_chunks')
    .select((e) => e.fn.max('series_id').as('m'))
    .executeTakeFirst();
  const last = top?.m === null || top?.m === undefined ? -1 : Number(top.m);
  const out: NewestSpan[] = [];
  for (let from = 0; from <= last; from += page) {
    const q = db.kysely
      .selectFrom('telemetry_chunks')
      .select(['series_id', 'window_start', 'min_ts', 'max_ts', 'points', 'last_value'])
      .where('series_id', '>=', from)
      .where('series_id', '<', from + page)
      .orderBy('series_id')
      .orderBy('window_start')
      .orderBy('min_ts');
    let cur: NewestSpan | undefined;
    // Rows as arrays (eachRow): a million chunk rows made no row objects for the collector.
    await eachRow(db, q, (r) => {
      const sid = Number(r[0]);
      const maxTs = Number(r[3]);
      if (cur?.series_id === sid) {
        if (maxTs < cur.max_ts) return;
      } else if (cur) out.push(cur);
      cur = {
        series_id: sid,
        window_start: Number(r[1]),
        min_ts: Number(r[2]),
        max_ts: maxTs,
        points: Number(r[4]),
        last_value: r[5] === null ? null : Number(r[5]),
      };
    });
    if (cur) out.push(cur);
  }
  return out;
}

/** The chunks of series that end at the given times (each series' newest, from newestSpans). */
export async function chunkData(db: Db, keys: NewestSpan[]): Promise<ChunkRow[]> {
  const out: ChunkRow[] = [];
  for (const part of batches(keys, 1, db.capabilities.maxParameters - 4)) {
    const endOf = new Map(part.map((k) => [k.series_id, k.max_ts]));
    let from = Infinity;
    for (const k of part) from = Math.min(from, k.window_start);
    const rows = await db.kysely
      .selectFrom('telemetry_chunks')
      .selectAll()
      .where('series_id', 'in', [...endOf.keys()])
      .where('window_start', '>=', from)
      .execute();
    for (const r of rows) {
      const c = normaliseChunk(r);
      if (endOf.get(c.series_id) === c.max_ts) out.push(c);
    }
  }
  return out;
}

export async function insertChunks(db: Db, tx: Tx, rows: ChunkRow[]): Promise<void> {
  if (db.runEach) {
    const sql = `INSERT INTO telemetry_chunks
      (series_id, window_start, points, min_ts, max_ts, last_value, data)
      VALUES (?, ?, ?, ?, ?, ?, ?)`;
    const params = rows.map((r) => [
      r.series_id,
      r.window_start,
      r.points,
      r.min_ts,
      r.max_ts,
      r.last_value,
      r.data,
    ]);
    return db.runEach(sql, params);
  }
  for (const part of batches(rows, 7, db.capabilities.maxParameters)) {
    await tx.insertInto('telemetry_chunks').values(part).execute();
  }
}

/**
 * Deletes the rows of `table` whose `columns` equal each key's values: one prepared statement
 * per key where the database runs them cheaply (SQLite's runEach), else OR-ed key tests in
 * statements under the bind-parameter limit.
 */
async function deleteByKey<K>(
  db: Db,
  tx: Tx,
  table: 'telemetry_chunks' | 'telemetry_rollups',
  columns: readonly string[],
  keys: readonly K[],
  values: (k: K) => unknown[],
): Promise<void> {
  if (keys.length === 0) return;
  if (db.runEach) {
    const where = columns.map((c) => `${c} = ?`).join(' AND ');
    return db.runEach(`DELETE FROM ${table} WHERE ${where}`, keys.map(values));
  }
  for (const part of batches([...keys], columns.length, db.capabilities.maxParameters)) {
    await tx
      .deleteFrom(table)
      .where((eb) =>
        eb.or(
          part.map((k) => {
            const v = values(k);
            return eb.and(columns.map((c, i) => eb(tx.dynamic.ref(c), '=', v[i])));
          }),
        ),
      )
      .execute();
  }
}

/** Deletes every chunk of the given (series, window) pairs, before writing a merged one. */
export function deleteWindows(
  db: Db,
  tx: Tx,
  keys: { series_id: number; window_start: number }[],
): Promise<void> {
  return deleteByKey(db, tx, 'telemetry_chunks', ['series_id', 'window_start'], keys, (k) => [
    k.series_id,
    k.window_start,
  ]);
}

/** Deletes chunks by their full key (series, window, first time). */
export function deleteChunks(db: Db, tx: Tx, keys: ChunkRow[]): Promise<void> {
  const columns = ['series_id', 'window_start', 'min_ts'];
  return deleteByKey(db, tx, 'telemetry_chunks', columns, keys, (k) => [
    k.series_id,
    k.window_start,
    k.min_ts,
  ]);
}

export async function upsertRollups(db: Db, tx: Tx, rows: RollupRow[]): Promise<void> {
  if (db.runEach) {
    const sql = `INSERT INTO telemetry_rollups (series_id, resolution, window_start, data)
      VALUES (?, ?, ?, ?)
      ON CONFLICT (series_id, resolution, window_start) DO UPDATE SET data = excluded.data`;
    const params = rows.map((r) => [r.series_id, r.resolution, r.window_start, r.data]);
    return db.runEach(sql, params);
  }
  for (const part of batches(rows, 4, db.capabilities.maxParameters)) {
    await tx
      .insertInto('telemetry_rollups')
      .values(part)
      .onConflict((oc) =>
        oc
          .columns(['series_id', 'resolution', 'window_start'])
          .doUpdateSet((eb) => ({ data: eb.ref('excluded.data') })),
      )
      .execute();
  }
}

/** Deletes rollup rows by their full key (series, resolution, window). */
export function deleteRollups(db: Db, tx: Tx, keys: RollupRow[]): Promise<void> {
  const columns = ['series_id', 'resolution', 'window_start'];
  return deleteByKey(db, tx, 'telemetry_rollups', columns, keys, (k) => [
    k.series_id,
    k.resolution,
    k.window_start,
  ]);
}
