// The node's connection to the NATS cluster and the JetStream objects cluster mode uses:
//  - stream RONGHE_INGEST (subjects ronghe.ingest.<partition>), file storage, three replicas
//    (fewer only when fewer servers answer), work-queue retention: a message leaves the stream
//    once its partition's consumer acknowledged it, i.e. once its points are in PostgreSQL;
//  - KV bucket ronghe_leases (three replicas, TTL'd keys): partition leases and members.
// Replication, leader election and expiry are JetStream's (RAFT inside nats-server): no
// consensus of our own (issue 24).
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  DiscardPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';

export const INGEST_STREAM = 'RONGHE_INGEST';
export const LEASE_BUCKET = 'ronghe_leases';
/** A lease or membership not renewed for this long expires (the bucket's max age). */
export const LEASE_TTL_MS = 4_000;

export interface NatsLink {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  leases: KV;
  /**
   * The lease bucket's creation time (epoch ms). Lease epochs are its revisions, which start
   * again if the bucket is ever recreated; this orders the two generations (point-store.ts).
   */
  leaseGeneration: number;
  replicas: number;
  close(): Promise<void>;
}

/** Connects (retrying forever on loss) and makes sure the stream and bucket exist. */
export async function openNatsLink(
  servers: string[],
  name: string,
  replicas = 3,
): Promise<NatsLink> {
  const nc = await connect({
    servers,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    timeout: 5_000,
  });
  try {
    const jsm = await jetstreamManager(nc, { timeout: 5_000 });
    const r = Math.min(replicas, servers.length);
    await whileForming(() => ensureStream(jsm, r));
    const leases = await whileForming(() =>
      new Kvm(nc).create(LEASE_BUCKET, { replicas: r, ttl: LEASE_TTL_MS, history: 1 }),
    );
    const bucket = await jsm.streams.info(`KV_${LEASE_BUCKET}`);
    return {
      nc,
      js: jetstream(nc, { timeout: 5_000 }),
      jsm,
      leases,
      leaseGeneration: Date.parse(bucket.created),
      replicas: r,
      close: () => nc.drain(),
    };
  } catch (e) {
    await nc.close();
    throw e;
  }
}

/** How long a node waits at start for the JetStream cluster to place replicated assets. */
const FORMING_MS = 60_000;

/**
 * Retries `f` while the JetStream cluster is still forming: NATS servers started together answer
 * "no suitable peers for placement" (or time out) until enough of them have joined the meta
 * group to place R3 replicas. A node started beside them (`npm run cluster -- up`, systemd
 * units started at once) waited for nothing and exited on the first such answer.
 */
async function whileForming<T>(f: () => Promise<T>): Promise<T> {
  const until = Date.now() + FORMING_MS;
  for (;;) {
    try {
      return await f();
    } catch (e) {
      if (Date.now() >= until) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function ensureStream(jsm: JetStreamManager, replicas: number): Promise<void> {
  try {
    await jsm.streams.info(INGEST_STREAM);
    return;
  } catch {
    // not there yet: created below (another node may race us to it; the same config is fine)
  }
  try {
    await jsm.streams.add({
      name: INGEST_STREAM,
      subjects: ['ronghe.ingest.>'],
      num_replicas: replicas,
      storage: StorageType.File,
      retention: RetentionPolicy.Workqueue,
      discard: DiscardPolicy.New,
      // A publish retried with the same message id within this window is stored once.
      duplicate_window: 120_000_000_000,
    });
  } catch (e) {
    await jsm.streams.info(INGEST_STREAM).catch(() => {
      throw e;
    });
  }
}
