// A real Modbus TCP server for tests and benches (modbus-serial's ServerTCP) on a free port.
// Registers live in plain maps per unit; a unit listed in `silentUnits` never answers (a
// timeout), and an address in `failing` answers exception 02.
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import modbusSerial from 'modbus-serial';

export interface TestModbusServer {
  readonly port: number;
  readonly holding: Map<number, number>;
  readonly input: Map<number, number>;
  readonly coils: Map<number, boolean>;
  /** Requests served, by function. */
  readonly served: { registers: number; bits: number; requests: number };
  close(): Promise<void>;
}

const illegalAddress = (addr: number) =>
  Object.assign(new Error(`illegal address ${addr}`), { modbusErrorCode: 0x02 });

export async function startTestModbusServer(
  opts: { silentUnits?: readonly number[]; failing?: readonly number[] } = {},
): Promise<TestModbusServer> {
  const holding = new Map<number, number>();
  const input = new Map<number, number>();
  const coils = new Map<number, boolean>();
  const served = { registers: 0, bits: 0, requests: 0 };
  const silent = new Set(opts.silentUnits ?? []);
  const failing = new Set(opts.failing ?? []);
  const reg =
    (m: Map<number, number>) =>
    (addr: number, length: number, unit: number, cb: (e: Error | null, v: number[]) => void) => {
      if (silent.has(unit)) return; // never calls back: the client times out
      served.requests++;
      served.registers += length;
      for (let a = addr; a < addr + length; a++) {
        if (failing.has(a)) return cb(illegalAddress(a), []);
      }
      cb(
        null,
        Array.from({ length }, (_, i) => m.get(addr + i) ?? 0),
      );
    };
  const vector = {
    getMultipleHoldingRegisters: reg(holding),
    getMultipleInputRegisters: reg(input),
    // A read of one register comes through the single getters: same rules.
    getHoldingRegister: (addr: number, unit: number, cb: (e: Error | null, v: number) => void) =>
      reg(holding)(addr, 1, unit, (e, v) => cb(e, v[0] ?? 0)),
    getInputRegister: (addr: number, unit: number, cb: (e: Error | null, v: number) => void) =>
      reg(input)(addr, 1, unit, (e, v) => cb(e, v[0] ?? 0)),
    getCoil: (addr: number, unit: number, cb: (e: Error | null, v: boolean) => void) => {
      if (silent.has(unit)) return;
      served.bits++;
      cb(null, coils.get(addr) ?? false);
    },
    getDiscreteInput: (addr: number) => coils.get(addr) ?? false,
  };
  // ServerTCP takes port 0 for "unset" and binds 502, so a free port is found first.
  const free = await new Promise<number>((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address() as AddressInfo;
      s.close(() => resolve(a.port));
    });
  });
  const server = new modbusSerial.ServerTCP(vector, { host: '127.0.0.1', port: free });
  await new Promise<void>((resolve, reject) => {
    server.once('initialized', () => resolve());
    server.once('serverError', reject);
  });
  const net = (server as unknown as { _server: Server })._server;
  const port = (net.address() as AddressInfo).port;
  return {
    port,
    holding,
    input,
    coils,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of server.socks.keys()) s.destroy();
        server.close(() => resolve());
      }),
  };
}
