// The owner's consumer of one partition: a durable pull consumer of the ingest stream filtered
// to the partition's subject. Messages are fetched in batches, their points written to
// PostgreSQL in one transaction, and acknowledged only after that commit. A node that dies
// mid-batch leaves its messages unacknowledged; JetStream hands them to the next owner
// after ACK_WAIT_MS (the durable consumer keeps the acknowledged position across owners), and
// the upsert makes the second delivery of an already committed batch a no-op.
import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
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
    const consumer = await this.attach();
    while (this.running && consumer) {
      const msgs: JsMsg[] = [];
      try {
        const batch = await consumer.fetch({ max_messages: FETCH_MAX, expires: FETCH_EXPIRES_MS });
        for await (const m of batch) msgs.push(m);
      } catch (e) {
        this.deps.log(`cluster: partition ${this.partition} fetch: ${(e as Error).message}`);
        await sleep(250);
        continue;
      }
      if (msgs.length > 0) await this.handle(msgs);
    }
  }

  /**
   * The partition's durable consumer, created if new. Retried while the lease is ours: right
   * after a NATS server died, JetStream may still be electing the stream's leader, and a
   * worker that gave up here would hold its partition without consuming it.
   */
  private async attach() {
    const { js, jsm } = this.deps;
    const name = consumerOf(this.partition);
    while (this.running) {
      try {
        await jsm.consumers.add(INGEST_STREAM, {
          durable_name: name,
          filter_subject: subjectOf(this.partition),
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
          ack_wait: nanos(ACK_WAIT_MS),
          max_ack_pending: 20_000,
        });
        return await js.consumers.get(INGEST_STREAM, name);
      } catch (e) {
        this.deps.log(`cluster: partition ${this.partition} consumer: ${(e as Error).message}`);
        await sleep(500);
      }
    }
    return undefined;
  }

  private async handle(msgs: JsMsg[]): Promise<void> {
    const good: LogMessage[] = [];
    const raw: Uint8Array[] = [];
    for (const m of msgs) {
      try {
        good.push({ ...decodeMessage(m.data), seq: m.seq });
        raw.push(m.data);
      } catch (e) {
        // A message no node can read would block the partition for ever: logged and dropped.
        this.deps.log(
          `cluster: partition ${this.partition} message ${m.seq}: ${(e as Error).message}`,
        );
        m.term();
      }
    }
    // Not stored: handed back at once (nak without delay). JetStream delivers a consumer's
    // redeliveries before its new messages, so the next fetch, here or on the next owner,
    // gets them first and in order. Left to the ack wait instead, they would come back behind
    // newer points of their series, which the rules would then have evaluated first (a
    // crossing among them missed: issue 24's chaos run lost an episode during a NATS restart).
    if (!this.deps.holds()) {
      for (const m of msgs) m.nak();
      return;
    }
    try {
      await this.deps.store(good, raw);
    } catch (e) {
      this.deps.log(
        `cluster: partition ${this.partition} write failed, redelivered: ${(e as Error).message}`,
      );
      for (const m of msgs) m.nak();
      await sleep(1_000); // no fetch meanwhile: a failing database is not hammered
      return;
    }
    for (const m of msgs) m.ack();
  }

  /** Stops after the batch in hand (written and acknowledged, or left to the next owner). */
  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
