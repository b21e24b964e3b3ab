// Append-only ingest-log segments in a directory. One segment per generation of heads: rotate()
// starts a new file, drop(maxId) deletes the files all of whose records are ≤ maxId.
// Record: [payload length u32][checksum u32][id f64][payload, zero-padded to 8 bytes], little
// endian. A group of batches is acknowledged after its write() returns and, with durability
// `fsync` (the default), after one fsync of the segment: one fsync per group commit, as
// InfluxDB's WAL and PostgreSQL's group commit do, so the writers that queued meanwhile share
// the next one. A new segment's directory entry is fsynced too (fsync(2): syncing a file does
// not sync the entry naming it). A process or machine stopped mid-write can leave only an
// unacknowledged, torn last record: replay stops at the first record that is short or fails its
// checksum and cuts the file there.
import {
  closeSync,
  fsync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  unlinkSync,
  writevSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Durability } from '../../storage/index.ts';
import type { LogEntry } from './ingest-log.ts';

/** How a file descriptor reaches stable storage; a test counts the calls. */
export type SyncFile = (fd: number) => Promise<void>;

/** fsync(2) on the thread pool: the event loop keeps taking batches for the next group. */
export const fsyncFile: SyncFile = (fd) =>
  new Promise((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));

const HEADER = 16;

interface Segment {
  path: string;
  lastId: number;
}

/** FNV-1a over 32-bit words (the payload is padded to 8 bytes): catches torn and stale bytes. */
function checksum(words: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
  return h >>> 0;
}

const pad8 = (n: number) => (n + 7) & ~7;
const name = (firstId: number) => `segment-${String(firstId).padStart(16, '0')}.log`;

export class SegmentLog {
  private fd: number | undefined;
  private current: Segment | undefined;
  /** Bytes of whole records in the current segment. */
  private offset = 0;
  private readonly closed: Segment[] = [];
  /** The fsync in flight: a rotation closes the file only once it has finished. */
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly durability: Durability = 'fsync',
    private readonly sync: SyncFile = fsyncFile,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** Every intact record, in id order; torn tails are cut off. */
  replay(): LogEntry[] {
    const out: LogEntry[] = [];
    const files = readdirSync(this.dir)
      .filter((f) => /^segment-\d{16}\.log$/.test(f))
      .sort();
    for (const f of files) {
      const path = join(this.dir, f);
      const records = readSegment(path);
      if (records.length === 0) {
        unlinkSync(path);
        continue;
      }
      out.push(...records);
      this.closed.push({ path, lastId: records[records.length - 1]!.id });
    }
    return out;
  }

  append(e: LogEntry): Promise<void> {
    return this.appendAll([e]);
  }

  /**
   * Appends the records in order, all or none: a failed or short write cuts the segment back to
   * where the first began, so no record of a refused group is replayed.
   */
  appendAll(entries: LogEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    let created = false;
    if (this.fd === undefined) {
      const path = join(this.dir, name(entries[0]!.id));
      this.fd = openSync(path, 'a', 0o600); // acknowledged telemetry: the platform's user only
      this.current = { path, lastId: entries[0]!.id };
      this.offset = fstatSync(this.fd).size;
      created = true;
    }
    const start = this.offset;
    for (const e of entries) {
      let err: Error | undefined;
      try {
        err = this.write(e);
      } catch (thrown) {
        err = thrown as Error;
      }
      if (err) {
        this.offset = start;
        this.undo();
        return Promise.reject(err);
      }
    }
    this.current!.lastId = entries[entries.length - 1]!.id;
    if (this.durability === 'os') return Promise.resolve();
    const synced = this.syncGroup(this.fd, created, start);
    this.syncing = synced.catch(() => undefined);
    return synced;
  }

  /** One fsync for the group (and the directory for a new segment) before it is acknowledged. */
  private async syncGroup(fd: number, created: boolean, start: number): Promise<void> {
    try {
      await this.sync(fd);
      if (created) await this.syncDir();
    } catch (e) {
      // Not acknowledged, so not to be replayed: cut the group off while its file is current
      // (after a rotation it stays, and a restart replays points that were refused).
      if (this.fd === fd) {
        this.offset = start;
        this.undo();
      }
      throw e;
    }
  }

  private async syncDir(): Promise<void> {
    const dirFd = openSync(this.dir, 'r');
    try {
      await this.sync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }

  private write(e: LogEntry): Error | undefined {
    const size = pad8(e.data.length);
    const aligned = size === e.data.length && e.data.byteOffset % 4 === 0;
    const padded = aligned ? e.data : copyPadded(e.data, size);
    const header = new ArrayBuffer(HEADER);
    const h = new DataView(header);
    h.setUint32(0, e.data.length, true);
    h.setUint32(4, checksum(new Uint32Array(padded.buffer, padded.byteOffset, size / 4)), true);
    h.setFloat64(8, e.id, true);
    // Synchronous: a write() of one batch into the page cache takes microseconds, less than
    // handing it to the thread pool and taking the completion back.
    const total = HEADER + size;
    let written = 0;
    try {
      written = writevSync(this.fd!, [new Uint8Array(header), padded]);
    } catch (err) {
      return err as Error;
    }
    // Later records must not follow a torn one (replay stops there): the caller cuts it off.
    if (written !== total)
      return new Error(`ingest log: short write (${written} of ${total} bytes)`);
    this.offset += total;
    return undefined;
  }

  /** Cuts the segment back to its last whole record. */
  private undo(): void {
    ftruncateSync(this.fd!, this.offset);
  }

  rotate(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    // A group's fsync may be in flight on it (its records stay in this segment, so a drop keeps
    // it until they are compacted too).
    void this.syncing.then(() => {
      try {
        closeSync(fd);
      } catch (e) {
        console.error('ingest log: closing a rotated segment failed', e);
      }
    });
    this.closed.push(this.current!);
    this.fd = undefined;
    this.current = undefined;
  }

  drop(maxId: number): void {
    for (let i = this.closed.length - 1; i >= 0; i--) {
      const s = this.closed[i]!;
      if (s.lastId > maxId) continue;
      unlinkSync(s.path);
      this.closed.splice(i, 1);
    }
  }

  async close(): Promise<void> {
    await this.syncing;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function copyPadded(data: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  out.set(data);
  return out;
}

function readSegment(path: string): LogEntry[] {
  let buf: Uint8Array = readFileSync(path);
  if (buf.byteOffset % 8 !== 0) buf = new Uint8Array(buf);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: LogEntry[] = [];
  let at = 0;
  while (at + HEADER <= buf.length) {
    const len = view.getUint32(at, true);
    const size = pad8(len);
    if (at + HEADER + size > buf.length) break;
    const payload = buf.subarray(at + HEADER, at + HEADER + size);
    const words = new Uint32Array(payload.buffer, payload.byteOffset, size / 4);
    if (checksum(words) !== view.getUint32(at + 4, true)) break;
    out.push({ id: view.getFloat64(at + 8, true), data: payload.subarray(0, len) });
    at += HEADER + size;
  }
  if (at < buf.length) {
    // A torn or corrupt tail: never acknowledged. Cut it so the file stays well formed.
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, at);
    closeSync(fd);
  }
  return out;
}
