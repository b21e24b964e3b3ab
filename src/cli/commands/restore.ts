import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isPostgresUrl, restoreSqlite } from '../../storage/index.ts';
import { restoreAttachments } from '../backup-attachments.ts';
import { restoreKey } from '../backup-key.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { databaseUrlOf, dbOptions } from '../context.ts';

export const command: CliCommand = {
  name: 'restore',
  summary: 'Replace the embedded database with a backup (platform stopped)',
  usage: [
    'Usage: ronghe restore <file> [--data ./data] [--database-url FILE]',
    '',
    'Replaces the embedded database with a file written by `ronghe backup`. Stop the platform',
    'first. The files replaced (the database, its -wal, -shm and ingest log) are moved into',
    'before-restore-<time>/ beside it, not deleted. The next start replays the telemetry the',
    'backup carried. A key file written beside the backup (<file>.key) replaces the data',
    "directory's, which moves aside too; so do attachment files (<file>.attachments/ replaces",
    'data/attachments/). On PostgreSQL use pg_restore (see README).',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: dbOptions,
    });
    const backup = positionals[0];
    if (!backup) throw new UsageError('the backup file to restore is required');
    const url = databaseUrlOf(values);
    if (isPostgresUrl(url)) {
      console.error(
        'ronghe restore: the database is PostgreSQL; restore it with pg_restore (see README, "Backup and restore").',
      );
      return 2;
    }
    const r = restoreSqlite(resolve(backup), url);
    console.log(
      `${r.file} restored from ${resolve(backup)}` +
        (r.movedAside ? `; the database it replaced is in ${r.movedAside}` : ''),
    );
    const files = restoreAttachments(resolve(backup), url, r.movedAside);
    if (files) console.log(files);
    const key = restoreKey(resolve(backup), url, r.movedAside);
    if (key) console.log(key);
    return 0;
  },
};
