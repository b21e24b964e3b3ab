// "Acknowledged" means "on stable storage" by default (RONGHE_DURABILITY=fsync): the ingest log
// acknowledges a group only after the fsync of its segment and, when it registered new series,
// of the SQLite WAL holding them; compacted records are dropped only after the WAL is fsynced.
// With `os` nothing is fsynced. The fsync is an injected hook here, counted and held open.
import { fstatSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, migrateToLatest, type Durability } from '../../storage/index.ts';
import { openIngestLog } from './ingest-log.ts';
import { SegmentLog } from './segment-log.ts';

const dirs: string[] = [];
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ronghe-durable-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A sync hook that counts calls and resolves only when the test releases it. */
function heldSync() {
  const calls: number[] = [];
  const waiting: Array<() => void> = [];
  return {
    calls,
    sync: (fd: number) => {
      calls.push(fd);
      return new Promise<void>((r) => waiting.push(r));
    },
    releaseAll: () => waiting.splice(0).forEach((r) => r()),
  };
}

const entry = (id: number) => ({ id, data: Uint8Array.from([id, 1, 2, 3]) });
const tick = () => new Promise((r) => setTimeout(r, 20));

describe('ingest-log durability', () => {
  it('with fsync, a group is acknowledged only after its fsync (and the new file’s directory)', async () => {
    const h = heldSync();
    const log = new SegmentLog(newDir(), 'fsync', h.sync);
    let acked = false;
    const first = log.appendAll([entry(1), entry(2), entry(3)]).then(() => (acked = true));
    await tick();
    expect(h.calls).toHaveLength(1); // one fsync for the group of three
    expect(acked).toBe(false);
    h.releaseAll();
    await tick();
    expect(h.calls).toHaveLength(2); // then the directory entry of the new segment
    expect(acked).toBe(false);
    h.releaseAll();
    await first;
    expect(acked).toBe(true);
    // The next group in the same segment: one fsync, no directory.
    const second = log.appendAll([entry(4)]);
    await tick();
    expect(h.calls).toHaveLength(3);
    h.releaseAll();
    await second;
    await log.close();
  });

  it('with os, nothing is fsynced', async () => {
    const h = heldSync();
    const log = new SegmentLog(newDir(), 'os', h.sync);
    await log.appendAll([entry(1)]);
    await log.appendAll([entry(2)]);
    expect(h.calls).toHaveLength(0);
    await log.close();
  });

  for (const durability of ['fsync', 'os'] as Durability[]) {
    it(`a SQLite file database with ${durability}: the series' WAL and the log before the ack, the WAL before a drop`, async () => {
      const url = join(newDir(), 'ronghe.db');
      const db = await createDatabase({ url, durability });
      await migrateToLatest(db);
      try {
        const h = heldSync();
        const log = openIngestLog(db, h.sync);
        expect(log.maxGroup).toBeGreaterThan(durability === 'fsync' ? 1 : 0);
        const walFds = () =>
          h.calls.filter((fd) => fstatSync(fd).ino === statSync(`${url}-wal`).ino);
        const series = {
          id: 1,
          tenantId: 't',
          assetId: 'a',
          channel: 'c',
          modelId: null,
          customerId: null,
        };
        let acked = false;
        const appended = log
          .append([
            { ...entry(1), tenantId: 't', points: 1, newSeries: [series] },
            { ...entry(2), tenantId: 't', points: 1, newSeries: [] },
          ])
          .then(() => (acked = true));
        await tick();
        if (durability === 'fsync') {
          // The segment and the WAL holding the new series, in one group, before the ack.
          expect(h.calls).toHaveLength(2);
          expect(walFds()).toHaveLength(1);
          expect(acked).toBe(false);
        } else expect(h.calls).toHaveLength(0);
        h.releaseAll();
        await tick();
        h.releaseAll(); // the new segment's directory
        await appended;
        const before = h.calls.length;
        log.rotate();
        const dropped = log.drop(2);
        await tick();
        expect(h.calls.length - before).toBe(durability === 'fsync' ? 1 : 0);
        h.releaseAll();
        await dropped;
        await log.close();
      } finally {
        await db.close();
      }
    });
  }

  it('the compaction thread reopens the database with the same durability', async () => {
    const db = await createDatabase({ url: join(newDir(), 'ronghe.db'), durability: 'os' });
    expect(db.reopen).toMatchObject({ durability: 'os' });
    await db.close();
  });
});
