import { parseArgs } from 'node:util';
import { createApiKey, isRole, roles } from '../../identity/index.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { dbOptions, required, tenantScope, withDb } from '../context.ts';

export const command: CliCommand = {
  name: 'apikey',
  summary: 'Create an API key for a tenant (prints the key once)',
  usage: `Usage: ronghe apikey create --tenant <slug> --name <n> [--role engineer|technician|tenant_admin]\nOptions: [--data ./data] [--database-url URL]`,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== 'create') throw new UsageError(`unknown sub-command '${sub ?? ''}'`);
    const { values } = parseArgs({
      args: rest,
      options: {
        ...dbOptions,
        tenant: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
      },
    });
    const role = values.role ?? 'engineer';
    if (!isRole(role)) throw new UsageError(`--role: '${role}' is not one of ${roles.join(', ')}`);
    const name = required('name', values.name);
    return withDb(values, async (db) => {
      const key = await createApiKey(db, await tenantScope(db, values.tenant), 'tenant_admin', {
        name,
        role,
      });
      console.log(key.key);
      console.error(
        `API key '${name}' (${key.id}, role ${role}) for tenant ${values.tenant}: keep it secret, it is shown only now.`,
      );
      return 0;
    });
  },
};
