// Derived channels written back as telemetry of their asset, so COP or heat can be queried and
// charted like any measured channel. The rule engine reports each derived channel once per
// (asset, timestamp) with its final value (engine.ts, `onDerived`); this collector groups those
// values into one row per (asset, timestamp), in columns (the ingest pipeline's own shape, so a
// row costs no object and no key list of its own), for the composition root's writer. It keeps
// only what telemetry would accept: a channel the asset's model declares, or any channel where
// the model allows new channels (one refused point would refuse the whole ingest batch).
// Non-finite results (power = 0 in COP = cooling_load / power) are dropped: a gap, never NaN or
// Infinity. Every dropped value is counted, so a missing declaration shows up in the stats.
//
// Rows wait in the collector until the writer takes them: while one write is in flight the
// next batches' rows gather, and go in the next write together (runtime.ts), as group commit
// gathers acknowledgements. A write holds at most `maxValues` values (telemetry's new-series
// limit per request is 20,000).
//
// A stored value is the short decimal it is within float noise of (`shortDecimal`): c0 − c9 of
// readings 5.2 and 2923.3 is −2918.1000000000004 in doubles; −2918.1 is what the readings say, and it packs into a byte or two where the noisy double takes eight (codec/values.ts). The
// rules see the value as computed.
import type { DerivedChannel } from './expressions/index.ts';

/** Derived values to store, one row per (asset, timestamp), in columns. */
export interface WriteBackBatch {
  /** Asset id of each row. */
  assets: string[];
  /** Time of each row (epoch ms). */
  ts: Float64Array;
  /** Channel names of each row; rows naming the same channels share one array. */
  channels: string[][];
  /** Row i's values are values[start[i]] … values[start[i + 1] − 1], in its channels' order. */
  start: Uint32Array;
  /** Every value finite. */
  values: Float64Array;
}

/** A row of a batch as an object (logs, tests). */
export interface WriteBackRow {
  asset: string;
  ts: number;
  values: Record<string, number>;
}

export interface WriteBackStats {
  /** Values handed to the writer and acknowledged. */
  written: number;
  /** Values not written: the model neither declares the channel nor allows new channels. */
  undeclared: number;
  /** Values not written: NaN or ±Infinity (a division by zero, an input not yet seen). */
  nonFinite: number;
  /** Values in batches the writer refused or failed on, or in rows it left out. */
  failed: number;
}

export interface WriteBackCollector {
  readonly stats: WriteBackStats;
  /** Per asset, the derived channels its model lets it store (set at each engine build). */
  setWritable(writable: Map<string, ReadonlySet<string>>): void;
  onDerived(asset: string, ts: number, channel: DerivedChannel, value: number): void;
  /** Values collected and not yet taken. */
  readonly pending: number;
  /** The oldest rows collected and not yet taken, at most `maxValues` values (whole rows). */
  take(): WriteBackBatch;
}

/** Values a write holds at most (a row is never split). */
export const WRITE_BACK_MAX_VALUES = 20_000;

/** Doubles within this many units in the last place of a short decimal are that decimal. */
const NOISE_ULPS = 4;
const MAX_PLACES = 12;
/** The codec scales decimals to integers below 2^50 (codec/values.ts). */
const MAX_SCALED = 2 ** 50;
const pow10 = Array.from({ length: MAX_PLACES + 1 }, (_, e) => 10 ** e);

/**
 * The decimal of at most 12 places that `v` is within a few ulps of, or `v` itself when there
 * is none (1/3, a cancellation's leftover, a value too large to scale). Exact decimals stay as
 * they are. Rounding a sum of fixed-resolution readings (engine/rollup.ts, exactSums) is the
 * same idea.
 */
export function shortDecimal(v: number): number {
  const tolerance = Math.abs(v) * NOISE_ULPS * Number.EPSILON;
  for (let e = 0; e <= MAX_PLACES; e++) {
    const p = pow10[e]!;
    const m = Math.round(v * p);
    if (Math.abs(m) >= MAX_SCALED) return v;
    const d = m / p;
    if (d === v) return v;
    if (Math.abs(d - v) <= tolerance) return d === 0 ? v : d;
  }
  return v;
}

/** Rows being collected (closed rows have their channel names). */
class Chunk {
  readonly assets: string[] = [];
  readonly channels: string[][] = [];
  readonly ts: number[] = [];
  readonly start: number[] = [0];
  readonly values: number[] = [];

  toBatch(): WriteBackBatch {
    return {
      assets: this.assets,
      ts: new Float64Array(this.ts),
      channels: this.channels,
      start: new Uint32Array(this.start),
      values: new Float64Array(this.values),
    };
  }
}

const noNames: string[] = [];

export function createWriteBackCollector(maxValues = WRITE_BACK_MAX_VALUES): WriteBackCollector {
  const stats: WriteBackStats = { written: 0, undeclared: 0, nonFinite: 0, failed: 0 };
  let writable = new Map<string, ReadonlySet<string>>();
  const chunks: Chunk[] = [];
  let pending = 0;
  // The open row's chunk (undefined: no open row), asset and time, and its channel names: the
  // first `count` of `shared` (the last closed row's names) while they match, else `own`, so
  // rows with equal names share one list and the usual row makes none.
  let open: Chunk | undefined;
  let openAsset = '';
  let openTs = NaN;
  let count = 0;
  let own: string[] | undefined;
  let shared = noNames;

  /** Closes the open row, giving it its channel names. */
  const close = () => {
    if (!open) return;
    const names = own ?? (count === shared.length ? undefined : shared.slice(0, count));
    if (names !== undefined) shared = names;
    open.channels.push(shared);
    open = undefined;
  };

  /** Position of `name` among the open row's channels, or -1. */
  const indexInRow = (name: string) => {
    if (own) return own.indexOf(name);
    for (let k = 0; k < count; k++) if (shared[k] === name) return k;
    return -1;
  };

  return {
    stats,
    get pending() {
      return pending;
    },
    setWritable(w) {
      writable = w;
    },
    onDerived(asset, ts, channel, value) {
      if (!Number.isFinite(value)) {
        stats.nonFinite++;
        return;
      }
      const name = channel.name;
      if (writable.get(asset)?.has(name) !== true) {
        stats.undeclared++;
        return;
      }
      const v = shortDecimal(value);
      let c = open;
      if (c === undefined || openAsset !== asset || openTs !== ts) {
        close();
        c = chunks[chunks.length - 1];
        if (!c || c.values.length >= maxValues) chunks.push((c = new Chunk()));
        c.assets.push(asset);
        c.ts.push(ts);
        c.start.push(c.values.length);
        open = c;
        openAsset = asset;
        openTs = ts;
        count = 0;
        own = undefined;
      } else {
        // The same instant reported again (its inputs came in two batches): the last value wins.
        const k = indexInRow(name);
        if (k >= 0) {
          c.values[c.start[c.start.length - 2]! + k] = v;
          return;
        }
      }
      if (own) own.push(name);
      else if (shared[count] !== name) {
        own = shared.slice(0, count);
        own.push(name);
      }
      count++;
      c.values.push(v);
      c.start[c.start.length - 1] = c.values.length;
      pending++;
    },
    take() {
      const c = chunks.shift();
      if (!c) return new Chunk().toBatch();
      if (c === open) close();
      pending -= c.values.length;
      return c.toBatch();
    },
  };
}

/** The rows of a batch as objects. */
export function writeBackRows(b: WriteBackBatch): WriteBackRow[] {
  return b.assets.map((asset, i) => {
    const values: Record<string, number> = {};
    const names = b.channels[i]!;
    for (let k = 0; k < names.length; k++) values[names[k]!] = b.values[b.start[i]! + k]!;
    return { asset, ts: b.ts[i]!, values };
  });
}
