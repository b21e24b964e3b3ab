// Derived channels written back as telemetry of their asset, so COP or heat can be queried and
// charted like any measured channel. The rule engine reports each derived channel once per
// (asset, timestamp) with its final value (engine.ts, `onDerived`); this collector groups those
// values into one row per (asset, timestamp) for the composition root's writer. It keeps only
// what telemetry would accept: a channel the asset's model declares, or any channel where the
// model allows new channels (one refused point would refuse the whole ingest batch). Non-finite
// results (power = 0 in COP = cooling_load / power) are dropped: a gap, never NaN or Infinity.
// Every dropped value is counted, so a missing declaration shows up in the stats.
import type { DerivedChannel } from './expressions/index.ts';

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
  /** Values in batches the writer refused or failed on. */
  failed: number;
}

export interface WriteBackCollector {
  readonly stats: WriteBackStats;
  /** Per asset, the derived channels its model lets it store (set at each engine build). */
  setWritable(writable: Map<string, ReadonlySet<string>>): void;
  onDerived(asset: string, ts: number, channel: DerivedChannel, value: number): void;
  /** The rows collected since the last call. */
  take(): WriteBackRow[];
}

export function createWriteBackCollector(): WriteBackCollector {
  const stats: WriteBackStats = { written: 0, undeclared: 0, nonFinite: 0, failed: 0 };
  let writable = new Map<string, ReadonlySet<string>>();
  let rows: WriteBackRow[] = [];
  return {
    stats,
    setWritable(w) {
      writable = w;
    },
    onDerived(asset, ts, channel, value) {
      if (!Number.isFinite(value)) {
        stats.nonFinite++;
        return;
      }
      if (writable.get(asset)?.has(channel.name) !== true) {
        stats.undeclared++;
        return;
      }
      // The engine reports one (asset, ts) at a time, so only the last row can be the same.
      let row = rows[rows.length - 1];
      if (row?.asset !== asset || row.ts !== ts) {
        row = { asset, ts, values: {} };
        rows.push(row);
      }
      row.values[channel.name] = value;
    },
    take() {
      const out = rows;
      rows = [];
      return out;
    },
  };
}

/** Number of values in rows. */
export const valueCount = (rows: readonly WriteBackRow[]): number =>
  rows.reduce((n, r) => n + Object.keys(r.values).length, 0);
