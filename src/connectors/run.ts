// Starting a stored or configured definition: defaults filled, the protocol's client started.
// The platform's runtime and `ronghe gateway` both come through here, so a connector behaves
// the same wherever it runs.
import { assertNever } from '../kernel/index.ts';
import type { ConnectorDefinition } from './definitions.ts';
import { startModbusPoller, type ModbusMapping } from './modbus/poller.ts';
import type { OpcUaMapping } from './opcua/client.ts';
import type { ConnectorPoint, Deadband, PointSink } from './points.ts';
import { StatusTracker } from './status.ts';

export interface RunningConnector {
  readonly id: string;
  readonly status: StatusTracker;
  stop(): Promise<void>;
}

const deadbandOf = (d: { kind: string; value?: number } | undefined): Deadband =>
  d && d.kind !== 'none' && d.value !== undefined
    ? { kind: d.kind as 'absolute' | 'percent', value: d.value }
    : { kind: 'none' };

/** Starts `def` (id given) with its OPC UA certificate store under `pkiDir`. */
export function startConnector(
  id: string,
  def: ConnectorDefinition,
  pkiDir: string,
  sink: PointSink,
): RunningConnector {
  switch (def.protocol) {
    case 'opcua': {
      const mappings: OpcUaMapping[] = def.mappings.map((m, i) => ({
        key: `${i}:${m.asset}/${m.channel}`,
        asset: m.asset,
        channel: m.channel,
        namespaceUri: m.namespaceUri,
        nodeId: m.nodeId,
        samplingIntervalMs: m.samplingIntervalMs ?? 1000,
        queueSize: m.queueSize ?? 10,
        deadband: deadbandOf(m.deadband),
      }));
      const cfg = {
        id,
        endpointUrl: def.endpointUrl,
        securityMode: def.securityMode,
        ...(def.username ? { user: { username: def.username, password: def.password ?? '' } } : {}),
        pkiDir,
        publishingIntervalMs: def.publishingIntervalMs ?? 1000,
        mappings,
      };
      // The OPC UA stack loads with the first OPC UA connector: at import it prints a warning
      // about Node 20's RSA PKCS#1 v1.5 on stdout, which every CLI command and benchmark that
      // never speaks OPC UA would otherwise carry before its output.
      const status = new StatusTracker(
        id,
        mappings.map((m) => m.key),
      );
      let stopped = false;
      const started = import('./opcua/client.ts').then((m) =>
        stopped ? undefined : m.startOpcUaConnector(cfg, sink, status),
      );
      started.catch((e: unknown) => status.setState('offline', (e as Error).message));
      return {
        id,
        status,
        stop: async () => {
          stopped = true;
          await (await started.catch(() => undefined))?.stop();
        },
      };
    }
    case 'modbus': {
      const mappings: ModbusMapping[] = def.mappings.map((m, i) => ({
        key: `${i}:${m.asset}/${m.channel}`,
        asset: m.asset,
        channel: m.channel,
        unitId: m.unitId,
        function: m.function,
        address: m.address,
        dataType: m.dataType,
        byteOrder: m.byteOrder ?? 'big',
        wordOrder: m.wordOrder ?? 'big',
        scale: m.scale ?? 1,
        offset: m.offset ?? 0,
        deadband: deadbandOf(m.deadband),
      }));
      const p = startModbusPoller(
        {
          id,
          host: def.host,
          port: def.port,
          intervalMs: def.intervalMs ?? 1000,
          timeoutMs: def.timeoutMs ?? 1000,
          retries: def.retries ?? 1,
          mappings,
        },
        sink,
      );
      return { id, status: p.status, stop: () => p.stop() };
    }
    default:
      return assertNever(def);
  }
}

/** Points grouped as the JSON ingest takes them: one entry per asset and time. */
export function asJsonPoints(points: readonly ConnectorPoint[]) {
  const by = new Map<string, { asset: string; ts: number; values: Record<string, number> }>();
  for (const p of points) {
    const k = `${p.asset}\u0000${p.ts}`;
    const e = by.get(k);
    if (e && !(p.channel in e.values)) {
      e.values[p.channel] = p.value;
      continue;
    }
    // A second value of one channel at one time is kept apart rather than merged away.
    by.set(e ? `${k}\u0000${by.size}` : k, {
      asset: p.asset,
      ts: p.ts,
      values: { [p.channel]: p.value },
    });
  }
  return [...by.values()];
}
