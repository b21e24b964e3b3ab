// The owner's consumer of one partition: a durable pull consumer of the ingest stream filtered
// to the partition's subject. Messages are fetched by pull requests and stored as they arrive
// (what has arrived, written to PostgreSQL in one transaction), and acknowledged only after
// that commit. A node that dies
// mid-batch leaves its messages unacknowledged; JetStream hands them to the next owner
// after ACK_WAIT_MS (the durable consumer keeps the acknowledged position across owners), and
// the upsert makes the second delivery of an already committed batch a no-op.
import type { Consumer, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { decodeMessage, type LogMessage } from './codec.ts';
import { INGEST_STREAM } from './nats-link.ts';
import { subjectOf } from './partitions.ts';

/** How long a delivered message may stay unacknowledged before it is delivered again. */
export const ACK_WAIT_MS = 4_000;
const FETCH_MAX = 512;
/** A pull request's life at the server: a message may be delivered to it until then. */
export const FETCH_EXPIRES_MS = 1_000;
/** Failed fetches in a row after which the consumer is got again (issue 24). */
export const REATTACH_AFTER = 3;

export const consumerOf = (partition: number) => `ronghe-p${partition}`;

export interface WorkerDeps {
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** Writes the messages' points, all or none; resolves after the commit. `raw`: their bytes. */
  store(messages: LogMessage[], raw: Uint8Array[]): Promise<void>;
  /** Still ours? Checked before each write, so a node that lost its lease stops writing. */
  holds(): boolean;
  log(line: string): void;
}

export class PartitionWorker {
  private running = true;
  private readonly done: Promise<void>;

  constructor(
    readonly partition: number,
    private readonly deps: WorkerDeps,
  ) {
    this.done = this.run().catch((e: unknown) =>
      deps.log(`cluster: partition ${partition} stopped: ${(e as Error).message}`),
    );
  }

  private async run(): Promise<void> {
    let consumer = await this.attach();
    const episode = { failures: 0, since: 0, reattached: 0 };
    while (this.running && consumer) {
      const failed = await this.pull(consumer);
      if (!failed) {
        if (episode.failures > 0) this.recovered(episode);
        episode.failures = 0;
        continue;
      }
      if (episode.failures++ === 0) {
        episode.since = Date.now();
        episode.reattached = 0;
        this.deps.log(
          `cluster: partition ${this.partition} fetch: ${failed.message} (retried; its consumer is got again after ${REATTACH_AFTER} failures in a row)`,
        );
      }
      await sleep(250);
      if (episode.failures % REATTACH_AFTER === 0 && this.running) {
        consumer = (await this.reattach(++episode.reattached)) ?? consumer;
      }
    }
  }

  /** The end of a failure episode, logged once (its start was). */
  private recovered(e: { failures: number; since: number; reattached: number }): void {
    if (e.failures < REATTACH_AFTER) return;
    this.deps.log(
      `cluster: partition ${this.partition} fetches again after ${e.failures} failed in ${Date.now() - e.since} ms (consumer got again ${e.reattached} times)`,
    );
  }

  /**
   * One pull request (FETCH_MAX messages or FETCH_EXPIRES_MS, whichever ends it first), whose
   * messages are stored as they arrive rather than at its end: on a quiet machine a point
   * waited up to FETCH_EXPIRES_MS (cluster.test.ts: visible after ~900 ms). A reader queues
   * them, and the writer takes everything queued once the socket's chunk is in, in order. The
   * next pull request goes out only after the last store, so rule 5 of partition-tenures.ts
   * holds as before: nothing is delivered to this worker later than FETCH_EXPIRES_MS after its
   * last request. Returns the fetch's error, if it failed.
   */
  private async pull(consumer: Consumer): Promise<Error | undefined> {
    const queue: JsMsg[] = [];
    let ended = false;
    let wake: (() => void) | undefined;
    const reader = (async () => {
      const batch = await consumer.fetch({ max_messages: FETCH_MAX, expires: FETCH_EXPIRES_MS });
      for await (const m of batch) {
        queue.push(m);
        wake?.();
      }
    })().then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
    );
    void reader.finally(() => {
      ended = true;
      wake?.();
    });
    let refused = false;
    for (;;) {
      if (queue.length === 0) {
        if (ended) break;
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
        // The rest of the socket's chunk is delivered in microtasks: taken in the same batch.
        await new Promise((r) => setImmediate(r));
        continue;
      }
      const msgs = queue.splice(0);
      // After a batch was handed back, so is every later one of this pull request: stored,
      // they would overtake it (its redelivery comes after them), and the rules ignore a point
      // older than one they evaluated.
      if (refused) for (const m of msgs) m.nak();
      else refused = !(await this.handle(msgs));
    }
    if (refused) await sleep(1_000); // no fetch meanwhile: a failing database is not hammered
    return reader;
  }

  /**
   * The partition's durable consumer, created if new. Retried while the lease is ours: right
   * after a NATS server died, JetStream may still be electing the stream's leader, and a
   * worker that gave up here would hold its partition without consuming it.
   */
  private async attach(): Promise<Consumer | undefined> {
    while (this.running) {
      try {
        return await this.create();
      } catch (e) {
        this.deps.log(`cluster: partition ${this.partition} consumer: ${(e as Error).message}`);
        await sleep(500);
      }
    }
    return undefined;
  }

  private async create(): Promise<Consumer> {
    const { js, jsm } = this.deps;
    const name = consumerOf(this.partition);
    await jsm.consumers.add(INGEST_STREAM, {
      durable_name: name,
      filter_subject: subjectOf(this.partition),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ACK_WAIT_MS),
      max_ack_pending: 20_000,
    });
    return await js.consumers.get(INGEST_STREAM, name);
  }

  /**
   * Issue 24: after a NATS server was killed and restarted under load, four workers' fetches
   * failed ("heartbeats missed") for 40 s, until the lease moved. After REATTACH_AFTER failures
   * in a row the consumer is got again (its info read from its leader); from the second time
   * on, or when that fails, it is created again (an unchanged durable: the same consumer, its
   * acknowledged position kept). Undefined when both fail: the fetches go on, and this again.
   */
  private async reattach(time: number): Promise<Consumer | undefined> {
    const { js } = this.deps;
    try {
      if (time === 1) return await js.consumers.get(INGEST_STREAM, consumerOf(this.partition));
    } catch {
      // created again below
    }
    try {
      return await this.create();
    } catch {
      return undefined;
    }
  }

  /** Stores the batch and acknowledges it after the commit; false when it was handed back. */
  private async handle(msgs: JsMsg[]): Promise<boolean> {
    const good: LogMessage[] = [];
    const raw: Uint8Array[] = [];
    const readable: JsMsg[] = [];
    for (const m of msgs) {
      try {
        good.push({ ...decodeMessage(m.data), seq: m.seq });
        raw.push(m.data);
        readable.push(m);
      } catch (e) {
        // A message no node can read would block the partition for ever: logged and dropped.
        this.deps.log(
          `cluster: partition ${this.partition} message ${m.seq}: ${(e as Error).message}`,
        );
        m.term();
      }
    }
    if (readable.length === 0) return true;
    // Not stored: handed back at once (nak without delay). JetStream delivers a consumer's
    // redeliveries before its new messages, so the next fetch, here or on the next owner,
    // gets them first and in order. Left to the ack wait instead, they would come back behind
    // newer points of their series, which the rules would then have evaluated first (a
    // crossing among them missed: issue 24's chaos run lost an episode during a NATS restart).
    if (!this.deps.holds()) {
      for (const m of readable) m.nak();
      return false;
    }
    try {
      await this.deps.store(good, raw);
    } catch (e) {
      this.deps.log(
        `cluster: partition ${this.partition} write failed, redelivered: ${(e as Error).message}`,
      );
      for (const m of readable) m.nak();
      return false;
    }
    for (const m of readable) m.ack();
    return true;
  }

  /** Stops after the batch in hand (written and acknowledged, or left to the next owner). */
  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
