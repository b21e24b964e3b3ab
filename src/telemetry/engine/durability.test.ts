// "Acknowledged" means "on stable storage" by default (RONGHE_DURABILITY=fsync): the ingest log
// acknowledges a group only after its fsync, and SQLite commits with synchronous=FULL. With
// `os` neither happens. The fsync is an injected hook here, counted and held open by the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, type Durability } from '../../storage/index.ts';
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
    it(`a SQLite file database with ${durability}: the engine's log and SQLite's synchronous`, async () => {
      const url = join(newDir(), 'ronghe.db');
      const db = await createDatabase({ url, durability });
      try {
        const mode = await sql<{ synchronous: number }>`pragma synchronous`.execute(db.kysely);
        expect(mode.rows[0]!.synchronous).toBe(durability === 'fsync' ? 2 : 1); // FULL : NORMAL
        const h = heldSync();
        const log = openIngestLog(db, h.sync);
        expect(log.maxGroup).toBeGreaterThan(durability === 'fsync' ? 1 : 0);
        const appended = log.append([
          { ...entry(1), tenantId: 't', points: 1, newSeries: [] },
          { ...entry(2), tenantId: 't', points: 1, newSeries: [] },
        ]);
        await tick();
        expect(h.calls.length).toBe(durability === 'fsync' ? 1 : 0);
        h.releaseAll();
        await tick();
        h.releaseAll();
        await appended;
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
