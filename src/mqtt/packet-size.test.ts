// The fixed-header scanner behind the maximum packet size, over encoded packets cut at every
// byte boundary.
import { describe, expect, it } from 'vitest';
import type { Client } from 'aedes';
import { PACKETS_PER_READ, PacketSizeScanner, guardPacketSize } from './packet-size.ts';

/** A QoS 0 PUBLISH on topic 't' of `bytes` bytes in all (MQTT 3.1.1 §3.3), up to 16 KiB. */
function publish(bytes: number): Buffer {
  const lengthBytes = bytes - 1 > 128 ? 2 : 1;
  const remaining = bytes - 1 - lengthBytes;
  const length = lengthBytes === 1 ? [remaining] : [(remaining & 0x7f) | 0x80, remaining >> 7];
  const body = Buffer.alloc(remaining);
  body.writeUInt16BE(1, 0);
  body.write('t', 2);
  return Buffer.concat([Buffer.from([0x30, ...length]), body]);
}

describe('PacketSizeScanner', () => {
  it('follows packets split anywhere and finds the first one over the limit', () => {
    const small = publish(100);
    const big = publish(301); // a 2-byte Remaining Length
    expect(small.length).toBe(100);
    expect(big.length).toBe(301);
    const stream = Buffer.concat([small, small, big, small]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const s = new PacketSizeScanner(300);
      const first = s.scan(stream.subarray(0, cut));
      const rest = first ?? s.scan(stream.subarray(cut));
      expect(rest).toBe(301);
    }
    const s = new PacketSizeScanner(301);
    expect(s.scan(stream)).toBeUndefined();
  });

  it('refuses a Remaining Length of more than four bytes and an announced 256 MiB', () => {
    expect(new PacketSizeScanner(1 << 20).scan(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff]))).toBe(
      Infinity,
    );
    expect(new PacketSizeScanner(1 << 20).scan(Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f]))).toBe(
      268_435_455 + 5,
    );
  });

  it('stops after a number of packets, at a packet end, however the bytes were cut', () => {
    const ping = Buffer.from([0xc0, 0x00]); // no body: ends with its length byte
    const packets = [publish(100), ping, publish(301), publish(5), ping, publish(40), ping];
    const ends = packets.reduce<number[]>((a, p) => [...a, (a.at(-1) ?? 0) + p.length], []);
    const stream = Buffer.concat(packets);
    for (let cut = 1; cut < stream.length; cut++) {
      // The socket has `arrived` bytes; what a scan leaves is read again with what came since.
      const s = new PacketSizeScanner(1 << 20);
      let arrived = cut;
      let at = 0;
      const stops = [0];
      while (at < stream.length) {
        if (at === arrived) arrived = stream.length;
        expect(s.scan(stream.subarray(at, arrived), 2)).toBeUndefined();
        at += s.scanned;
        stops.push(at);
      }
      expect(at).toBe(stream.length);
      // Every stop is a packet end or the end of what had arrived; never more than 2 ends apart.
      for (const stop of stops.slice(1)) expect(ends.includes(stop) || stop === cut).toBe(true);
      for (let i = 1; i < stops.length; i++) {
        const between = ends.filter((e) => e > stops[i - 1]! && e <= stops[i]!).length;
        expect(between).toBeLessThanOrEqual(2);
      }
    }
  });

  it('hands Aedes a few packets of a read and puts the rest back on the socket (issue 21)', () => {
    const parsed: Buffer[] = [];
    const unshifted: Buffer[] = [];
    const client = {
      _parser: { parse: (b: Buffer) => parsed.push(b) },
      conn: { unshift: (b: Buffer) => unshifted.push(b) },
    } as unknown as Client;
    guardPacketSize(client, 1 << 20, () => undefined);
    const one = publish(60);
    const read = Buffer.concat(Array.from({ length: 400 }, () => one)); // 24 KB: one socket read
    (client as unknown as { _parser: { parse(b: Buffer): number } })._parser.parse(read);
    expect(parsed.map((b) => b.length)).toEqual([PACKETS_PER_READ * 60]);
    expect(unshifted.map((b) => b.length)).toEqual([(400 - PACKETS_PER_READ) * 60]);
  });
});
