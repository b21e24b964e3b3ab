// A mixed-version ingest log on a real nats-server (natscost24): writers switch between message
// version 1 (JSON) and 2 (columnar) as the members change, so one partition's stream holds both
// at once; its owner's worker reads every message of either version, in stream order, and
// writes each point once. The bytes stored per point fall to about a quarter with version 2.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SinkPoint } from '../telemetry/index.ts';
import type { LogMessage } from './codec.ts';
import { createIngestSink, createLogWriteVersion } from './ingest-sink.ts';
import { freePort, natsServerBinary, stopPid } from './index.ts';
import { waitForJetStream } from './local/nats-cluster.ts';
import { INGEST_STREAM, openNatsLink, type NatsLink } from './nats-link.ts';
import { PartitionWorker } from './partition-worker.ts';
import { partitionOf } from './partitions.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nats = natsServerBinary();
if (!nats) console.warn('ingest versions test skipped: nats-server not found');

describe.skipIf(!nats)('ingest log with both message versions', { timeout: 60_000 }, () => {
  let dir: string;
  let server: ChildProcess;
  let link: NatsLink;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ronghe-ingest-versions-'));
    const port = await freePort();
    const url = `nats://127.0.0.1:${port}`;
    server = spawn(nats!, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], {
      stdio: 'ignore',
    });
    await waitForJetStream([url]);
    link = await openNatsLink([url], 'ingest-versions', 1);
  }, 60_000);

  afterAll(async () => {
    await link?.close();
    if (server?.pid) await stopPid(server.pid);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads versions 1 and 2 of one partition in stream order', async () => {
    const version = createLogWriteVersion();
    const sink = createIngestSink(link.js, version);
    const batch = (k: number): SinkPoint[] =>
      Array.from({ length: 100 }, (_, i) => ({
        assetId: 'as_1',
        channel: `c${i % 10}`,
        ts: 1_765_000_000_000 + (k * 10 + Math.floor(i / 10)) * 60_000,
        value: k * 1000 + i + 0.25,
        customerId: k % 2 ? 'cu_1' : null,
      }));
    const sent: SinkPoint[][] = [];
    const bytes: number[] = [];
    for (const v of [1, 2, 1, 2] as const) {
      version.current = v;
      const before = (await link.jsm.streams.info(INGEST_STREAM)).state.bytes;
      sent.push(batch(sent.length));
      await sink.append('tn_a', sent[sent.length - 1]!);
      bytes.push((await link.jsm.streams.info(INGEST_STREAM)).state.bytes - before);
    }
    // What the stream stored for a version 2 batch (with its headers): under half of version 1's.
    console.log(`stream bytes per batch of 100 points: ${bytes.join(', ')}`);
    expect(bytes[1]! / bytes[0]!).toBeLessThan(0.5);

    const stored: LogMessage[] = [];
    const logged: string[] = [];
    const worker = new PartitionWorker(partitionOf('tn_a', 'as_1'), {
      js: link.js,
      jsm: link.jsm,
      store: (messages) => (stored.push(...messages), Promise.resolve()),
      holds: () => true,
      log: (l) => logged.push(l),
    });
    try {
      for (let t = 0; stored.length < 4 && t < 300; t++) await sleep(100);
    } finally {
      await worker.stop();
    }
    expect(logged.filter((l) => l.includes('message'))).toEqual([]);
    expect(stored.map((m) => m.points)).toEqual(sent);
    expect(stored.map((m) => m.seq)).toEqual([...stored.map((m) => m.seq)].sort((a, b) => a! - b!));
    await sleep(100);
    expect((await link.jsm.streams.info(INGEST_STREAM)).state.messages).toBe(0);
  });
});
