// Routes telemetry batches (the ingest pipeline's columnar shape: n points, a series id per
// point, ts[], values[]) into the rule engine. Series ids are small integers, so the (asset
// index, slot) of a series is cached in two typed arrays and a point costs two array reads
// before engine.ingest — no string hashing and no object per point. Series of assets without
// rules, or channels the asset's layout does not know, are remembered as skipped. A series id
// names one (asset, channel) for as long as the process runs, so a route stays valid until the
// engine is rebuilt, which builds a new router.
import type { RuleEngine } from './engine.ts';

export interface SeriesLike {
  assetId: string;
  channel: string;
}

/** A batch of points in columns, valid during the call that hands it over. */
export interface PointColumns {
  n: number;
  seriesId: ArrayLike<number>;
  ts: ArrayLike<number>;
  values: ArrayLike<number>;
  /** The series behind an id; asked once per id, the first time the router sees it. */
  series(id: number): SeriesLike | undefined;
}

export interface SeriesRouter {
  /** Feeds one batch; returns the number of points that reached the engine (not skipped or late). */
  route(batch: PointColumns): number;
  /** Forget cached routes (after rules or layouts change, or an asset is added). */
  reset(): void;
}

const unknown = -1;
const skip = -2;

/** Engine index and raw slot of (asset, channel) by the engine's own registry. */
function locateIn(engine: RuleEngine) {
  return (assetId: string, channel: string) => {
    const asset = engine.indexOf(assetId);
    const slot = asset === undefined ? undefined : engine.rawSlot(asset, channel);
    return slot === undefined ? undefined : { asset: asset!, slot };
  };
}

export function createSeriesRouter(
  engine: RuleEngine,
  /** Engine index and raw slot for (asset, channel), or undefined when not monitored. */
  locate: (
    assetId: string,
    channel: string,
  ) => { asset: number; slot: number } | undefined = locateIn(engine),
): SeriesRouter {
  let assetOf = new Int32Array(1024).fill(unknown);
  let slotOf = new Int32Array(1024);

  const grow = (id: number) => {
    let size = assetOf.length;
    while (size <= id) size *= 2;
    const a = new Int32Array(size).fill(unknown);
    a.set(assetOf);
    const s = new Int32Array(size);
    s.set(slotOf);
    assetOf = a;
    slotOf = s;
  };

  const resolve = (id: number, s: SeriesLike | undefined): number => {
    // An unknown id is not remembered: nothing says what it will name.
    if (s === undefined) return skip;
    if (id >= assetOf.length) grow(id);
    const where = locate(s.assetId, s.channel);
    assetOf[id] = where ? where.asset : skip;
    if (where) slotOf[id] = where.slot;
    return assetOf[id]!;
  };

  return {
    route(batch) {
      const { n, seriesId, ts, values } = batch;
      let fed = 0;
      for (let i = 0; i < n; i++) {
        const id = seriesId[i]!;
        let a = id < assetOf.length ? assetOf[id]! : unknown;
        if (a === unknown) a = resolve(id, batch.series(id));
        if (a === skip) continue;
        if (engine.ingest(a, slotOf[id]!, ts[i]!, values[i]!)) fed++;
      }
      return fed;
    },
    reset() {
      assetOf.fill(unknown);
    },
  };
}
