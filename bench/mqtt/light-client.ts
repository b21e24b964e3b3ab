// The smallest MQTT 3.1.1 client that ten thousand devices can share one benchmark process
// with: CONNECT with username and password, PUBLISH at QoS 1, PUBACK matched to its packet
// identifier, PINGREQ when idle (OASIS MQTT 3.1.1, §3.1, §3.3, §3.4, §3.12). A full client
// (mqtt.js) per device costs more CPU and memory in the load generator than the broker spends
// on it, and that would be measured instead of the platform. bench/mqtt-devices.ts checks its
// CONNACK and PUBACK handling against the platform's broker on every run.
import { connect, type Socket } from 'node:net';

function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

function utf8(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  const out = Buffer.alloc(2 + b.length);
  out.writeUInt16BE(b.length, 0);
  b.copy(out, 2);
  return out;
}

function packet(first: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([first]), varint(body.length), body]);
}

export function connectPacket(
  clientId: string,
  username: string,
  password: string,
  keepAliveS: number,
) {
  // Protocol name "MQTT", level 4, flags: user name, password, clean session.
  const header = Buffer.from([
    0,
    4,
    0x4d,
    0x51,
    0x54,
    0x54,
    4,
    0xc2,
    keepAliveS >> 8,
    keepAliveS & 255,
  ]);
  return packet(0x10, Buffer.concat([header, utf8(clientId), utf8(username), utf8(password)]));
}

export function publishQos1(topic: string, id: number, payload: Buffer): Buffer {
  return packet(0x32, Buffer.concat([utf8(topic), Buffer.from([id >> 8, id & 255]), payload]));
}

const PINGREQ = Buffer.from([0xc0, 0]);

export class LightClient {
  private socket: Socket | undefined;
  private buf: Buffer = Buffer.alloc(0);
  private nextId = 1;
  /** Send time (performance.now()) of each unacknowledged packet identifier. */
  readonly inflight = new Map<number, number>();
  private onConnack: ((rc: number) => void) | undefined;
  private lastSend = 0;
  closed = false;
  error: string | undefined;

  constructor(
    private readonly port: number,
    readonly clientId: string,
    private readonly password: string,
    private readonly onAck: (latencyMs: number) => void,
  ) {}

  /** Resolves once the broker accepted the connection; rejects with its return code. */
  open(keepAliveS = 60): Promise<void> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port: this.port });
      this.socket = s;
      s.setNoDelay(true);
      this.onConnack = (rc) =>
        rc === 0 ? resolve() : reject(new Error(`CONNACK return code ${rc}`));
      s.on('connect', () =>
        s.write(connectPacket(this.clientId, 'device', this.password, keepAliveS)),
      );
      s.on('data', (d: Buffer) => this.read(d));
      s.on('error', (e) => {
        this.error = e.message;
        reject(e);
      });
      s.on('close', () => {
        this.closed = true;
        reject(new Error(`closed before CONNACK: ${this.clientId}`));
      });
    });
  }

  publish(topic: string, payload: Buffer): void {
    if (this.closed || !this.socket) return;
    const id = this.nextId;
    this.nextId = id === 65535 ? 1 : id + 1;
    const now = performance.now();
    this.inflight.set(id, now);
    this.lastSend = now;
    this.socket.write(publishQos1(topic, id, payload));
  }

  /** A PINGREQ when nothing was sent for `idleMs` (keeps the session inside its keep-alive). */
  ping(idleMs: number): void {
    if (!this.closed && this.socket && performance.now() - this.lastSend > idleMs) {
      this.lastSend = performance.now();
      this.socket.write(PINGREQ);
    }
  }

  close(): void {
    this.closed = true;
    this.socket?.end(Buffer.from([0xe0, 0])); // DISCONNECT
  }

  private read(d: Buffer): void {
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
    for (;;) {
      if (this.buf.length < 2) return;
      let len = 0;
      let mul = 1;
      let i = 1;
      for (;;) {
        if (i >= this.buf.length) return;
        const b = this.buf[i++]!;
        len += (b & 0x7f) * mul;
        mul *= 128;
        if ((b & 0x80) === 0) break;
      }
      if (this.buf.length < i + len) return;
      const type = this.buf[0]! >> 4;
      const body = this.buf.subarray(i, i + len);
      this.buf = this.buf.subarray(i + len);
      if (type === 2) this.onConnack?.(body[1]!);
      else if (type === 4) {
        const id = body.readUInt16BE(0);
        const sent = this.inflight.get(id);
        if (sent !== undefined) {
          this.inflight.delete(id);
          this.onAck(performance.now() - sent);
        }
      }
    }
  }
}
