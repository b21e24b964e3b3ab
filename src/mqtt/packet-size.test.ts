// The fixed-header scanner behind the maximum packet size, over encoded packets cut at every
// byte boundary.
import { describe, expect, it } from 'vitest';
import { PacketSizeScanner } from './packet-size.ts';

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
});
