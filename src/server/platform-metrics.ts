// Platform-level figures on /metrics (Prometheus text format), read when scraped. No tenant
// labels: /metrics is for the operator of the platform, not a view into tenants' data.
import client from 'prom-client';

/** Where the figures come from; the composition root (main.ts) wires them. */
export interface PlatformMetricsSources {
  /** Counters by "<transport>/<format>", e.g. "http/line_protocol", "mqtt/json". */
  ingest(): {
    acceptedPoints: ReadonlyMap<string, number>;
    rejectedPoints: ReadonlyMap<string, number>;
    rejectedBatches: ReadonlyMap<string, number>;
    droppedStringFields?: ReadonlyMap<string, number>;
  };
  /**
   * One process: the engine's points not yet compacted. A clustered node (src/cluster): the
   * ingest stream's messages not yet written to PostgreSQL (points unknown: null) and the
   * oldest one's age, the same on every node.
   */
  telemetry(): TelemetryFigures | Promise<TelemetryFigures>;
  /** Null when the broker is off or not running. */
  mqttClients(): number | null;
  /** The broker's PUBLISH-to-PUBACK times (src/mqtt/ack-latency.ts); null when it is off. */
  mqttAckLatency?(): LatencyBuckets | null;
  rules(): { pointsEvaluated: number; alarmEvents: number };
  activeAlarms(): Promise<number>;
}

/** A histogram kept elsewhere: bucket bounds in ms, cumulative counts (one more: +Inf). */
export interface LatencyBuckets {
  bucketsMs: readonly number[];
  cumulative: readonly number[];
  sumMs: number;
  count: number;
}

export interface TelemetryFigures {
  bufferedPoints: number | null;
  compactionLagMs: number;
  pendingMessages?: number;
}

const protocolOf = (key: string) => {
  const [transport = 'internal', format = 'unknown'] = key.split('/');
  return { transport, format };
};

/** A counter whose value is kept elsewhere: set to the totals on each scrape. */
function mirrorCounter(
  registry: client.Registry,
  name: string,
  help: string,
  read: () => ReadonlyMap<string, number>,
) {
  new client.Counter({
    name,
    help,
    labelNames: ['transport', 'format'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [key, n] of read()) this.inc(protocolOf(key), n);
    },
  });
}

function gauge(
  registry: client.Registry,
  name: string,
  help: string,
  read: () => number | null | Promise<number | null>,
) {
  new client.Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      const v = await read();
      if (v === null) this.reset();
      else this.set(v);
    },
  });
}

/**
 * A Prometheus histogram (in seconds) whose buckets are counted elsewhere and read at each
 * scrape: prom-client's Histogram can only be observed, not set.
 */
function mirrorHistogram(
  registry: client.Registry,
  name: string,
  help: string,
  read: () => LatencyBuckets | null,
) {
  const get = () => {
    const h = read();
    const values = !h
      ? []
      : [
          ...h.bucketsMs.map((le, i) => ({
            labels: { le: le / 1000 },
            value: h.cumulative[i]!,
            metricName: `${name}_bucket`,
          })),
          { labels: { le: '+Inf' }, value: h.count, metricName: `${name}_bucket` },
          { labels: {}, value: h.sumMs / 1000, metricName: `${name}_sum` },
          { labels: {}, value: h.count, metricName: `${name}_count` },
        ];
    return { name, help, type: 'histogram', values, aggregator: 'sum' };
  };
  const metric = { name, help, get, reset() {} };
  registry.registerMetric(metric as unknown as client.Metric);
}

export function registerPlatformMetrics(
  registry: client.Registry,
  s: PlatformMetricsSources,
): void {
  mirrorCounter(
    registry,
    'ronghe_telemetry_points_accepted_total',
    'Telemetry points stored, by transport (http, mqtt, internal) and format',
    () => s.ingest().acceptedPoints,
  );
  mirrorCounter(
    registry,
    'ronghe_telemetry_points_rejected_total',
    'Telemetry points in refused batches (a batch is refused whole), by transport and format',
    () => s.ingest().rejectedPoints,
  );
  mirrorCounter(
    registry,
    'ronghe_telemetry_batches_rejected_total',
    'Refused telemetry batches, including those too malformed to count their points',
    () => s.ingest().rejectedBatches,
  );
  mirrorCounter(
    registry,
    'ronghe_telemetry_string_fields_dropped_total',
    'Line protocol string fields skipped (channels are numeric), by transport and format',
    () => s.ingest().droppedStringFields ?? new Map<string, number>(),
  );
  gauge(
    registry,
    'ronghe_telemetry_buffered_points',
    'Acknowledged points not yet compacted (ingest answers 429 above 10 M)',
    async () => (await s.telemetry()).bufferedPoints,
  );
  gauge(
    registry,
    'ronghe_telemetry_compaction_lag_seconds',
    'How long the oldest acknowledged point not yet compacted has waited',
    async () => (await s.telemetry()).compactionLagMs / 1000,
  );
  gauge(
    registry,
    'ronghe_cluster_ingest_pending_messages',
    "Cluster mode: messages in the ingest stream that no partition's owner has written yet",
    async () => (await s.telemetry()).pendingMessages ?? null,
  );
  gauge(registry, 'ronghe_mqtt_clients', 'MQTT clients connected to the embedded broker', () =>
    s.mqttClients(),
  );
  mirrorHistogram(
    registry,
    'ronghe_mqtt_puback_seconds',
    'Telemetry PUBLISH (QoS 1) parsed to PUBACK written, as the embedded broker sees it',
    () => s.mqttAckLatency?.() ?? null,
  );
  gauge(
    registry,
    'ronghe_rule_points_evaluated',
    "Points the monitoring rule engines evaluated since each tenant's rules were loaded",
    () => s.rules().pointsEvaluated,
  );
  gauge(
    registry,
    'ronghe_rule_alarm_events',
    "Alarm events the rule engines raised since each tenant's rules were loaded",
    () => s.rules().alarmEvents,
  );
  gauge(registry, 'ronghe_alarms_active', 'Alarms active now, over all tenants', () =>
    s.activeAlarms(),
  );
}
