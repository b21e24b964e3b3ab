// A PostgreSQL server that ends an idle pooled connection (a restart, a failover, an
// administrator's pg_terminate_backend) must not take the platform down: pg's pool reports it
// as an 'error' event, an uncaught exception without a listener. Runs with RONGHE_TEST_PG_URL.
import pg from 'pg';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createDatabase } from './index.ts';

const pgUrl = process.env.RONGHE_TEST_PG_URL;

it.skipIf(!pgUrl)(
  'an idle connection ended by the server is a warning; the next query works',
  async () => {
    const db = await createDatabase({ url: pgUrl! });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db.kysely))
        .rows[0]!.pid;
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await admin.end();
      await expect
        .poll(() => warnings.join('\n'), { timeout: 5_000 })
        .toMatch(
          /PostgreSQL ended an idle connection: terminating connection due to administrator command/,
        );
      const after = await sql<{ x: number }>`select 2 as x`.execute(db.kysely);
      expect(after.rows[0]!.x).toBe(2);
    } finally {
      process.off('warning', onWarning);
      await db.close();
    }
  },
);
