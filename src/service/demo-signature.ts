// A customer's signature as the demo's work orders carry it: a real PNG (ISO/IEC 15948), drawn
// here as a pen stroke on white, so the attachment routes serve and check genuine image bytes.
// 8-bit greyscale, one filter byte (0, none) per scanline, the image data deflated (RFC 1950).
import { crc32, deflateSync } from 'node:zlib';

const chunk = (type: string, data: Buffer): Buffer => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

/** A signature-like stroke (a sum of sines, different per `seed`) on a 160 × 48 image. */
export function signaturePng(seed: number): Uint8Array {
  const width = 160;
  const height = 48;
  const rows = Array.from({ length: height }, () => Buffer.alloc(width + 1, 0xff));
  for (const r of rows) r[0] = 0; // filter: none
  for (let x = 12; x < width - 12; x++) {
    const t = x / width;
    const y =
      height / 2 +
      12 * Math.sin(2 * Math.PI * (3 + seed) * t) * Math.exp(-1.5 * t) +
      6 * Math.sin(2 * Math.PI * 11 * t + seed);
    for (let dy = -1; dy <= 1; dy++) {
      const row = rows[Math.round(y) + dy];
      if (row) row[x + 1] = 0x20; // the pen, nearly black
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // bit depth 8, greyscale, deflate, adaptive filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
