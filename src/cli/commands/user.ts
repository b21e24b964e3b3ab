import { parseArgs } from 'node:util';
import {
  createPlatformAccount,
  createPlatformAdmin,
  createUser,
  isRole,
  platformDuties,
  roles,
  type PlatformDuty,
} from '../../identity/index.ts';
import { randomBase32 } from '../../kernel/index.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { dbOptions, required, tenantScope, withDb } from '../context.ts';

export const command: CliCommand = {
  name: 'user',
  summary: 'Create a user (prints a generated password unless --password is given)',
  usage: `Usage: ronghe user create --email <e> --role <${roles.join('|')}> [--tenant <slug>] [--name <n>] [--password <p>] [--customer <id>]
A platform_admin belongs to no tenant; system_admin, security_admin and audit_admin without --tenant are the platform's own (separated administrators); every other role needs --tenant. Options: [--data ./data] [--database-url URL]`,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== 'create') throw new UsageError(`unknown sub-command '${sub ?? ''}'`);
    const { values } = parseArgs({
      args: rest,
      options: {
        ...dbOptions,
        email: { type: 'string' },
        role: { type: 'string' },
        tenant: { type: 'string' },
        name: { type: 'string' },
        password: { type: 'string' },
        customer: { type: 'string' },
      },
    });
    const email = required('email', values.email);
    const role = required('role', values.role);
    if (!isRole(role)) throw new UsageError(`--role: '${role}' is not one of ${roles.join(', ')}`);
    const password = values.password ?? randomBase32(16);
    if (password.length < 8) throw new UsageError('--password: at least 8 characters');
    return withDb(values, async (db) => {
      const platformDuty = !values.tenant && platformDuties.includes(role as PlatformDuty);
      const user =
        role === 'platform_admin'
          ? await createPlatformAdmin(db, { email, name: values.name ?? email, password })
          : platformDuty
            ? await createPlatformAccount(
                db,
                'cli',
                { email, name: values.name ?? email, role: role as PlatformDuty, password },
                !values.password,
              )
            : await createUser(db, await tenantScope(db, values.tenant), 'tenant_admin', {
                email,
                name: values.name ?? email,
                role,
                password,
                ...(values.customer ? { customerId: values.customer } : {}),
              });
      console.log(`created ${user.role} ${user.email} (${user.id})`);
      if (!values.password) console.log(`password: ${password}`);
      return 0;
    });
  },
};
