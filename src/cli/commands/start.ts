import { parseArgs } from 'node:util';
import { loadConfig, natsServersOf, type Config } from '../../config.ts';
import { DEMO_ADMIN_EMAIL } from '../../demo.ts';
import { REGION_DEMO_ADMIN_EMAIL } from '../../region/index.ts';
import { startPlatform } from '../../main.ts';
import { UsageError, type CliCommand } from '../command.ts';

const usage = `Usage: ronghe start [--port 8080] [--host 0.0.0.0] [--data ./data] [--database-url URL] [--mqtt-port 1883] [--nats nats://h1:4222,…] [--node-id ID] [--no-demo] [--no-simulate]

Starts the platform: HTTP API and console on --port, everything embedded (SQLite under --data)
unless --database-url (or RONGHE_DATABASE_URL) names a PostgreSQL server. On an empty
database it creates the demo tenant and prints the demo admin's password once.

With --nats (or RONGHE_NATS) the node joins a cluster: several nodes on one PostgreSQL
database and a NATS JetStream cluster (docs/cluster.md).`;

function portOf(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--${name}: '${v}' is not a port number`);
  return n;
}

export const command: CliCommand = {
  name: 'start',
  summary: 'Start the platform (HTTP API, embedded database and broker)',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        'database-url': { type: 'string' },
        'mqtt-port': { type: 'string' },
        nats: { type: 'string' },
        'node-id': { type: 'string' },
        'no-demo': { type: 'boolean' },
        'no-simulate': { type: 'boolean' },
      },
    });
    const overrides: Partial<Config> = {};
    const port = portOf('port', values.port);
    if (port !== undefined) overrides.port = port;
    const mqttPort = portOf('mqtt-port', values['mqtt-port']);
    if (mqttPort !== undefined) overrides.mqttPort = mqttPort === 0 ? null : mqttPort;
    if (values.host) overrides.host = values.host;
    if (values.data) overrides.dataDir = values.data;
    if (values['no-demo']) overrides.demo = false;
    if (values['no-simulate']) overrides.simulate = false;
    let config = loadConfig(process.env, overrides);
    if (values.data && !process.env.RONGHE_DATABASE_URL)
      config = loadConfig({ ...process.env }, { ...overrides, dataDir: values.data });
    if (values['database-url']) config = { ...config, databaseUrl: values['database-url'] };
    if (values.nats) config = { ...config, nats: natsServersOf('--nats', values.nats) };
    if (values['node-id']) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(values['node-id']))
        throw new UsageError(
          `--node-id: '${values['node-id']}' is not 1–64 letters, digits, _ or -`,
        );
      config = { ...config, nodeId: values['node-id'] };
    }

    const platform = await startPlatform(config);
    const d = platform.demo;
    if (d?.created) {
      console.log(
        `\nDemo tenant created. Log in as ${DEMO_ADMIN_EMAIL} with password: ${d.adminPassword}`,
      );
      console.log(
        `The regional pilot office (region tenant) signs in as ${REGION_DEMO_ADMIN_EMAIL} with the same password.`,
      );
      console.log('(shown once; set RONGHE_ADMIN_PASSWORD before the first start to choose it)\n');
    }
    console.log(`Ronghe is running at ${platform.url}  (database: ${platform.db.location})`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        console.log(`\n${signal}: shutting down…`);
        // A second signal, or a close that hangs, ends the process anyway.
        process.once(signal, () => process.exit(130));
        setTimeout(() => {
          console.error('shutdown took longer than 15 s; exiting');
          process.exit(1);
        }, 15_000).unref();
        platform.close().then(resolve, (e: unknown) => {
          console.error(e);
          resolve();
        });
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
  },
};
