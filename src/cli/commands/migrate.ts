import { parseArgs } from 'node:util';
import { dbOptions, openDb } from '../context.ts';
import type { CliCommand } from '../command.ts';

export const command: CliCommand = {
  name: 'migrate',
  summary: 'Create or update the database schema',
  usage:
    'Usage: ronghe migrate [--data ./data] [--database-url URL]\n\nApplies pending migrations to the configured database (idempotent).',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: dbOptions });
    const db = await openDb(values);
    console.log(`database ${db.location} is up to date`);
    await db.close();
    return 0;
  },
};
