// The gateway's store-and-forward queue on disk: one file per batch, named by a sequence number
// and its point count, written to a temporary name, fsynced and renamed, so a batch is either
// wholly there or absent after a crash or kill -9 (rename is atomic on POSIX file systems).
// Batches leave in sequence order and only when the platform has taken them. The queue is
// bounded in points: when full, the oldest batches are dropped first and counted (the count is
// kept on disk too).
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ConnectorPoint } from '../points.ts';

export interface DiskQueue {
  /** Stores a batch durably; returns once it is on disk. */
  push(points: readonly ConnectorPoint[]): void;
  /** The oldest batch, if any, with the id to `ack` it by. */
  peek(): { id: string; points: ConnectorPoint[] } | undefined;
  ack(id: string): void;
  readonly depth: number;
  readonly dropped: number;
}

const NAME = /^(\d{16})-(\d+)\.json$/;

function writeDurably(file: string, data: string): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function openDiskQueue(dir: string, maxPoints: number): DiskQueue {
  mkdirSync(dir, { recursive: true });
  const batches: { seq: number; n: number; file: string }[] = [];
  for (const f of readdirSync(dir)) {
    const m = NAME.exec(f);
    if (m) batches.push({ seq: Number(m[1]), n: Number(m[2]), file: join(dir, f) });
    else if (f.endsWith('.tmp')) rmSync(join(dir, f), { force: true }); // an unfinished write
  }
  batches.sort((a, b) => a.seq - b.seq);
  const droppedFile = join(dir, 'dropped');
  let dropped = 0;
  try {
    dropped = Number(readFileSync(droppedFile, 'utf8')) || 0;
  } catch {
    dropped = 0;
  }
  let depth = batches.reduce((s, b) => s + b.n, 0);
  let next = (batches.at(-1)?.seq ?? 0) + 1;

  function dropOldest(): void {
    const b = batches.shift();
    if (!b) return;
    rmSync(b.file, { force: true });
    depth -= b.n;
    dropped += b.n;
  }

  return {
    push(points) {
      if (points.length === 0) return;
      const file = join(dir, `${String(next).padStart(16, '0')}-${points.length}.json`);
      writeDurably(file, JSON.stringify(points));
      syncDir(dir);
      batches.push({ seq: next++, n: points.length, file });
      depth += points.length;
      const before = dropped;
      while (depth > maxPoints && batches.length > 1) dropOldest();
      if (dropped !== before) writeDurably(droppedFile, String(dropped));
    },
    peek() {
      const b = batches[0];
      if (!b) return undefined;
      return { id: b.file, points: JSON.parse(readFileSync(b.file, 'utf8')) as ConnectorPoint[] };
    },
    ack(id) {
      const i = batches.findIndex((b) => b.file === id);
      if (i < 0) return;
      const [b] = batches.splice(i, 1);
      rmSync(b!.file, { force: true });
      depth -= b!.n;
    },
    get depth() {
      return depth;
    },
    get dropped() {
      return dropped;
    },
  };
}

/** For tests: the points stored in a queue directory, oldest first, without opening it. */
export function readQueueDir(dir: string): ConnectorPoint[] {
  return readdirSync(dir)
    .filter((f) => NAME.test(f))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ConnectorPoint[]);
}
