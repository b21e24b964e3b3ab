import { parseArgs } from 'node:util';
import { createTenant, listTenants } from '../../identity/index.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { dbOptions, required, withDb } from '../context.ts';

export const command: CliCommand = {
  name: 'tenant',
  summary: 'Create or list tenants',
  usage:
    'Usage:\n  ronghe tenant create --slug <slug> --name <name>\n  ronghe tenant list\nOptions: [--data ./data] [--database-url URL]',
  async run(argv) {
    const [sub, ...rest] = argv;
    const { values } = parseArgs({
      args: rest,
      options: { ...dbOptions, slug: { type: 'string' }, name: { type: 'string' } },
    });
    return withDb(values, async (db) => {
      if (sub === 'create') {
        const slug = required('slug', values.slug);
        if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(slug))
          throw new UsageError(
            '--slug: 2–40 characters a–z, 0–9 and -, starting with a letter or digit',
          );
        const t = await createTenant(db, { slug, name: required('name', values.name) }, 'cli');
        console.log(`created tenant ${t.slug} (${t.id})`);
        return 0;
      }
      if (sub === 'list') {
        for (const t of await listTenants(db)) console.log(`${t.slug}\t${t.id}\t${t.name}`);
        return 0;
      }
      throw new UsageError(`unknown sub-command '${sub ?? ''}'`);
    });
  },
};
