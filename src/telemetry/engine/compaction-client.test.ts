// The compaction thread's start (Engine.compactionReady, awaited by the benchmark's server):
// `started()` resolves once the thread is ready, and also (never hanging, never rejecting) when
// the thread cannot start, leaving `failed` set for the engine's fallback to the main thread.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, migrateToLatest, type Db } from '../../storage/index.ts';
import { CompactionThread } from './compaction-client.ts';
import { Heads } from './head.ts';
import { NewestChunks } from './newest-chunks.ts';

describe('compaction thread start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-cthread-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is started once its connection is open, and compacts', async () => {
    const db = await createDatabase({ url: join(dir, 'ok.db') });
    await migrateToLatest(db);
    const thread = CompactionThread.start(db, new NewestChunks())!;
    try {
      await thread.started();
      expect(thread.failed).toBeUndefined();
      await expect(thread.compact(new Heads())).resolves.toBeUndefined();
    } finally {
      await thread.stop();
      await db.close();
    }
  });

  it('settles without rejecting when the thread cannot open the database', async () => {
    // Below a regular file: neither the directory nor the database can be made.
    writeFileSync(join(dir, 'a-file'), '');
    const unreachable = { reopen: { url: join(dir, 'a-file', 'x.db') } } as Db;
    const thread = CompactionThread.start(unreachable, new NewestChunks())!;
    try {
      await thread.started();
      expect(thread.failed).toBeInstanceOf(Error);
      await expect(thread.compact(new Heads())).rejects.toThrow();
    } finally {
      await thread.stop();
    }
  });
});
