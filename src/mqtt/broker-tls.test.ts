// Issue #15 finding 11 (MQTT part): MQTT over TLS. The broker listens for mqtts with a PEM
// certificate and key, here a self-signed one made by openssl in a temporary directory, and
// with no plain listener (RONGHE_MQTT_PORT=0 in the platform).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createDevice } from '../assets/index.ts';
import { startBrokerWorld, type BrokerWorld } from './broker-world.ts';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const openssl = hasOpenssl();
if (!openssl)
  console.warn('broker-tls.test.ts: openssl is not installed; MQTT over TLS is not tested');

/** A self-signed certificate for 127.0.0.1 and localhost, valid for a day. */
function selfSigned(dir: string): { cert: Buffer; key: Buffer } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
      .concat(['-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'])
      .concat(['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost']),
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(cert), key: readFileSync(key) };
}

describeEachDatabase('MQTT over TLS', (t) => {
  let world: BrokerWorld;
  let dir: string;
  let pem: { cert: Buffer; key: Buffer };
  let token: string;

  beforeAll(async () => {
    if (!openssl) return;
    dir = mkdtempSync(join(tmpdir(), 'ronghe-tls-'));
    pem = selfSigned(dir);
    world = await startBrokerWorld(t, { listen: { port: null, tls: { port: 0, ...pem } } });
    token = (
      await createDevice(world.w.db, world.w.scopeA, { assetId: world.w.assets.A1, name: 'gw' })
    ).token;
  });
  afterAll(async () => {
    await world?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!openssl)(
    'takes telemetry over mqtts from a client that trusts the certificate',
    async () => {
      expect(world.broker.port).toBeNull();
      const port = world.broker.tlsPort!;
      const c = await mqtt.connectAsync(`mqtts://127.0.0.1:${port}`, {
        username: 'gw',
        password: token,
        clientId: 'tls-1',
        ca: pem.cert,
        reconnectPeriod: 0,
      });
      const ts = Date.now() - 1000;
      await c.publishAsync('ronghe/telemetry/CH-1', JSON.stringify({ ts, values: { cop: 4.25 } }), {
        qos: 1,
      });
      await c.endAsync();
      const latest = await world.telemetry.queries.latest(
        { tenantId: world.w.tenantA.id, customerIds: null },
        { assets: ['CH-1'], channels: ['cop'] },
      );
      expect(latest).toMatchObject([{ ts, value: 4.25 }]);
    },
  );

  it.skipIf(!openssl)('is real TLS: an untrusting client and plain MQTT are refused', async () => {
    const port = world.broker.tlsPort!;
    await expect(
      mqtt.connectAsync(`mqtts://127.0.0.1:${port}`, {
        username: 'gw',
        password: token,
        reconnectPeriod: 0,
      }),
    ).rejects.toThrow(/self-signed|self signed/i);
    // A plain CONNECT on the TLS port gets no CONNACK: the TLS server drops it.
    const answer = await new Promise<string>((resolve) => {
      const s = tcpConnect(port, '127.0.0.1', () =>
        s.write(Buffer.from('101000044d5154540402001e0004706c6169', 'hex')),
      );
      s.once('data', (d) => resolve(d[0] === 0x20 ? 'connack' : 'other'));
      s.once('close', () => resolve('closed'));
      s.once('error', () => undefined);
    });
    expect(answer).not.toBe('connack');
  });

  it.skipIf(!openssl || !existsSync('/usr/bin/mosquitto_pub'))(
    "takes mosquitto_pub --cafile, as the README's example",
    async () => {
      const ts = Date.now() - 500;
      // Not execFileSync: the broker runs in this process and must answer meanwhile.
      await promisify(execFile)('/usr/bin/mosquitto_pub', [
        ...[
          '-h',
          '127.0.0.1',
          '-p',
          String(world.broker.tlsPort),
          '--cafile',
          join(dir, 'cert.pem'),
        ],
        ...['-u', 'gw', '-P', token, '-q', '1', '-t', 'ronghe/telemetry/CH-1'],
        ...['-m', JSON.stringify({ ts, values: { cop: 5.75 } })],
      ]);
      await expect(
        world.telemetry.queries.latest(
          { tenantId: world.w.tenantA.id, customerIds: null },
          { assets: ['CH-1'], channels: ['cop'] },
        ),
      ).resolves.toMatchObject([{ ts, value: 5.75 }]);
    },
  );
});
