import { parseArgs } from 'node:util';
import { recordAudit } from '../../identity/index.ts';
import {
  RESOLUTIONS,
  RetentionPolicies,
  readRetention,
  writeRetention,
  type RetentionDays,
} from '../../telemetry/index.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { dbOptions, tenantScope, withDb } from '../context.ts';

const usage = `Usage:
  ronghe retention show --tenant <slug>
  ronghe retention set --tenant <slug> [--raw DAYS] [--1m DAYS] [--1h DAYS] [--1d DAYS]
DAYS is a whole number of days, or 'forever'. Data older than that is deleted for good, in
whole days: by the running platform within the hour, or at its next start.
Options: [--data ./data] [--database-url URL]`;

function daysOf(name: string, v: string): number | null {
  if (v === 'forever') return null;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 36_500)
    throw new UsageError(`--${name}: '${v}' is not a number of days from 1 to 36500, or forever`);
  return n;
}

const show = (r: RetentionDays) =>
  RESOLUTIONS.map(
    (res) => `${res.padEnd(4)} ${r[res] === null ? 'forever' : `${r[res]} days`}`,
  ).join('\n');

export const command: CliCommand = {
  name: 'retention',
  summary: "Show or set how long a tenant's telemetry is kept",
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    const { values } = parseArgs({
      args: rest,
      options: {
        ...dbOptions,
        tenant: { type: 'string' },
        ...Object.fromEntries(RESOLUTIONS.map((r) => [r, { type: 'string' as const }])),
      },
    });
    return withDb(values, async (db) => {
      const scope = await tenantScope(db, values.tenant);
      if (sub === 'show') {
        console.log(show(await readRetention(db, scope.tenantId)));
        return 0;
      }
      if (sub !== 'set') throw new UsageError(`unknown sub-command '${sub ?? ''}'`);
      const change: Partial<RetentionDays> = {};
      const given = values as Record<string, string | undefined>;
      for (const res of RESOLUTIONS) {
        const v = given[res];
        if (v !== undefined) change[res] = daysOf(res, v);
      }
      if (Object.keys(change).length === 0)
        throw new UsageError('name at least one of --raw, --1m, --1h, --1d');
      const policies = new RetentionPolicies(db);
      await policies.load();
      const r = await writeRetention(policies, scope.tenantId, change);
      await recordAudit(db.kysely, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'telemetry.retention',
        entityType: 'tenant',
        entityId: scope.tenantId,
        details: change,
      });
      console.log(show(r));
      return 0;
    });
  },
};
