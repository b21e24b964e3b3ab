// Writers for the cluster's chaos test (cluster.test.ts): loops that write one series through
// one node, over HTTP (line protocol) or MQTT (QoS 1, one JSON message a point), until stopped,
// whatever happens to the node. Every point has its own timestamp and its value is derived from
// it, so a ledger can say, per timestamp, whether it was acknowledged (204 / PUBACK), or sent
// without an answer (the node died or timed out: it may or may not be stored, but if it is,
// with its value). A dead node's writes fail and the loop goes on; a restarted node is used
// again (same ports), the MQTT client reconnecting.
import mqtt, { type MqttClient } from 'mqtt';
import { bounded } from '../bounded.ts';
import { partitionOf } from '../partitions.ts';
import type { NodeClient } from './cluster-client.ts';

export interface Ledger {
  /** Acknowledged: timestamp → value. */
  acked: Map<number, number>;
  /** Sent, answer unknown or refused: stored at most once if at all. */
  sent: Set<number>;
}

export interface SeriesRef {
  asset: string;
  channel: string;
  /** The value written at `t` (so a stored value can be checked against its timestamp). */
  value(t: number): number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ChaosWriter {
  stop(): Promise<void>;
  rounds(): number;
}

/** Runs `write(round)` round after round, `pauseMs` apart, until stopped; `end` after the last. */
function inRounds(
  write: (round: number) => Promise<void>,
  pauseMs: number,
  end: () => void = () => undefined,
): ChaosWriter {
  let stopped = false;
  let round = 0;
  const done = (async () => {
    for (; !stopped; round++) {
      await write(round);
      await sleep(pauseMs);
    }
    end();
  })();
  return {
    rounds: () => round,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

/** Each round writes `tsOf(round)` through `node` over HTTP, one batch. */
export function httpWriter(
  node: NodeClient,
  s: SeriesRef,
  tsOf: (round: number) => number[],
  ledger: Ledger,
  pauseMs = 150,
): ChaosWriter {
  return inRounds(async (round) => {
    const ts = tsOf(round);
    for (const t of ts) ledger.sent.add(t);
    const lines = ts.map((t) => `m,asset=${s.asset} ${s.channel}=${s.value(t)} ${t}`);
    const status = await bounded(node.write(lines), 10_000, 'HTTP write').catch(() => 0);
    if (status === 204) for (const t of ts) ledger.acked.set(t, s.value(t));
  }, pauseMs);
}

/** Each round publishes `tsOf(round)` to the broker at `port`, one QoS 1 message a point. */
export function mqttWriter(
  port: () => number,
  apiKey: string,
  s: SeriesRef,
  tsOf: (round: number) => number[],
  ledger: Ledger,
  pauseMs = 150,
): ChaosWriter {
  let client: MqttClient | undefined;
  const drop = () => {
    client?.end(true);
    client = undefined;
  };
  const write = async (round: number) => {
    try {
      client ??= await bounded(
        mqtt.connectAsync(`mqtt://127.0.0.1:${port()}`, {
          username: 'chaos',
          password: apiKey,
          reconnectPeriod: 0,
          connectTimeout: 2_000,
        }),
        3_000,
        'MQTT connect',
      );
      for (const t of tsOf(round)) {
        ledger.sent.add(t);
        const body = JSON.stringify({ ts: t, values: { [s.channel]: s.value(t) } });
        await bounded(
          client.publishAsync(`ronghe/telemetry/${s.asset}`, body, { qos: 1 }),
          5_000,
          'MQTT publish',
        );
        ledger.acked.set(t, s.value(t));
      }
    } catch {
      drop(); // the node died or stalled: connect again next round
    }
  };
  return inRounds(write, pauseMs, drop);
}

/**
 * Checks what a node's query API returned for the ledger's series: every acknowledged point
 * present with its value, nothing that was not sent, each timestamp once. Returns the problems.
 */
export function auditPoints(got: [number, number][], ledger: Ledger, s: SeriesRef): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const [t, v] of got) {
    if (seen.has(t)) problems.push(`ts ${t} twice`);
    seen.add(t);
    if (!ledger.sent.has(t)) problems.push(`ts ${t} was never sent`);
    else if (v !== s.value(t)) problems.push(`ts ${t} has ${v}, written ${s.value(t)}`);
  }
  for (const t of ledger.acked.keys())
    if (!seen.has(t)) problems.push(`acknowledged ts ${t} missing`);
  return problems;
}

/** The rule's raises, returns and clears on the asset, as `action@seconds after base`. */
export async function alarmJournal(
  node: NodeClient,
  asset: string,
  ruleId: string,
  base: number,
): Promise<string[]> {
  const q = `assetId=${asset}&ruleId=${ruleId}&order=asc`;
  const page = await node.json<{ items: { action: string; at: number }[] }>(
    `/api/v1/alarms/journal?${q}`,
  );
  return page.items
    .filter((e) => ['raised', 'returned', 'cleared'].includes(e.action))
    .map((e) => `${e.action}@${(e.at - base) / 1_000}`);
}

/** Why an alarm episode is missing: every node's journal, the series' stored steps, its owner. */
export async function explainAlarmSeries(
  admin: NodeClient[],
  watcher: NodeClient,
  series: { id: string; channel: string },
  ruleId: string,
  base: number,
  tenantId: string,
): Promise<string> {
  const out: string[] = [];
  for (const n of admin)
    out.push(`journal on ${n.url}: ${(await alarmJournal(n, series.id, ruleId, base)).join(' ')}`);
  const got = await watcher.raw(series.id, series.channel, base, base + 66_000);
  const status = await watcher.status();
  const p = partitionOf(tenantId, series.id);
  const pending = (await (await watcher.request('/metrics')).text()).match(
    /^ronghe_cluster_ingest_pending_messages .*$/m,
  );
  out.push(
    `alarm series: steps stored ${got.map(([t]) => (t - base) / 1_000).join(',')}; partition ${p} owned by ${status.owners[p]}; owners ${status.owners.join(',')}; ${pending?.[0]}`,
  );
  return out.join('\n');
}
