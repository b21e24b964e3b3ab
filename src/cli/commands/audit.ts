import { parseArgs } from 'node:util';
import { verifyAuditChain } from '../../identity/index.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { dbOptions, withDb } from '../context.ts';

const usage = `Usage:
  ronghe audit verify [--json]
Recomputes the audit log's hash chain (SHA-256 or SM3, as each record names) from its first
record: an edited record fails its hash, a deleted one leaves a gap in the sequence, a deleted
last record disagrees with the chain's head. Exit status 0 when intact, 1 when broken.
Options: [--data ./data] [--database-url URL]`;

export const command: CliCommand = {
  name: 'audit',
  summary: 'Verify that the audit log has not been edited or cut (hash chain)',
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    const { values } = parseArgs({
      args: rest,
      options: { ...dbOptions, json: { type: 'boolean' } },
    });
    if (sub !== 'verify') throw new UsageError(`unknown sub-command '${sub ?? ''}'`);
    return withDb(values, async (db) => {
      const r = await verifyAuditChain(db.kysely);
      if (values.json) console.log(JSON.stringify(r));
      else if (r.ok)
        console.log(
          `audit chain intact: ${r.records} records` +
            (r.unchained ? ` (${r.unchained} written before the chain began, not covered)` : ''),
        );
      else {
        const p = r.problem!;
        const what = {
          edited: `record ${p.seq}${p.id ? ` (${p.id})` : ''} was changed after it was written`,
          deleted: `record ${p.seq} is missing`,
          head: `the chain's head says ${p.seq} records; the last ones are missing or changed`,
        }[p.kind];
        console.log(`audit chain BROKEN after ${r.records} intact records: ${what}`);
      }
      return r.ok ? 0 : 1;
    });
  },
};
