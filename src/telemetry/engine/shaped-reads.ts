// The engine's per-query reads with their SQL text compiled once per shape. Kysely builds and
// compiles a query on every call: for q2 of issue 21 (one series' hourly rollup rows, 24
// buckets) that took about 11 µs of CPU a call, as long as SQLite took to run it (27 against
// 16 µs a read, 20,000 reads of a kept benchmark database, under load). The text depends only on
// the dialect and the read's shape (how many series and resolutions it names, which optional
// conditions it has), so it is compiled once per shape and run again with new parameters.
import { CompiledQuery, type Compilable } from 'kysely';
import type { Db } from '../../storage/index.ts';

/** SQL text by shape, per Kysely instance (its dialect decides the placeholders). */
const texts = new WeakMap<object, Map<string, string>>();

/** Shapes kept per database: fleet reads of many series make a shape per batch length. */
const MAX_SHAPES = 128;

/**
 * Rows of the query `build` makes, whose bound parameters are `parameters` in order. The first
 * call of a shape compiles it and checks that the builder binds exactly these parameters, so a
 * shape whose parameters were listed in another order fails at once instead of reading wrong
 * rows.
 */
export async function readShaped<R>(
  db: Db,
  shape: string,
  build: () => Compilable<R>,
  parameters: readonly unknown[],
): Promise<R[]> {
  let byShape = texts.get(db.kysely);
  if (!byShape) texts.set(db.kysely, (byShape = new Map()));
  let text = byShape.get(shape);
  if (text === undefined) {
    const compiled = build().compile();
    const bound = compiled.parameters;
    if (bound.length !== parameters.length || bound.some((p, i) => p !== parameters[i]))
      throw new Error(`shaped read ${shape}: the builder binds other parameters`);
    text = compiled.sql;
    if (byShape.size >= MAX_SHAPES) byShape.clear();
    byShape.set(shape, text);
  }
  const result = await db.kysely.executeQuery<R>(CompiledQuery.raw(text, [...parameters]));
  return result.rows as R[];
}
