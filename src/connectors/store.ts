// Connector definitions in the database, per tenant. The password is sealed apart from the
// definition (secret-box.ts) and no view carries it: `hasPassword` says whether one is set.
import type { Kysely } from 'kysely';
import { createAssetResolver } from '../assets/index.ts';
import { invalid, notFound, randomBase32, RongheError } from '../kernel/index.ts';
import type { Database, Db } from '../storage/index.ts';
import { checkDefinition, type ConnectorDefinition } from './definitions.ts';
import { forgetReport } from './reports.ts';
import type { SecretBox } from './secret-box.ts';

export interface ConnectorTable {
  id: string;
  tenant_id: string;
  device_id: string;
  name: string;
  protocol: string;
  run_on: string;
  enabled: number;
  definition: string;
  secret: string | null;
  created_at: number;
  updated_at: number;
}
// A type alias, not an interface: Kysely's withTables needs an index-signature-compatible type.
export type ConnectorTables = { connectors: ConnectorTable };
type K = Kysely<Database & ConnectorTables>;
const k = (db: Db): K => db.kysely.withTables<ConnectorTables>();

/** A definition as the API shows it: never the password. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type ConnectorView = DistributiveOmit<ConnectorDefinition, 'password' | 'enabled'> & {
  id: string;
  enabled: boolean;
  hasPassword: boolean;
  createdAt: number;
  updatedAt: number;
};

/** A definition as a runner needs it, password opened. */
export type RunnableConnector = ConnectorDefinition & { id: string; tenantId: string };

const newConnectorId = () => `ct_${randomBase32(16)}`;

function view(r: ConnectorTable): ConnectorView {
  const def = JSON.parse(r.definition) as ConnectorDefinition;
  return {
    ...def,
    id: r.id,
    enabled: r.enabled === 1,
    hasPassword: r.secret !== null,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

async function checkReferences(db: Db, tenantId: string, def: ConnectorDefinition) {
  const device = await db.kysely
    .selectFrom('devices')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', def.deviceId)
    .executeTakeFirst();
  if (!device)
    throw invalid('deviceId', {
      en: `no device '${def.deviceId}' in this tenant`,
      'zh-CN': `本租户中没有设备“${def.deviceId}”`,
    });
  const resolver = createAssetResolver(db);
  const cache = new Map<string, Awaited<ReturnType<typeof resolver.resolve>>>();
  for (const [i, m] of def.mappings.entries()) {
    if (!cache.has(m.asset)) cache.set(m.asset, await resolver.resolve(tenantId, m.asset));
    const a = cache.get(m.asset);
    if (!a)
      throw invalid(`mappings[${i}].asset`, {
        en: `no asset '${m.asset}' (use its serial or id)`,
        'zh-CN': `没有资产“${m.asset}”（请用其序列号或 ID）`,
      });
    if (!a.allowNewChannels && !a.channels.includes(m.channel)) {
      throw invalid(`mappings[${i}].channel`, {
        en: `the asset's model has no channel '${m.channel}'`,
        'zh-CN': `该资产的型号没有通道“${m.channel}”`,
      });
    }
  }
}

const stored = (def: ConnectorDefinition): string => {
  const { password: _p, enabled: _e, ...rest } = def as ConnectorDefinition & { password?: string };
  return JSON.stringify(rest);
};

const uniqueName = (e: unknown, name: string): never => {
  if (/unique|duplicate/i.test(String((e as Error)?.message))) {
    throw invalid('name', {
      en: `a connector named '${name}' exists already`,
      'zh-CN': `名为“${name}”的连接器已存在`,
    });
  }
  throw e;
};

export async function createConnector(
  db: Db,
  box: SecretBox,
  tenantId: string,
  def: ConnectorDefinition,
): Promise<ConnectorView> {
  checkDefinition(def);
  await checkReferences(db, tenantId, def);
  const now = Date.now();
  const row: ConnectorTable = {
    id: newConnectorId(),
    tenant_id: tenantId,
    device_id: def.deviceId,
    name: def.name,
    protocol: def.protocol,
    run_on: def.runOn,
    enabled: def.enabled === false ? 0 : 1,
    definition: stored(def),
    secret: def.protocol === 'opcua' && def.password ? box.seal(def.password) : null,
    created_at: now,
    updated_at: now,
  };
  await k(db)
    .insertInto('connectors')
    .values(row)
    .execute()
    .catch((e) => uniqueName(e, def.name));
  return view(row);
}

async function row(db: Db, tenantId: string, id: string): Promise<ConnectorTable> {
  const r = await k(db)
    .selectFrom('connectors')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('Connector', id);
  return r;
}

export const getConnector = async (db: Db, tenantId: string, id: string) =>
  view(await row(db, tenantId, id));

export async function listConnectors(db: Db, tenantId: string): Promise<ConnectorView[]> {
  const rows = await k(db)
    .selectFrom('connectors')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .execute();
  return rows.map(view);
}

/** Replaces a definition. Without `password` the stored one is kept (while a user is named). */
export async function replaceConnector(
  db: Db,
  box: SecretBox,
  tenantId: string,
  id: string,
  def: ConnectorDefinition,
): Promise<ConnectorView> {
  const old = await row(db, tenantId, id);
  if (old.protocol !== def.protocol) {
    throw invalid('protocol', {
      en: `a connector keeps its protocol (${old.protocol}); make a new one`,
      'zh-CN': `连接器不能更改协议（${old.protocol}），请新建一个`,
    });
  }
  checkDefinition(def);
  await checkReferences(db, tenantId, def);
  const keepSecret = def.protocol === 'opcua' && def.username !== undefined ? old.secret : null;
  const secret = def.protocol === 'opcua' && def.password ? box.seal(def.password) : keepSecret;
  const next: ConnectorTable = {
    ...old,
    device_id: def.deviceId,
    name: def.name,
    run_on: def.runOn,
    enabled: def.enabled === false ? 0 : 1,
    definition: stored(def),
    secret,
    updated_at: Date.now(),
  };
  await k(db)
    .updateTable('connectors')
    .set(next)
    .where('id', '=', id)
    .execute()
    .catch((e) => uniqueName(e, def.name));
  return view(next);
}

export async function deleteConnector(db: Db, tenantId: string, id: string): Promise<void> {
  const r = await k(db)
    .deleteFrom('connectors')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw notFound('Connector', id);
  await forgetReport(db, tenantId, id);
}

/** Enabled connectors that run here, passwords opened; all tenants (the platform's runtime). */
export async function runnableConnectors(db: Db, box: SecretBox): Promise<RunnableConnector[]> {
  const rows = await k(db)
    .selectFrom('connectors')
    .selectAll()
    .where('run_on', '=', 'platform')
    .where('enabled', '=', 1)
    .execute();
  return rows.map((r) => {
    const def = JSON.parse(r.definition) as ConnectorDefinition;
    if (r.secret !== null && def.protocol === 'opcua') {
      try {
        def.password = box.open(r.secret);
      } catch {
        throw new RongheError('RONGHE_INTERNAL', {
          en: `connector ${r.id}: its password cannot be opened with this secret key`,
          'zh-CN': `连接器 ${r.id}：无法用当前密钥解开其密码`,
        });
      }
    }
    return { ...def, id: r.id, tenantId: r.tenant_id };
  });
}

/** The stored password of a connector, opened (for the API's own probes; never answered). */
export async function connectorPassword(
  db: Db,
  box: SecretBox,
  tenantId: string,
  id: string,
): Promise<string | undefined> {
  const r = await row(db, tenantId, id);
  return r.secret === null ? undefined : box.open(r.secret);
}
