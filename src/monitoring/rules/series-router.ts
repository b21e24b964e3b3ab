// Routes telemetry batches (the ingest pipeline's columnar shape: n points, a series per index,
// ts[], values[]) into the rule engine. Series ids are small integers, so the (asset index,
// slot) of a series is cached in two typed arrays and a point costs two array reads before
// engine.ingest — no string hashing per point. Series of assets without rules, or channels the
// asset's layout does not know, are remembered as skipped.
import type { RuleEngine } from './engine.ts';

export interface SeriesLike {
  id: number;
  assetId: string;
  channel: string;
}

export interface SeriesRouter {
  /** Feeds one batch; returns the number of points that reached the engine (not skipped or late). */
  route(
    n: number,
    series: (i: number) => SeriesLike | undefined,
    ts: ArrayLike<number>,
    values: ArrayLike<number>,
  ): number;
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

  const resolve = (s: SeriesLike): number => {
    if (s.id >= assetOf.length) grow(s.id);
    const where = locate(s.assetId, s.channel);
    assetOf[s.id] = where ? where.asset : skip;
    if (where) slotOf[s.id] = where.slot;
    return assetOf[s.id]!;
  };

  return {
    route(n, series, ts, values) {
      let fed = 0;
      for (let i = 0; i < n; i++) {
        const s = series(i);
        if (s === undefined) continue;
        let a = s.id < assetOf.length ? assetOf[s.id]! : unknown;
        if (a === unknown) a = resolve(s);
        if (a === skip) continue;
        if (engine.ingest(a, slotOf[s.id]!, ts[i]!, values[i]!)) fed++;
      }
      return fed;
    },
    reset() {
      assetOf.fill(unknown);
    },
  };
}
