import { parseArgs } from 'node:util';
import { recordAudit } from '../../identity/index.ts';
import {
  RESOLUTIONS,
  RetentionPolicies,
  readChannelRetention,
  readRetention,
  writeChannelRetention,
  writeRetention,
  type ChannelDays,
  type ChannelRetention,
  type RetentionDays,
} from '../../telemetry/index.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { dbOptions, tenantScope, withDb } from '../context.ts';

const usage = `Usage:
  ronghe retention show --tenant <slug>
  ronghe retention set --tenant <slug> [--raw DAYS] [--1m DAYS] [--1h DAYS] [--1d DAYS]
  ronghe retention set --tenant <slug> --channel <name> [--model <id>] [--raw DAYS] ...
DAYS is a whole number of days, or 'forever'. Data older than that is deleted for good, in
whole days: by the running platform within the hour, or at its next start.
With --channel, the rule is for that channel only (with --model, only on assets of that
model) and overrides the tenant's retention; DAYS may also be 'tenant' (no override).
'show' lists the tenant's retention, then each channel rule.
Options: [--data ./data] [--database-url URL]`;

function daysOf(name: string, v: string, channel = false): ChannelDays {
  if (v === 'forever') return null;
  if (channel && v === 'tenant') return 'tenant';
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 36_500)
    throw new UsageError(
      `--${name}: '${v}' is not a number of days from 1 to 36500, or forever${channel ? ', or tenant' : ''}`,
    );
  return n;
}

const word = (d: ChannelDays) => (d === null ? 'forever' : d === 'tenant' ? 'tenant' : `${d} days`);
const show = (r: RetentionDays) =>
  RESOLUTIONS.map((res) => `${res.padEnd(4)} ${word(r[res])}`).join('\n');
const showChannel = (c: ChannelRetention) =>
  `channel ${c.channel}${c.modelId ? ` (model ${c.modelId})` : ''}: ` +
  RESOLUTIONS.map((res) => `${res} ${word(c.retention[res])}`).join(', ');

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
        channel: { type: 'string' },
        model: { type: 'string' },
        ...Object.fromEntries(RESOLUTIONS.map((r) => [r, { type: 'string' as const }])),
      },
    });
    return withDb(values, async (db) => {
      const scope = await tenantScope(db, values.tenant);
      if (sub === 'show') {
        const channels = await readChannelRetention(db, scope.tenantId);
        console.log(
          [show(await readRetention(db, scope.tenantId)), ...channels.map(showChannel)].join('\n'),
        );
        return 0;
      }
      if (sub !== 'set') throw new UsageError(`unknown sub-command '${sub ?? ''}'`);
      const change: Partial<Record<(typeof RESOLUTIONS)[number], ChannelDays>> = {};
      const given = values as Record<string, string | undefined>;
      const channel = values.channel;
      if (values.model !== undefined && channel === undefined)
        throw new UsageError('--model needs --channel');
      for (const res of RESOLUTIONS) {
        const v = given[res];
        if (v !== undefined) change[res] = daysOf(res, v, channel !== undefined);
      }
      if (Object.keys(change).length === 0)
        throw new UsageError('name at least one of --raw, --1m, --1h, --1d');
      const policies = new RetentionPolicies(db);
      await policies.load();
      if (channel !== undefined) {
        const modelId = values.model ?? null;
        const rule = await writeChannelRetention(
          policies,
          scope.tenantId,
          channel,
          modelId,
          change,
        );
        await recordAudit(db.kysely, {
          tenantId: scope.tenantId,
          actor: scope.actor,
          action: 'telemetry.retention.channel',
          entityType: 'tenant',
          entityId: scope.tenantId,
          details: { channel, modelId, ...change },
        });
        console.log(showChannel(rule));
        return 0;
      }
      const r = await writeRetention(policies, scope.tenantId, change as Partial<RetentionDays>);
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
