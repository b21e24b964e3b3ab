// A maximum MQTT packet size. Aedes 1.x has none (moscajs/aedes#831) and its parser buffers a
// whole packet before parsing it, so a client could make the broker hold 256 MiB per packet.
// The guard reads each fixed header (MQTT 3.1.1 §2.2: one type byte, then the Remaining
// Length in 1–4 bytes of 7 bits each, §2.2.3) as the bytes arrive and refuses a packet from
// its header, before its body is read.
import type { Client } from 'aedes';

export const DEFAULT_MAX_PACKET_BYTES = 1024 * 1024;
/** 268,435,455 is the largest Remaining Length (§2.2.3), plus up to 5 header bytes. */
export const MQTT_MAX_PACKET_BYTES = 268_435_455 + 5;

/** Follows packet boundaries in a byte stream; stateful across chunks. */
export class PacketSizeScanner {
  private state: 'type' | 'length' | 'body' = 'type';
  private length = 0;
  private lengthBytes = 0;
  private remaining = 0;

  /** Bytes of the chunk the last scan() went through: all, or up to its `packets`-th end. */
  scanned = 0;

  constructor(readonly max: number) {}

  /**
   * The size of the first packet in `chunk` over the limit (Infinity if malformed), or
   * undefined. Stops after `packets` packets have ended in the chunk (`scanned` says where).
   */
  scan(chunk: Uint8Array, packets = Infinity): number | undefined {
    let i = 0;
    let ended = 0;
    while (i < chunk.length) {
      if (this.state === 'body') {
        const n = Math.min(this.remaining, chunk.length - i);
        this.remaining -= n;
        i += n;
        if (this.remaining === 0) {
          this.state = 'type';
          if (++ended >= packets) break;
        }
        continue;
      }
      const byte = chunk[i++]!;
      if (this.state === 'type') {
        this.state = 'length';
        this.length = 0;
        this.lengthBytes = 0;
        continue;
      }
      this.length += (byte & 0x7f) * 128 ** this.lengthBytes++;
      if (byte & 0x80) {
        if (this.lengthBytes === 4) return Infinity; // a fifth length byte is malformed
        continue;
      }
      const size = 1 + this.lengthBytes + this.length;
      if (size > this.max) return size;
      this.remaining = this.length;
      this.state = this.remaining === 0 ? 'type' : 'body';
      if (this.remaining === 0 && ++ended >= packets) break;
    }
    this.scanned = i;
    return undefined;
  }
}

interface ParserHost {
  _parser?: { parse(buf: Buffer): number };
}

/**
 * Packets handed to Aedes per socket read. Aedes handles every packet of a read at once and
 * reads on once they are done, and a read holds up to 64 KiB: about 400 small PUBLISHes of a
 * client sending faster than they are acknowledged, each held in the ingest pipeline until its
 * write commits. With 10,000 devices that was 650 MiB of live heap when ingest fell behind
 * (issue 21). The rest of the read goes back to the socket's buffer, read after these.
 */
export const PACKETS_PER_READ = 8;

/**
 * Puts the scanner in front of the client's packet parser (the one entry of bytes in Aedes
 * 1.x: lib/client.js hands each socket read to `_parser.parse`). From the first packet over
 * the limit on, nothing more is parsed and `tooLarge` decides how to end the connection. At
 * most `perRead` packets are parsed from one read (PACKETS_PER_READ).
 */
export function guardPacketSize(
  client: Client,
  max: number,
  tooLarge: (client: Client, size: number) => void,
  perRead = PACKETS_PER_READ,
): void {
  const parser = (client as unknown as ParserHost)._parser;
  if (!parser || typeof parser.parse !== 'function') {
    // Fail closed: an Aedes without this entry point would accept packets of any size.
    client.conn.destroy(new Error('mqtt: cannot enforce the maximum packet size'));
    return;
  }
  const parse = parser.parse.bind(parser);
  const scanner = new PacketSizeScanner(max);
  let refused = false;
  parser.parse = (buf: Buffer) => {
    if (refused) return 0;
    const size = scanner.scan(buf, perRead);
    if (size === undefined) {
      if (scanner.scanned === buf.length) return parse(buf);
      // Back to the front of the socket's buffer: Aedes reads it once these packets are done.
      client.conn.unshift(buf.subarray(scanner.scanned));
      return parse(buf.subarray(0, scanner.scanned));
    }
    refused = true;
    tooLarge(client, size);
    return 0;
  };
}
