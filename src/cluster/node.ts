// One node's part in the cluster: its leases, the workers of the partitions it owns (each
// writing to PostgreSQL and then offering the stored points to this node's live subscribers,
// i.e. its rules, so a point is evaluated by its partition's owner only) and the cache bus.
import { hostname } from 'node:os';
import type { Transaction } from 'kysely';
import { randomBytes } from 'node:crypto';
import type { Revocations } from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import type { TelemetryService } from '../telemetry/index.ts';
import { BackgroundLease, type BackgroundWork } from './background.ts';
import {
  bridgeRevocations,
  shareAlarmFeed,
  shareRuleReloads,
  GRANTS_SUBJECT,
  type SharedAlarmFeed,
} from './cache-bus.ts';
import type { LogWriteVersion } from './ingest-sink.ts';
import { LeaseKeeper } from './leases.ts';
import { startLiveBus } from './live-bus.ts';
import { INGEST_STREAM, type NatsLink } from './nats-link.ts';
import { PartitionWorker, consumerOf } from './partition-worker.ts';
import { PartitionTenures, type PartitionRules } from './partition-tenures.ts';
import { lastPointTimes, storeMessages } from './point-store.ts';

export interface ClusterNodeDeps {
  link: NatsLink;
  nodeId: string;
  db: Db;
  telemetry: TelemetryService;
  revocations: Revocations;
  clearCache(): void;
  log(line: string): void;
  /** Set each lease round to the message version every member reads (the ingest sink's). */
  writeVersion?: LogWriteVersion;
}

export interface ClusterStatus {
  nodeId: string;
  /** Live members (membership keys not expired). */
  members: string[];
  /** Partition n's owner, or null while free. */
  owners: (string | null)[];
  /** Partitions this node consumes now. */
  mine: number[];
  /** The node running the background work (its lease's holder), null while free. */
  background: string | null;
  /** Whether this node runs it now. */
  runsBackground: boolean;
}

export interface ClusterNode {
  status(): Promise<ClusterStatus>;
  /** Announces `rules.reload` to the other nodes and follows theirs (monitoring's runtime). */
  shareRuleReloads(rules: { reload(tenantId: string): Promise<unknown> }): void;
  /** Announces a tenant's changed gateway write grants to the other nodes and follows theirs. */
  shareGatewayGrants(grants: { reload(tenantId: string): Promise<unknown> }): void;
  /** Sends committed alarm changes to every node's live alarm feed (cache-bus.ts). */
  shareAlarmFeed<E extends { alarm: { asset: string } }, M>(feed: SharedAlarmFeed<E, M>): void;
  /**
   * The rules that evaluate this node's partitions. Until given, fetched batches wait (a point
   * stored before the rules listen would never be evaluated); then each partition gained
   * resumes its assets' rule state from the stored alarms before its first batch, and a batch
   * is acknowledged to the stream only once the alarms its points raised or cleared are
   * committed: a node killed in between leaves the batch to the next owner, whose raise of an
   * already stored episode is dropped (monitoring/store/alarm-book.ts).
   */
  evaluateWith(rules: PartitionRules): void;
  /**
   * The fence of the alarm changes this node's rules make (monitoring's ruleFence): an
   * asset's token is its partition's current tenure's, and a change is committed only while
   * that tenure's epoch holds the partition in PostgreSQL (partition-tenures.ts, rule 3).
   */
  ruleFence: {
    tokenOf(tenantId: string, assetId: string): object | undefined;
    holds(tx: Transaction<unknown>, tokens: readonly object[]): Promise<boolean[]>;
  };
  /** Per asset, its last stored point's time (monitoring's lastStored): a partition's new
   * owner runs no-data deadlines from it until the asset's first point. */
  lastStored(
    tenantId: string,
    assets: readonly { id: string; channels: readonly string[] }[],
  ): Promise<Map<string, number>>;
  /**
   * The ingest stream's backlog for /metrics: messages acknowledged to writers and not yet
   * written by their owners (work-queue retention: written messages leave the stream), and
   * how long the oldest has waited. The same answer on every node.
   */
  ingestBacklog(): Promise<{
    bufferedPoints: null;
    compactionLagMs: number;
    pendingMessages: number;
  }>;
  /** Runs `work` only while this node holds the background lease (background.ts). */
  runBackground(work: BackgroundWork): void;
  close(): Promise<void>;
}

export function startClusterNode(d: ClusterNodeDeps): ClusterNode {
  const live = startLiveBus({
    nc: d.link.nc,
    nodeId: d.nodeId,
    telemetry: d.telemetry,
    log: d.log,
  });
  const tenures = new PartitionTenures({
    db: d.db,
    nodeId: d.nodeId,
    generation: d.link.leaseGeneration,
    epochOf: (p) => leases.epochOf(p),
    takenAt: (p) => leases.takenAt(p),
    release: (p) => leases.release(p),
    pending: async (p) => {
      const info = await d.link.jsm.consumers.info(INGEST_STREAM, consumerOf(p)).catch(() => null);
      return {
        count: info?.num_ack_pending ?? 0,
        lastDeliveredAt: lastDelivery(info?.delivered.last_active, leases.serverAhead()),
      };
    },
    startWorker: (p, store) =>
      new PartitionWorker(p, {
        js: d.link.js,
        jsm: d.link.jsm,
        store,
        holds: () => leases.holds(p),
        log: d.log,
      }),
    write: async (messages, fence) => {
      await storeMessages(d.db, messages, fence);
    },
    evaluate: (messages) => {
      for (const m of messages) d.telemetry.publishStored(m.tenantId, m.points);
    },
    stored: (messages, raw) =>
      live.stored(messages.map((m, i) => ({ tenantId: m.tenantId, data: raw[i]! }))),
    log: d.log,
  });
  const leases: LeaseKeeper = new LeaseKeeper(
    d.link.leases,
    d.nodeId,
    {
      gained: (p) => {
        d.log(`cluster: node ${d.nodeId} owns partition ${p}`);
        tenures.gained(p);
        return Promise.resolve();
      },
      // The worker checks holds() before each write; its last fetch ends on its own.
      lost: (p) => {
        tenures.lost(p);
        return Promise.resolve();
      },
      writeVersion: (v) => {
        if (d.writeVersion && d.writeVersion.current !== v) {
          d.log(`cluster: node ${d.nodeId} writes ingest log messages of version ${v}`);
          d.writeVersion.current = v;
        }
      },
    },
    d.log,
  );
  leases.start();
  const stopBus = bridgeRevocations({
    nc: d.link.nc,
    nodeId: d.nodeId,
    revocations: d.revocations,
    clearCache: d.clearCache,
    log: d.log,
  });
  const stops = [stopBus, () => live.close()];
  let background: BackgroundLease | undefined;
  return {
    shareAlarmFeed(feed) {
      stops.push(shareAlarmFeed({ nc: d.link.nc, nodeId: d.nodeId, log: d.log }, feed));
    },
    evaluateWith(r) {
      tenures.evaluateWith(r);
    },
    ruleFence: {
      tokenOf: (tenantId, assetId) => tenures.tokenOf(tenantId, assetId),
      holds: (tx, tokens) => PartitionTenures.holds(tx, tokens),
    },
    lastStored: (tenantId, assets) => lastPointTimes(d.db, tenantId, assets),
    async ingestBacklog() {
      const { state } = await d.link.jsm.streams.info(INGEST_STREAM);
      const oldest = state.messages > 0 ? Date.parse(state.first_ts) : NaN;
      return {
        bufferedPoints: null,
        compactionLagMs: Number.isFinite(oldest) ? Math.max(0, Date.now() - oldest) : 0,
        pendingMessages: state.messages,
      };
    },
    runBackground(work) {
      background = new BackgroundLease(d.link.leases, d.nodeId, work, d.log);
      background.start();
    },
    shareRuleReloads(rules) {
      stops.push(shareRuleReloads({ nc: d.link.nc, nodeId: d.nodeId, log: d.log }, rules));
    },
    shareGatewayGrants(grants) {
      const bus = { nc: d.link.nc, nodeId: d.nodeId, log: d.log };
      stops.push(shareRuleReloads(bus, grants, GRANTS_SUBJECT));
    },
    async status() {
      const [members, owners, holder] = await Promise.all([
        leases.members(),
        leases.owners(),
        background?.holder() ?? null,
      ]);
      return {
        nodeId: d.nodeId,
        members,
        owners,
        mine: leases.partitions(),
        background: holder,
        runsBackground: background?.holds() ?? false,
      };
    },
    async close() {
      for (const stop of stops) stop();
      await background?.stop();
      await leases.stop();
      await tenures.close();
    },
  };
}

/**
 * A consumer's last delivery (nats-server sends an RFC 3339 time, though the client's type says
 * nanoseconds) in our clock, taken late rather than early: less the servers' least lead. Unknown
 * without a lead, or when the server has none (a new leader's zero time, year 1).
 */
export function lastDelivery(at: unknown, serverAhead: number | undefined): number | undefined {
  const t = typeof at === 'string' ? Date.parse(at) : NaN;
  if (serverAhead === undefined || !(t > Date.UTC(2000, 0, 1))) return undefined;
  return t - serverAhead;
}

/** A node id unique across restarts (a KV key part): host, process and random bytes. */
export function defaultNodeId(): string {
  const host = hostname()
    .replace(/[^A-Za-z0-9_-]/g, '-')
    .slice(0, 32);
  return `${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
