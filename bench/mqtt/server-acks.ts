// Attribution of a slow PUBACK (issue 21): the broker's own PUBLISH-to-PUBACK histogram
// (ronghe_mqtt_puback_seconds on /metrics, src/mqtt/ack-latency.ts) read before and after a
// step, beside the load generator's own event-loop delay and CPU. The client's p99 minus the
// server's is time the server never saw: the load generator's loop, the kernel's socket
// buffers, and bytes waiting unread while the server's loop was busy elsewhere.
import { monitorEventLoopDelay } from 'node:perf_hooks';

type Buckets = Map<string, number>;

/** The histogram's cumulative bucket counts by `le` (seconds, as on /metrics). */
export function pubackBuckets(metricsText: string): Buckets {
  const out: Buckets = new Map();
  for (const line of metricsText.split('\n')) {
    const m = /^ronghe_mqtt_puback_seconds_bucket\{le="([^"]+)"\} (\S+)$/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** The step's server-side figures: acknowledgements, share over 100 ms, p50/p99 as bounds. */
export function serverPuback(before: Buckets, after: Buckets) {
  const les = [...after.keys()];
  const delta = les.map((le) => (after.get(le) ?? 0) - (before.get(le) ?? 0));
  const total = delta[delta.length - 1] ?? 0;
  const bound = (q: number): number | string => {
    const i = delta.findIndex((n) => n >= q * total);
    if (i < 0 || total === 0) return NaN;
    // Past the last bound: said so, as JSON has no Infinity.
    return les[i] === '+Inf' ? `> ${Number(les[i - 1]) * 1000}` : Number(les[i]) * 1000;
  };
  const at100 = delta[les.indexOf('0.1')] ?? NaN;
  return {
    acknowledged: total,
    // "≤ x ms": the histogram's bucket bound holding the quantile, not an interpolation.
    p50AtMostMs: bound(0.5),
    p99AtMostMs: bound(0.99),
    shareOver100Ms: total > 0 ? Math.round(((total - at100) / total) * 10_000) / 10_000 : NaN,
  };
}

/** The load generator's own event-loop delay and CPU over a step. */
export function clientLoad() {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    h.disable();
    const cpu = process.cpuUsage(cpu0);
    const s = (performance.now() - t0) / 1000;
    return {
      eventLoopDelayP99Ms: Math.round(h.percentile(99) / 1e5) / 10,
      eventLoopDelayMaxMs: Math.round(h.max / 1e5) / 10,
      cpuCoresBusy: Math.round(((cpu.user + cpu.system) / 1e6 / s) * 100) / 100,
    };
  };
}
