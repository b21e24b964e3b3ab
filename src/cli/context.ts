// Shared set-up for CLI commands that work on the database directly (migrate, tenant, user,
// apikey, assets): open the configured database, migrate it, resolve a tenant scope.
import { readFileSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { personalKeyOf } from '../personal-key.ts';
import { findTenantBySlug, type Scope } from '../identity/index.ts';
import { RongheError } from '../kernel/index.ts';
import { createDatabase, migrateToLatest, type Db } from '../storage/index.ts';
import { UsageError } from './command.ts';

export const dbOptions = { data: { type: 'string' }, 'database-url': { type: 'string' } } as const;

type DbValues = { data?: string | undefined; 'database-url'?: string | undefined };

/** The database the options (or the environment, or the defaults) name. */
export function databaseUrlOf(values: DbValues): string {
  const config = loadConfig(process.env, values.data ? { dataDir: values.data } : {});
  return (
    values['database-url'] ??
    (values.data && !process.env.RONGHE_DATABASE_URL
      ? `${config.dataDir}/ronghe.db`
      : config.databaseUrl)
  );
}

export async function openDb(values: DbValues): Promise<Db> {
  const config = loadConfig(process.env, values.data ? { dataDir: values.data } : {});
  const ssl = config.security?.databaseSsl;
  const db = await createDatabase({
    url: databaseUrlOf(values),
    ...(ssl ? { ssl } : {}),
    personalKey: personalKeyOf(config),
  });
  await migrateToLatest(db);
  return db;
}

export async function withDb<T>(
  values: Parameters<typeof openDb>[0],
  fn: (db: Db) => Promise<T>,
): Promise<T> {
  const db = await openDb(values);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export async function tenantScope(db: Db, slug: string | undefined): Promise<Scope> {
  if (!slug) throw new UsageError('--tenant <slug> is required');
  const tenant = await findTenantBySlug(db, slug);
  if (!tenant)
    throw new RongheError('RONGHE_NOT_FOUND', {
      en: `Tenant '${slug}' was not found; list tenants with 'ronghe tenant list'.`,
      'zh-CN': `未找到租户“${slug}”，可用“ronghe tenant list”列出租户。`,
    });
  return { tenantId: tenant.id, customerIds: null, actor: `cli:${process.env.USER ?? 'operator'}` };
}

export const required = (name: string, v: string | undefined): string => {
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
};

/** A file's bytes (CSV is decoded by kernel/charset.ts, which detects GBK). */
export function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new RongheError('RONGHE_INVALID_DATA', {
      en: `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      'zh-CN': `${file}：无法读取（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`,
    });
  }
}
