import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isPostgresUrl } from '../../storage/index.ts';
import { backupEmbeddedDatabase } from '../../telemetry/index.ts';
import { backupAttachments, filesSaid } from '../backup-attachments.ts';
import { backupKey } from '../backup-key.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { databaseUrlOf, dbOptions } from '../context.ts';

const mb = (b: number) => `${(b / 1_048_576).toFixed(1)} MB`;

export const command: CliCommand = {
  name: 'backup',
  summary: 'Copy the embedded database and its ingest log into one file (platform may run)',
  usage: [
    'Usage: ronghe backup <file> [--data ./data] [--database-url FILE]',
    '',
    'Writes a consistent copy of the embedded SQLite database, with the telemetry not yet',
    'compacted from its ingest log (data/ronghe.db-ingest-log/), into the new file <file>, while',
    'the platform runs and takes data: every point acknowledged before the backup started is in',
    "it. Restore it with `ronghe restore <file>`. Without RONGHE_SECRET_KEY the data directory's",
    'key file, which seals personal data and connector passwords, is copied to <file>.key: keep',
    'the two together. Attachment files (data/attachments/: photos, reports, signatures) are',
    'copied to <file>.attachments/. On PostgreSQL use pg_dump (see README).',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: dbOptions,
    });
    const dest = positionals[0];
    if (!dest) throw new UsageError('the backup file to write is required');
    const url = databaseUrlOf(values);
    if (isPostgresUrl(url)) {
      console.error(
        'ronghe backup: the database is PostgreSQL; back it up with pg_dump -Fc (see README, "Backup and restore").',
      );
      return 2;
    }
    const r = backupEmbeddedDatabase(url, resolve(dest));
    console.log(
      `${r.file}: ${mb(r.bytes)}, with ${r.logRecords} batches (${r.logPoints} points) not yet compacted`,
    );
    const files = backupAttachments(url, r.file);
    if (files) console.log(`${files.dir}: ${filesSaid(files.files)}`);
    const key = backupKey(url, r.file);
    if (key) console.log(`${key}: the key that seals its personal data; keep it with the backup`);
    return 0;
  },
};
