// Compaction work per point at a given series count, counted rather than timed (issue 21): a
// fleet of `assets` × `channels` series writes `rounds` rows each, in time order, through the
// telemetry service; compaction runs on the main thread so its counters (compactor.ts) are this
// process's; writers pause while a generation compacts. The result divides chunk rows rewritten and rollup rows written by the points.
// Used by the compaction test and `npm run bench -- compaction`.
import type { Db } from '../storage/index.ts';
import { compactionCounters } from './engine/compactor.ts';
import type { EngineOptions } from './engine/engine.ts';
import { createTelemetryService, type Scope } from './index.ts';
import { assetKey, fleetResolver, openTimePolicy } from './test-support.ts';

export interface WorkRun {
  assets: number;
  channels: number;
  /** Rows each asset writes, one every `stepMs`. */
  rounds: number;
  stepMs?: number;
  /** Engine options over the defaults (flushPoints, generationPointsPerSeries…). */
  engine?: Partial<EngineOptions>;
}

export interface WorkResult {
  series: number;
  points: number;
  generations: number;
  chunksWritten: number;
  chunksRewritten: number;
  rollupsWritten: number;
  /** Per million points compacted. */
  perMillionPoints: { chunksWritten: number; chunksRewritten: number; rollupsWritten: number };
}

const T0 = Date.UTC(2026, 0, 5);
const scope: Scope = { tenantId: 'tn_work', customerIds: null };

export async function measureCompactionWork(db: Db, run: WorkRun): Promise<WorkResult> {
  const { assets, channels, rounds, stepMs = 10_000 } = run;
  const svc = await createTelemetryService({
    db,
    resolver: fleetResolver(scope.tenantId, assets, channels),
    // Compaction only when a generation is full (no age or idle flush to make it timing-bound).
    engine: {
      flushAgeMs: 1e12,
      flushIdleMs: 1e12,
      maxBufferedPoints: 1e12,
      tickMs: 20,
      compactionThread: false,
      ...run.engine,
    },
    policy: openTimePolicy,
  });
  const before = { ...compactionCounters };
  try {
    const fields = Array.from({ length: channels }, (_, c) => `c${c}`);
    // 20,000 points a request: at most the new series a request may register (ingest limits).
    const perRequest = Math.max(1, Math.floor(20_000 / channels));
    for (let r = 0; r < rounds; r++) {
      const t = T0 + r * stepMs;
      for (let first = 0; first < assets; first += perRequest) {
        const lines: string[] = [];
        for (let a = first; a < Math.min(assets, first + perRequest); a++) {
          const f = fields.map((k, c) => `${k}=${(a + c + r) % 97}`).join(',');
          lines.push(`chiller,asset=${assetKey(a)} ${f} ${t}`);
        }
        await svc.ingestLineProtocol(scope, lines.join('\n'), 'ms');
        // Writers wait for a running compaction, so each generation is frozen at the size the
        // engine chose, however fast this host compacts (a loaded host would let it grow).
        while (svc.engine.frozen) await new Promise((r) => setTimeout(r, 5));
      }
    }
    await svc.flush();
  } finally {
    await svc.close();
  }
  const d = {
    generations: compactionCounters.generations - before.generations,
    points: compactionCounters.points - before.points,
    chunksWritten: compactionCounters.chunksWritten - before.chunksWritten,
    chunksRewritten: compactionCounters.chunksRewritten - before.chunksRewritten,
    rollupsWritten: compactionCounters.rollupsWritten - before.rollupsWritten,
  };
  const perM = (n: number) => Math.round((n / d.points) * 1e6);
  return {
    series: assets * channels,
    ...d,
    perMillionPoints: {
      chunksWritten: perM(d.chunksWritten),
      chunksRewritten: perM(d.chunksRewritten),
      rollupsWritten: perM(d.rollupsWritten),
    },
  };
}
