// A real OPC UA server for tests and benches (node-opcua's server) on a free port: a namespace
// `urn:ronghe:test` with variables changing on a timer with source timestamps (one of them an
// AnalogItems with an EURange, for percent deadbands), a user
// `operator`/`secret`, endpoints None and Basic256Sha256 Sign/SignAndEncrypt, and a
// self-signed certificate kept in `pkiDir` so a restart presents the same certificate.
import { createServer } from 'node:net';
import {
  DataType,
  MessageSecurityMode,
  nodesets,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  StatusCodes,
  Variant,
  type UAVariable,
} from 'node-opcua';

export const TEST_NAMESPACE = 'urn:ronghe:test';
export const TEST_USER = { username: 'operator', password: 'secret' } as const;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** `Level` at tick n: a plateau that moves by 12 (12 % of its EURange) every 5 ticks, with a
 * wiggle of 1 (1 %) on every other tick in between. */
export const levelAt = (n: number): number => 10 + 12 * (Math.floor(n / 5) % 6) + (n % 2);

export interface TestOpcUaServer {
  readonly endpointUrl: string;
  /** Epoch ms of tick 0: tick n carries the source timestamp t0 + n·tickMs. */
  readonly t0: number;
  /** Value of `Counter` at the last tick (it counts ticks since `start`, across restarts). */
  readonly counter: () => number;
  /** The server's certificate (DER), to trust on the client side. */
  readonly certificate: () => Buffer;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

export interface TestServerOptions {
  readonly port: number;
  readonly pkiDir: string;
  readonly tickMs: number;
  /** Extra `Item<n>` variables (Double) for benches, all changing every tick. */
  readonly items?: number;
  /** Namespaces registered before the test one, so its index differs across restarts. */
  readonly paddingNamespaces?: number;
  /** The server's OperationLimits.MaxMonitoredItemsPerCall (its default when absent). */
  readonly maxMonitoredItemsPerCall?: number;
}

export async function startTestOpcUaServer(opts: TestServerOptions): Promise<TestOpcUaServer> {
  const t0 = Date.now();
  let server: OPCUAServer | undefined;
  let timer: NodeJS.Timeout | undefined;
  let padding = opts.paddingNamespaces ?? 0;

  async function start(): Promise<void> {
    const cm = new OPCUACertificateManager({
      rootFolder: opts.pkiDir,
      automaticallyAcceptUnknownCertificate: true,
    });
    await cm.initialize();
    const s = new OPCUAServer({
      port: opts.port,
      hostname: '127.0.0.1',
      nodeset_filename: [nodesets.standard],
      serverCertificateManager: cm,
      securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
      securityModes: [
        MessageSecurityMode.None,
        MessageSecurityMode.Sign,
        MessageSecurityMode.SignAndEncrypt,
      ],
      allowAnonymous: true,
      ...(opts.maxMonitoredItemsPerCall
        ? {
            serverCapabilities: {
              operationLimits: { maxMonitoredItemsPerCall: opts.maxMonitoredItemsPerCall },
            },
          }
        : {}),
      userManager: {
        isValidUser: (u: string, p: string) => u === TEST_USER.username && p === TEST_USER.password,
      },
    });
    await s.initialize();
    const space = s.engine.addressSpace!;
    for (let i = 0; i < padding; i++) space.registerNamespace(`urn:ronghe:padding:${i}`);
    const ns = space.registerNamespace(TEST_NAMESPACE);
    const dev = ns.addObject({ organizedBy: space.rootFolder.objects, browseName: 'Chiller' });
    const add = (name: string, dataType: DataType): UAVariable =>
      ns.addVariable({
        componentOf: dev,
        browseName: name,
        nodeId: `s=${name}`,
        dataType: DataType[dataType],
        minimumSamplingInterval: 50,
      });
    const counter = add('Counter', DataType.Int32);
    const temp = add('Temp', DataType.Double);
    const broken = add('Broken', DataType.Double);
    // An AnalogItem with EURange 0–100 (Part 8 §5.3.2): a percent deadband is a share of it.
    const level = ns.addAnalogDataItem({
      componentOf: dev,
      browseName: 'Level',
      nodeId: 's=Level',
      dataType: 'Double',
      engineeringUnitsRange: { low: 0, high: 100 },
      minimumSamplingInterval: 50,
    });
    // The same values over a range four times as wide: a percent deadband is four times wider
    // in engineering units, which an absolute reading of the same number would not be.
    const span = ns.addAnalogDataItem({
      componentOf: dev,
      browseName: 'Span',
      nodeId: 's=Span',
      dataType: 'Double',
      engineeringUnitsRange: { low: 0, high: 400 },
      minimumSamplingInterval: 50,
    });
    const items = Array.from({ length: opts.items ?? 0 }, (_, i) =>
      add(`Item${i}`, DataType.Double),
    );
    const tick = () => {
      const n = Math.floor((Date.now() - t0) / opts.tickMs);
      const at = new Date(t0 + n * opts.tickMs);
      counter.setValueFromSource(
        new Variant({ dataType: DataType.Int32, value: n }),
        StatusCodes.Good,
        at,
      );
      temp.setValueFromSource(
        new Variant({ dataType: DataType.Double, value: 20 + (n % 10) * 0.5 }),
        StatusCodes.Good,
        at,
      );
      level.setValueFromSource(
        new Variant({ dataType: DataType.Double, value: levelAt(n) }),
        StatusCodes.Good,
        at,
      );
      span.setValueFromSource(
        new Variant({ dataType: DataType.Double, value: levelAt(n) }),
        StatusCodes.Good,
        at,
      );
      broken.setValueFromSource(
        new Variant({ dataType: DataType.Double, value: n }),
        StatusCodes.BadSensorFailure,
        at,
      );
      for (const [i, v] of items.entries()) {
        v.setValueFromSource(
          new Variant({ dataType: DataType.Double, value: n + i }),
          StatusCodes.Good,
          at,
        );
      }
    };
    tick();
    timer = setInterval(tick, opts.tickMs);
    await s.start();
    server = s;
  }

  async function stop(): Promise<void> {
    clearInterval(timer);
    const s = server;
    server = undefined;
    await s?.shutdown(0);
  }

  await start();
  return {
    endpointUrl: `opc.tcp://127.0.0.1:${opts.port}`,
    t0,
    counter: () => Math.floor((Date.now() - t0) / opts.tickMs),
    certificate: () => {
      const c = server?.getCertificate();
      if (!c) throw new Error('server not running');
      return Buffer.from(c);
    },
    stop,
    async restart() {
      await stop();
      padding++; // the test namespace gets another index: mappings must follow its URI
      await start();
    },
  };
}
