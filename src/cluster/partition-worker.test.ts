// The partition worker against a played consumer (issue 24): each pull request's messages are
// given by the test one at a time, so what the worker stores, acknowledges and hands back while
// a pull request is still open is deterministic. The real-server side (a NATS server killed
// under the worker) is partition-worker-nats.test.ts.
import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogMessage } from './codec.ts';
import { encodeMessage } from './codec.ts';
import { PartitionWorker, REATTACH_AFTER } from './partition-worker.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until `cond` holds, polling; throws naming `what` after `ms` (a bound, not a measurement). */
async function until(what: string, cond: () => boolean, ms = 5_000): Promise<void> {
  for (const end = Date.now() + ms; !cond(); await sleep(10))
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
}

/** One pull request: the test pushes its messages and ends it, or makes it fail. */
class Pull implements AsyncIterable<JsMsg> {
  private readonly items: JsMsg[] = [];
  private ended = false;
  private error?: Error;
  private wake?: () => void;
  push(...ms: JsMsg[]): void {
    this.items.push(...ms);
    this.wake?.();
  }
  end(error?: Error): void {
    this.ended = true;
    this.error = error;
    this.wake?.();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<JsMsg> {
    for (;;) {
      while (this.items.length > 0) yield this.items.shift()!;
      if (this.ended) break;
      await new Promise<void>((r) => (this.wake = r));
    }
    if (this.error) throw this.error;
  }
}

class Played {
  readonly events: string[] = [];
  readonly pulls: Pull[] = [];
  readonly logs: string[] = [];
  gets = 0;
  adds = 0;
  /** Fetches fail at once while set (heartbeats missed). */
  failing = false;
  msg(seq: number): JsMsg {
    const data = encodeMessage('tn_a', [
      { assetId: 'as_1', channel: 'c', ts: 1_765_000_000_000 + seq, value: seq, customerId: null },
    ]);
    const ev = (what: string) => () => void this.events.push(`${what} ${seq}`);
    return { seq, data, ack: ev('ack'), nak: ev('nak'), term: ev('term') } as unknown as JsMsg;
  }
  private readonly consumer = {
    fetch: () => {
      if (this.failing) return Promise.reject(new Error('heartbeats missed'));
      const p = new Pull();
      this.pulls.push(p);
      return Promise.resolve(p);
    },
  };
  deps(store: (m: LogMessage[]) => Promise<void>) {
    const js = {
      consumers: { get: () => (this.gets++, Promise.resolve(this.consumer)) },
    } as unknown as JetStreamClient;
    const jsm = {
      consumers: { add: () => (this.adds++, Promise.resolve({})) },
    } as unknown as JetStreamManager;
    return { js, jsm, store, holds: () => true, log: (l: string) => void this.logs.push(l) };
  }
}

const seqs = (m: LogMessage[]) => m.map((x) => x.seq);

describe('partition worker', { timeout: 30_000 }, () => {
  let worker: PartitionWorker | undefined;
  let played: Played;
  afterEach(async () => {
    played.failing = false;
    for (const p of played.pulls) p.end();
    await worker?.stop();
    worker = undefined;
  });

  it('stores what has arrived while the pull request is open, acknowledging after the commit', async () => {
    played = new Played();
    const stored: (number | undefined)[][] = [];
    let commit!: () => void;
    worker = new PartitionWorker(
      3,
      played.deps((m) => {
        stored.push(seqs(m));
        return new Promise<void>((r) => (commit = r));
      }),
    );
    await until('a pull request', () => played.pulls.length === 1);
    const pull = played.pulls[0]!;
    pull.push(played.msg(1));
    await until('message 1 stored', () => stored.length === 1);
    expect(stored).toEqual([[1]]);
    expect(played.events).toEqual([]); // not acknowledged before its commit
    pull.push(played.msg(2), played.msg(3)); // one socket chunk, arrived during the write
    commit();
    await until('messages 2 and 3 stored', () => stored.length === 2);
    expect(stored).toEqual([[1], [2, 3]]);
    expect(played.events).toEqual(['ack 1']);
    commit();
    await until('2 and 3 acknowledged', () => played.events.length === 3);
    expect(played.events).toEqual(['ack 1', 'ack 2', 'ack 3']);
    expect(played.pulls).toHaveLength(1); // the same pull request, still open
  });

  it('hands back a batch not stored and every later message of its pull request, in order', async () => {
    played = new Played();
    const stored: (number | undefined)[][] = [];
    worker = new PartitionWorker(
      3,
      played.deps((m) => {
        stored.push(seqs(m));
        return m[0]!.seq === 2 ? Promise.reject(new Error('database down')) : Promise.resolve();
      }),
    );
    await until('a pull request', () => played.pulls.length === 1);
    const pull = played.pulls[0]!;
    pull.push(played.msg(1));
    await until('1 acknowledged', () => played.events.length === 1);
    pull.push(played.msg(2));
    await until('2 handed back', () => played.events.length === 2);
    pull.push(played.msg(3), played.msg(4));
    await until('3 and 4 handed back', () => played.events.length === 4);
    pull.end();
    await until('the next pull request', () => played.pulls.length === 2);
    played.pulls[1]!.push(played.msg(2));
    await until('2 stored again', () => played.events.length === 5);
    expect(stored).toEqual([[1], [2], [2]]);
    expect(played.events).toEqual(['ack 1', 'nak 2', 'nak 3', 'nak 4', 'nak 2']);
    expect(played.logs.filter((l) => l.includes('write failed'))).toHaveLength(2);
  });

  it('stops after its open pull request: what arrives until its end is stored, no request follows', async () => {
    played = new Played();
    const stored: (number | undefined)[][] = [];
    worker = new PartitionWorker(
      3,
      played.deps((m) => (stored.push(seqs(m)), Promise.resolve())),
    );
    await until('a pull request', () => played.pulls.length === 1);
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    // Rule 5 of partition-tenures.ts: the server may deliver to this request until it expires.
    played.pulls[0]!.push(played.msg(1));
    await until('1 acknowledged', () => played.events.length === 1);
    expect(stopped).toBe(false);
    played.pulls[0]!.end();
    await stopping;
    expect(stored).toEqual([[1]]);
    expect(played.events).toEqual(['ack 1']);
    expect(played.pulls).toHaveLength(1);
  });

  it(`gets its consumer again after ${REATTACH_AFTER} failed fetches, then creates it again; logs once`, async () => {
    played = new Played();
    played.failing = true;
    worker = new PartitionWorker(
      3,
      played.deps(() => Promise.resolve()),
    );
    await until('the first failure', () => played.logs.length === 1);
    expect([played.adds, played.gets]).toEqual([1, 1]); // attached once
    await until('got again', () => played.gets === 2);
    expect(played.adds).toBe(1);
    await until('created again', () => played.adds === 2);
    played.failing = false;
    await until('a pull request', () => played.pulls.length === 1);
    played.pulls[0]!.end();
    await until('recovery logged', () => played.logs.length === 2);
    expect(played.logs[0]).toMatch(/partition 3 fetch: heartbeats missed/);
    expect(played.logs[1]).toMatch(/partition 3 fetches again after \d+ failed/);
  });
});
