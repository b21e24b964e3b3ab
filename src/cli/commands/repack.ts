import { parseArgs } from 'node:util';
import { isPostgresUrl, repackSqlite } from '../../storage/index.ts';
import { databaseUrlOf, dbOptions } from '../context.ts';
import type { CliCommand } from '../command.ts';

const mb = (b: number) => `${(b / 1_048_576).toFixed(1)} MB`;

export const command: CliCommand = {
  name: 'repack',
  summary: 'Rewrite the embedded database in 8 KiB pages, packed (platform stopped)',
  usage: [
    'Usage: ronghe repack [--data ./data] [--database-url FILE]',
    '',
    'Rewrites the SQLite database file in 8 KiB pages without free space (VACUUM). Databases',
    'made by releases before 8 KiB pages keep 4 KiB pages until repacked. Stop the platform',
    'first: the file must have no other connection. On PostgreSQL there is nothing to do here.',
  ].join('\n'),
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: dbOptions });
    const url = databaseUrlOf(values);
    if (isPostgresUrl(url)) {
      console.log('PostgreSQL manages its own pages (VACUUM); nothing to repack.');
      return 0;
    }
    const r = repackSqlite(url);
    console.log(
      `${r.file}: ${r.pageSizeBefore} → ${r.pageSizeAfter} byte pages, ${mb(r.bytesBefore)} → ${mb(r.bytesAfter)}`,
    );
    return 0;
  },
};
