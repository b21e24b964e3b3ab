// `ronghe gateway`: the edge process of issue 23. It runs the OPC UA and Modbus connectors of a
// config file inside the plant and forwards their points to the platform over HTTPS or MQTT,
// keeping them on disk while the platform cannot be reached.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { forwarderFor, parseGatewayConfig, startGateway } from '../../connectors/index.ts';
import { UsageError, type CliCommand } from '../command.ts';

const usage = `Usage:
  ronghe gateway --config <file> --platform <url> --token <device token> [--data <dir>]
--platform is https://… (POST /api/v1/telemetry) or mqtt[s]://… (QoS 1 to ronghe/telemetry).
--token is the gateway device's token (or RONGHE_GATEWAY_TOKEN).
The config file is JSON: {"asset": "<gateway's asset>", "connectors": [<definitions as in
POST /api/v1/connectors>], "maxQueuedPoints": 1000000, "healthIntervalMs": 10000,
"statusIntervalMs": 5000}. Connector status goes to the platform every statusIntervalMs
(shown by GET /api/v1/connectors/<id>/status for connectors whose deviceId is the token's).
Points wait in <data>/queue (default ./gateway-data) while the platform is unreachable; when
the queue is full the oldest are dropped and counted. OPC UA certificates live in <data>/pki:
trust a server by moving its certificate from pki/rejected to pki/trusted/certs.`;

export const command: CliCommand = {
  name: 'gateway',
  summary: 'Run OPC UA and Modbus connectors at the edge and forward to the platform',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        platform: { type: 'string' },
        token: { type: 'string' },
        data: { type: 'string' },
      },
    });
    const token = values.token ?? process.env.RONGHE_GATEWAY_TOKEN;
    if (!values.config) throw new UsageError('--config is required');
    if (!values.platform || !/^(https?|mqtts?):\/\//.test(values.platform)) {
      throw new UsageError('--platform must be an http(s):// or mqtt(s):// URL');
    }
    if (!token) throw new UsageError('--token (or RONGHE_GATEWAY_TOKEN) is required');
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(values.config, 'utf8'));
    } catch (e) {
      throw new UsageError(`--config ${values.config}: ${(e as Error).message}`);
    }
    const cfg = parseGatewayConfig(raw);
    const dataDir = resolve(values.data ?? cfg.dataDir ?? './gateway-data');
    const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
    const gw = startGateway(cfg, forwarderFor(values.platform, token, `gateway-${cfg.asset}`), {
      dataDir,
      log,
    });
    log(
      `gateway: ${gw.connectors.length} connectors → ${values.platform}; queue ${dataDir}/queue holds ${gw.queue.depth} points`,
    );
    await new Promise<void>((done) => {
      const stop = (sig: string) => {
        log(`gateway: ${sig}, stopping`);
        void gw.stop().then(done);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
  },
};
