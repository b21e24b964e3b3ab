import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SegmentLog } from './segment-log.ts';

const dirs: string[] = [];
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ronghe-seglog-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const bytes = (n: number, seed: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i * seed) % 251);
const ids = (entries: { id: number }[]) => entries.map((e) => e.id);

describe('ingest-log segments', () => {
  it('replays every record in id order across rotations, with the same bytes', async () => {
    const dir = newDir();
    const log = new SegmentLog(dir);
    expect(log.replay()).toEqual([]);
    const sizes = [1, 7, 8, 60_001, 0, 13];
    for (let i = 0; i < sizes.length; i++) {
      await log.append({ id: i + 1, data: bytes(sizes[i]!, i + 3) });
      if (i === 2) log.rotate();
    }
    await log.close();
    const again = new SegmentLog(dir).replay();
    expect(ids(again)).toEqual([1, 2, 3, 4, 5, 6]);
    again.forEach((e, i) =>
      expect(Array.from(e.data)).toEqual(Array.from(bytes(sizes[i]!, i + 3))),
    );
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('drops whole segments up to a compacted id, never a segment with a later record', async () => {
    const dir = newDir();
    const log = new SegmentLog(dir);
    for (const id of [1, 2]) await log.append({ id, data: bytes(10, id) });
    log.rotate();
    for (const id of [3, 4]) await log.append({ id, data: bytes(10, id) });
    log.rotate();
    log.drop(3);
    expect(ids(new SegmentLog(dir).replay())).toEqual([3, 4]);
    log.drop(4);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('cuts a torn or corrupt tail (a write the process never finished) and keeps the rest', async () => {
    const dir = newDir();
    const log = new SegmentLog(dir);
    for (const id of [1, 2, 3]) await log.append({ id, data: bytes(100, id) });
    await log.close();
    const [file] = readdirSync(dir);
    const path = join(dir, file!);
    const intact = statSync(path).size;
    // Half a record: a header promising 100 bytes, then only 40 of them.
    const header = new DataView(new ArrayBuffer(16));
    header.setUint32(0, 100, true);
    header.setUint32(4, 12345, true);
    header.setFloat64(8, 4, true);
    appendFileSync(path, new Uint8Array(header.buffer));
    appendFileSync(path, bytes(40, 9));
    const replayed = new SegmentLog(dir).replay();
    expect(ids(replayed)).toEqual([1, 2, 3]);
    expect(statSync(path).size).toBe(intact);
    // A complete record whose bytes do not match its checksum ends the replay too.
    appendFileSync(path, new Uint8Array(header.buffer));
    appendFileSync(path, bytes(104, 9));
    expect(ids(new SegmentLog(dir).replay())).toEqual([1, 2, 3]);
    expect(statSync(path).size).toBe(intact);
  });

  it('appends a group all or none: a record that cannot be written takes its group back out', async () => {
    const dir = newDir();
    const log = new SegmentLog(dir);
    await log.appendAll([1, 2].map((id) => ({ id, data: bytes(50, id) })));
    const unreadable = {
      id: 4,
      get data(): Uint8Array {
        throw new Error('unreadable batch');
      },
    };
    await expect(log.appendAll([{ id: 3, data: bytes(50, 3) }, unreadable])).rejects.toThrow(
      /unreadable batch/,
    );
    // The next group follows the last whole one, and replay never sees record 3.
    await log.appendAll([{ id: 5, data: bytes(50, 5) }]);
    await log.close();
    expect(ids(new SegmentLog(dir).replay())).toEqual([1, 2, 5]);
  });
});
