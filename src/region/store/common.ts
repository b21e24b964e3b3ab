// Shared plumbing of the region stores: the Kysely view with the region tables, ids with a
// visible prefix, JSON columns and the audit log in the caller's transaction.
import type { Kysely } from 'kysely';
import {
  invalid,
  notFound,
  randomBase32,
  RongheError,
  type Localized,
} from '../../kernel/index.ts';
import { recordAudit, type AuditEntry } from '../../identity/index.ts';
import type { Database, Db } from '../../storage/index.ts';
import type { RegionTables } from '../../storage/region-schema.ts';

export type K = Kysely<Database & RegionTables>;

export const kOf = (db: Db): K => db.kysely.withTables<RegionTables>();

/** `rp` programme, `rb` batch, `ru` unit, `rf` funding, `rm` milestone, `rr` report, `rg` grant. */
export const regionId = (prefix: string): string => `${prefix}_${randomBase32(16)}`;

export const json = <T>(s: string): T => JSON.parse(s) as T;

export const audit = (k: K, e: AuditEntry): Promise<void> =>
  recordAudit(k as unknown as Kysely<Database>, e);

export const conflict = (message: Localized): RongheError =>
  new RongheError('RONGHE_CONFLICT', message);

export { invalid, notFound };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export function checkDate(field: string, s: string): string {
  if (!DATE.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`)))
    throw invalid(field, {
      en: 'expected a date YYYY-MM-DD',
      'zh-CN': '应为 YYYY-MM-DD 格式的日期',
    });
  return s;
}
