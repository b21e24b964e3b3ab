// Modbus TCP polling (Modbus Messaging on TCP/IP Implementation Guide v1.0b): one TCP
// connection and one loop per device, so a device that stops answering only delays itself.
// Reads are planned once (plan.ts) and sent one after another, since many devices serve a single
// outstanding transaction. A timeout after the retries marks the device offline and drops the
// connection (a late answer must not be taken for the next request's); an exception response
// (§7 of the protocol spec) is reported on the mappings of that read and the others go on.
import modbusSerial from 'modbus-serial';
import { passesDeadband, type Deadband, type PointSink, type ConnectorPoint } from '../points.ts';
import type { Localized } from '../../kernel/index.ts';
import { StatusTracker } from '../status.ts';
import { decodeValue, type ModbusValueSpec } from './decode.ts';
import { planReads, type AddressedMapping, type PlannedRead } from './plan.ts';

export interface ModbusMapping extends AddressedMapping, ModbusValueSpec {
  readonly asset: string;
  readonly channel: string;
  readonly deadband: Deadband;
}

export interface ModbusDeviceConfig {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly mappings: readonly ModbusMapping[];
}

/** Modbus exception codes, protocol spec §7, in English and as Chinese translations of the
 * specification name them. */
const EXCEPTIONS: Readonly<Record<number, Localized>> = {
  1: { en: 'illegal function', 'zh-CN': '非法功能' },
  2: { en: 'illegal data address', 'zh-CN': '非法数据地址' },
  3: { en: 'illegal data value', 'zh-CN': '非法数据值' },
  4: { en: 'server device failure', 'zh-CN': '从站设备故障' },
  5: { en: 'acknowledge', 'zh-CN': '已确认，处理中' },
  6: { en: 'server device busy', 'zh-CN': '从站设备忙' },
  10: { en: 'gateway path unavailable', 'zh-CN': '网关路径不可用' },
  11: { en: 'gateway target device failed to respond', 'zh-CN': '网关目标设备无响应' },
};

const exceptionCode = (e: unknown): number | undefined => {
  const c = (e as { modbusCode?: unknown } | null)?.modbusCode;
  return typeof c === 'number' ? c : undefined;
};

export const describeModbusError = (e: unknown): Localized => {
  const code = exceptionCode(e);
  if (code !== undefined) {
    const name = EXCEPTIONS[code] ?? { en: 'unknown', 'zh-CN': '未知' };
    return { en: `exception ${code} (${name.en})`, 'zh-CN': `异常码 ${code}（${name['zh-CN']}）` };
  }
  const err = e as { errno?: string; message?: string };
  if (err?.errno === 'ETIMEDOUT') return { en: 'timeout: no answer', 'zh-CN': '超时：无应答' };
  const text = err?.message ?? String(e);
  return { en: text, 'zh-CN': text };
};

// modbus-serial is CommonJS whose typings declare a default export; at run time `default` is
// the module itself, so this one name works under both.
const ModbusRTU = modbusSerial.default;
type Client = InstanceType<typeof ModbusRTU>;

async function read(client: Client, r: PlannedRead<ModbusMapping>): Promise<number[]> {
  client.setID(r.unitId);
  switch (r.function) {
    case 'holding':
      return (await client.readHoldingRegisters(r.address, r.count)).data;
    case 'input':
      return (await client.readInputRegisters(r.address, r.count)).data;
    case 'coils':
      return (await client.readCoils(r.address, r.count)).data.slice(0, r.count).map(Number);
    case 'discrete-inputs':
      return (await client.readDiscreteInputs(r.address, r.count)).data
        .slice(0, r.count)
        .map(Number);
  }
}

export interface ModbusPoller {
  readonly status: StatusTracker;
  /** One polling cycle now (tests and benches); the timer calls it too. */
  pollOnce(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts polling one device; values go to `sink`, health to `status`. */
export function startModbusPoller(
  cfg: ModbusDeviceConfig,
  sink: PointSink,
  opts: { timer?: boolean } = {},
): ModbusPoller {
  const status = new StatusTracker(
    cfg.id,
    cfg.mappings.map((m) => m.key),
  );
  const reads = planReads(cfg.mappings);
  const last = new Map<string, number>();
  let client: Client | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function connect(): Promise<Client> {
    if (client?.isOpen) return client;
    const c = new ModbusRTU();
    c.setTimeout(cfg.timeoutMs);
    await c.connectTCP(cfg.host, { port: cfg.port });
    client = c;
    return c;
  }

  function drop(): void {
    const c = client;
    client = undefined;
    if (c) c.close(() => undefined);
  }

  function emit(r: PlannedRead<ModbusMapping>, words: number[], ts: number, out: ConnectorPoint[]) {
    for (const { mapping: m, at } of r.items) {
      const value = decodeValue(words, at, m);
      if (!Number.isFinite(value)) {
        status.mappingError(
          m.key,
          {
            en: 'value is not a finite number (NaN or infinity)',
            'zh-CN': '值不是有限数（NaN 或无穷大）',
          },
          true,
        );
        continue;
      }
      status.value(m.key, value, ts);
      if (!passesDeadband(m.deadband, last.get(m.key), value)) continue;
      last.set(m.key, value);
      out.push({ asset: m.asset, channel: m.channel, ts, value });
    }
  }

  async function readWithRetries(c: Client, r: PlannedRead<ModbusMapping>): Promise<number[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await read(c, r);
      } catch (e) {
        if (exceptionCode(e) !== undefined || attempt >= cfg.retries) throw e;
      }
    }
  }

  async function cycle(): Promise<void> {
    let c: Client;
    try {
      c = await connect();
    } catch (e) {
      const why = describeModbusError(e);
      status.setState('offline', {
        en: `connect ${cfg.host}:${cfg.port}: ${why.en}`,
        'zh-CN': `连接 ${cfg.host}:${cfg.port} 失败：${why['zh-CN']}`,
      });
      drop();
      return;
    }
    const out: ConnectorPoint[] = [];
    for (const r of reads) {
      if (stopped) return;
      try {
        emit(r, await readWithRetries(c, r), Date.now(), out);
        status.setState('online');
      } catch (e) {
        const msg = describeModbusError(e);
        for (const { mapping } of r.items) status.mappingError(mapping.key, msg);
        if (exceptionCode(e) === undefined) {
          // No answer at all: the device is gone for this cycle; try again on the next.
          status.setState('offline', {
            en: `unit ${r.unitId}: ${msg.en}`,
            'zh-CN': `从站 ${r.unitId}：${msg['zh-CN']}`,
          });
          drop();
          break;
        }
      }
    }
    if (out.length > 0) sink(out);
  }

  function pollOnce(): Promise<void> {
    running ??= cycle().finally(() => (running = undefined));
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    const started = Date.now();
    timer = setTimeout(
      () => {
        void pollOnce().then(schedule);
      },
      Math.max(0, cfg.intervalMs - (Date.now() - started)),
    );
  }

  if (opts.timer !== false) {
    void pollOnce().then(schedule);
  }

  return {
    status,
    pollOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
      drop();
    },
  };
}
