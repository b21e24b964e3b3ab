import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import {
  archiveAudit,
  auditRetentionOf,
  setAuditRetention,
  verifyAuditChain,
  type ChainReport,
} from '../../identity/index.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { dbOptions, tenantScope, withDb } from '../context.ts';

const usage = `Usage:
  ronghe audit verify [--json]
  ronghe audit archive [--json]
  ronghe audit retention (--tenant <slug> | --platform) [--days N]
verify: recomputes the audit log's hash chain (SHA-256 or SM3, as each record names) from its
first record, across the archive files and the database in sequence order: an edited record
fails its hash (named with its file and line, or 'database'), a deleted one leaves a gap, a
deleted last record disagrees with the chain's head. Exit status 0 when intact, 1 when broken.
archive: moves records past their tenant's retention to archive files, one per tenant and day
(the running platform does this each hour with SQLite; with PostgreSQL run it from one host);
its first run re-seals records written before migration 037 that hold e-mails (to resealed/).
retention: shows or sets how many days records stay in the database (180 at least, default).
Options: [--archive-dir DIR (RONGHE_AUDIT_ARCHIVE_DIR, default <data>/audit-archive)]
         [--data ./data] [--database-url URL]`;

function describe(r: ChainReport): string {
  if (r.ok)
    return (
      `audit chain intact: ${r.records} records` +
      (r.archived ? ` (${r.archived} from archive files)` : '') +
      (r.unchained ? ` (${r.unchained} written before the chain began, not covered)` : '')
    );
  const p = r.problem!;
  const at = p.where ? ` in ${p.where}` : '';
  const what = {
    edited: `record ${p.seq}${p.id ? ` (${p.id})` : ''}${at} was changed after it was written`,
    deleted: `record ${p.seq} is missing from the archives and the database`,
    head: `the chain's head${at} says ${p.seq} records; the last ones are missing or changed`,
  }[p.kind];
  return `audit chain BROKEN after ${r.records} intact records: ${what}`;
}

export const command: CliCommand = {
  name: 'audit',
  summary: 'Verify the audit hash chain, archive records past retention, set the retention',
  usage,
  async run(argv) {
    const [sub, ...rest] = argv;
    const { values } = parseArgs({
      args: rest,
      options: {
        ...dbOptions,
        json: { type: 'boolean' },
        'archive-dir': { type: 'string' },
        tenant: { type: 'string' },
        platform: { type: 'boolean' },
        days: { type: 'string' },
      },
    });
    if (!['verify', 'archive', 'retention'].includes(sub ?? ''))
      throw new UsageError(`unknown sub-command '${sub ?? ''}'`);
    const config = loadConfig(process.env, values.data ? { dataDir: values.data } : {});
    const archiveDir = values['archive-dir'] ?? config.auditArchiveDir!;
    return withDb(values, async (db) => {
      if (sub === 'archive') {
        const statuses = await archiveAudit(db, archiveDir);
        if (values.json) console.log(JSON.stringify(statuses));
        else if (!statuses.length) console.log('audit: nothing past its retention');
        else
          for (const s of statuses)
            console.log(
              `${s.scope}: ${s.status}, ${s.archived} records to ${s.files.length} file(s)` +
                (s.status === 'failed' ? ` — ${s.reason}` : ''),
            );
        return statuses.every((s) => s.status === 'ok') ? 0 : 1;
      }
      if (sub === 'retention') {
        if (!values.platform === !values.tenant)
          throw new UsageError('name one of --tenant <slug> or --platform');
        const scope = values.platform ? null : await tenantScope(db, values.tenant);
        const tenantId = scope?.tenantId ?? null;
        if (values.days !== undefined) {
          if (!/^\d+$/.test(values.days))
            throw new UsageError(`--days: '${values.days}' is not a whole number of days`);
          const actor = scope?.actor ?? `cli:${process.env.USER ?? 'operator'}`;
          await setAuditRetention(db, tenantId, Number(values.days), actor);
        }
        console.log(`${await auditRetentionOf(db, tenantId)} days`);
        return 0;
      }
      const r = await verifyAuditChain(db.kysely, { archiveDir });
      console.log(values.json ? JSON.stringify(r) : describe(r));
      return r.ok ? 0 : 1;
    });
  },
};
