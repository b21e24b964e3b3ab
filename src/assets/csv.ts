// CSV import and export of assets. One row is one asset keyed by serial: import creates it or
// updates it, and reports per row (house style 4) instead of stopping at the first bad row.
import {
  RongheError,
  csvLine,
  isRongheError,
  createYielder,
  parseCsv,
  reservedNameReason,
  type ItemResult,
} from '../kernel/index.ts';
import { listCustomers, type Scope } from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import {
  announceCreatedAsset,
  findAssetBySerial,
  insertPreparedAssets,
  prepareAsset,
  type KnownReferences,
  searchAssets,
  updateAsset,
  type PreparedAsset,
} from './assets.ts';
import { transitionAsset } from './lifecycle.ts';
import { listModels } from './models.ts';
import {
  assetLevels,
  lifecycleStages,
  lifecycleTransitions,
  type Asset,
  type AssetInput,
  type AssetLevel,
  type AssetModel,
  type LifecycleStage,
  type PropertyValue,
} from './types.ts';

export const csvColumns = [
  'serial',
  'name',
  'model',
  'customer',
  'parent_serial',
  'level',
  'site',
  'latitude',
  'longitude',
  'install_date',
  'lifecycle',
] as const;
const MAX_ROWS = 50_000;

export async function exportAssetsCsv(db: Db, scope: Scope): Promise<string> {
  const models = new Map((await listModels(db, scope)).map((m) => [m.id as string, m]));
  const customers = new Map((await listCustomers(db, scope)).map((c) => [c.id as string, c.name]));
  const all: Asset[] = [];
  for (let page = 1; ; page++) {
    const res = await searchAssets(db, scope, { page, pageSize: 500, sort: 'serial' });
    all.push(...res.items);
    if (res.items.length < 500) break;
  }
  const serialById = new Map(all.map((a) => [a.id as string, a.serial]));
  // Parents before children, so that importing the file resolves every parent_serial.
  const byId = new Map(all.map((a) => [a.id as string, a]));
  const depth = (a: Asset): number =>
    a.parentId && byId.has(a.parentId) ? 1 + depth(byId.get(a.parentId)!) : 0;
  const depths = new Map(all.map((a) => [a.id as string, depth(a)]));
  all.sort(
    (x, y) =>
      depths.get(x.id)! - depths.get(y.id)! ||
      (x.serial < y.serial ? -1 : x.serial > y.serial ? 1 : 0),
  );
  const propKeys = [...new Set(all.flatMap((a) => Object.keys(a.properties)))].sort();
  let out = csvLine([...csvColumns, ...propKeys.map((k) => `prop.${k}`)]);
  for (const a of all) {
    out += csvLine([
      a.serial,
      a.name,
      a.modelId ? models.get(a.modelId)?.name : '',
      a.customerId ? customers.get(a.customerId) : '',
      a.parentId ? serialById.get(a.parentId) : '',
      a.level,
      a.site,
      a.latitude,
      a.longitude,
      a.installDate,
      a.lifecycle,
      ...propKeys.map((k) => a.properties[k]),
    ]);
  }
  return out;
}

export interface ImportRow {
  line: number;
  serial: string;
  action?: 'created' | 'updated';
  id?: string;
}

/** Undo the export's CSV-injection guard (a ' before =, +, -, @). */
const unguard = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

function parseProperty(model: AssetModel | undefined, key: string, raw: string): PropertyValue {
  const type = model?.properties.find((p) => p.key === key)?.dataType ?? 'string';
  if (type === 'number') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n))
      throw new Error(`prop.${key}: '${raw}' is not a number`);
    return n;
  }
  if (type === 'boolean') {
    if (!/^(true|false)$/i.test(raw)) throw new Error(`prop.${key}: '${raw}' is not true or false`);
    return raw.toLowerCase() === 'true';
  }
  return raw;
}

function optionalNumber(field: string, raw: string): number | null {
  if (raw.trim() === '') return null;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${field}: '${raw}' is not a number`);
  return n;
}

export async function importAssetsCsv(
  db: Db,
  scope: Scope,
  text: string,
): Promise<{ ok: number; failed: number; rows: Array<ItemResult<ImportRow>> }> {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    throw new RongheError('RONGHE_INVALID_DATA', {
      en: `CSV: ${(e as Error).message}`,
      'zh-CN': `CSV 有误：${(e as Error).message}`,
    });
  }
  const [header, ...data] = records;
  if (!header)
    throw new RongheError('RONGHE_INVALID_DATA', {
      en: 'CSV: the file is empty; expected a header line with at least serial,name.',
      'zh-CN': 'CSV：文件为空；需要一行表头，至少包含 serial,name。',
    });
  const cols = header.fields.map((f) => f.trim());
  for (const required of ['serial', 'name']) {
    if (!cols.includes(required))
      throw new RongheError('RONGHE_INVALID_DATA', {
        en: `CSV line 1: missing column '${required}' (columns: ${csvColumns.join(',')},prop.<key>…).`,
        'zh-CN': `CSV 第 1 行：缺少列“${required}”（可用列：${csvColumns.join(',')},prop.<key>…）。`,
      });
  }
  const unknown = cols.filter(
    (c) => !(csvColumns as readonly string[]).includes(c) && !c.startsWith('prop.'),
  );
  if (unknown.length)
    throw new RongheError('RONGHE_INVALID_DATA', {
      en: `CSV line 1: unknown column(s) ${unknown.join(', ')}.`,
      'zh-CN': `CSV 第 1 行：未知的列 ${unknown.join('、')}。`,
    });
  for (const c of cols) {
    const reserved = c.startsWith('prop.') ? reservedNameReason(c.slice(5)) : undefined;
    if (reserved !== undefined)
      throw new RongheError('RONGHE_INVALID_DATA', {
        en: `CSV line 1: column ${c}: ${reserved.en}.`,
        'zh-CN': `CSV 第 1 行：列 ${c}：${reserved['zh-CN']}。`,
      });
  }
  if (data.length > MAX_ROWS)
    throw new RongheError('RONGHE_INVALID_DATA', {
      en: `CSV: ${data.length} rows; at most ${MAX_ROWS} per import.`,
      'zh-CN': `CSV：共 ${data.length} 行，每次导入最多 ${MAX_ROWS} 行。`,
    });

  const models = new Map((await listModels(db, scope)).map((m) => [m.name, m]));
  const customers = new Map((await listCustomers(db, scope)).map((c) => [c.name, c.id as string]));
  // Every row's model and customer is one of these: checking a row need not read them again.
  const known: KnownReferences = {
    models: new Map([...models.values()].map((m) => [m.id as string, m])),
    customerIds: new Set(customers.values()),
  };
  const rows: Array<ItemResult<ImportRow>> = [];
  // Row by row on SQLite is synchronous work: yield between batches so other tenants' requests
  // wait at most one batch (about 20 ms), not the whole file (issue 15, #7).
  const yielder = createYielder({ sliceMs: 20, maxItems: 100 });
  const creating = createBatch(db, scope, rows);
  for (const [index, rec] of data.entries()) {
    await yielder.pause();
    const get = (c: string) => unguard(rec.fields[cols.indexOf(c)] ?? '').trim();
    const serial = get('serial');
    try {
      if (rec.fields.length !== cols.length)
        throw new Error(`expected ${cols.length} fields, found ${rec.fields.length}`);
      // A row naming a serial or parent still to be written waits for the batch.
      const parentSerial = get('parent_serial');
      if (creating.has(serial) || (parentSerial && creating.has(parentSerial))) {
        await creating.flush();
      }
      const value = await importRow(db, scope, get, cols, models, customers, known);
      if ('prepared' in value) creating.add(index, rec.line, serial, value.prepared);
      else rows[index] = { index, status: 'ok', value: { line: rec.line, serial, ...value } };
    } catch (e) {
      rows[index] = failedRow({ index, line: rec.line, serial }, e);
    }
    if (creating.full) await creating.flush();
  }
  await creating.flush();
  const ok = rows.filter((r) => r.status === 'ok').length;
  return { ok, failed: rows.length - ok, rows };
}

async function importRow(
  db: Db,
  scope: Scope,
  get: (c: string) => string,
  cols: string[],
  models: Map<string, AssetModel>,
  customers: Map<string, string>,
  known: KnownReferences,
): Promise<{ action: 'updated'; id: string } | { prepared: PreparedAsset }> {
  const serial = get('serial');
  const name = get('name');
  if (!serial) throw new Error('serial: empty');
  if (!name) throw new Error('name: empty');
  const modelName = get('model');
  const model = modelName ? models.get(modelName) : undefined;
  if (modelName && !model) throw new Error(`model: no asset model named '${modelName}'`);
  const customerName = get('customer');
  const customerId = customerName ? customers.get(customerName) : null;
  if (customerName && !customerId) throw new Error(`customer: no customer named '${customerName}'`);
  const parentSerial = get('parent_serial');
  const parent = parentSerial ? await findAssetBySerial(db, scope, parentSerial) : undefined;
  if (parentSerial && !parent)
    throw new Error(
      `parent_serial: no asset with serial '${parentSerial}' (list parents before children)`,
    );
  const level = get('level') || 'asset';
  if (!(assetLevels as readonly string[]).includes(level))
    throw new Error(`level: '${level}' is not one of ${assetLevels.join(', ')}`);
  const lifecycle = get('lifecycle');
  if (lifecycle && !(lifecycleStages as readonly string[]).includes(lifecycle))
    throw new Error(`lifecycle: '${lifecycle}' is not one of ${lifecycleStages.join(', ')}`);
  const properties: Record<string, PropertyValue> = {};
  for (const c of cols.filter((c) => c.startsWith('prop.'))) {
    const raw = get(c);
    if (raw !== '') properties[c.slice(5)] = parseProperty(model, c.slice(5), raw);
  }
  const input: AssetInput = {
    serial,
    name,
    modelId: model?.id ?? null,
    customerId: customerId ?? null,
    parentId: parent?.id ?? null,
    level: level as AssetLevel,
    site: get('site'),
    latitude: optionalNumber('latitude', get('latitude')),
    longitude: optionalNumber('longitude', get('longitude')),
    installDate: get('install_date') || null,
    properties,
  };
  const existing = await findAssetBySerial(db, scope, serial);
  if (!existing) {
    const prepared = await prepareAsset(
      db,
      scope,
      { ...input, ...(lifecycle ? { lifecycle: lifecycle as LifecycleStage } : {}) },
      Date.now(),
      known,
    );
    return { prepared };
  }
  if (
    lifecycle &&
    lifecycle !== existing.lifecycle &&
    !lifecycleTransitions[existing.lifecycle].includes(lifecycle as LifecycleStage)
  ) {
    throw new Error(`lifecycle: ${existing.lifecycle} cannot move to ${lifecycle}`);
  }
  await updateAsset(db, scope, existing.id, input);
  if (lifecycle && lifecycle !== existing.lifecycle)
    await transitionAsset(db, scope, existing.id, lifecycle as LifecycleStage, 'CSV import');
  return { action: 'updated', id: existing.id };
}

/** New assets written per transaction (one commit, and with it one fsync, per batch). */
const CREATE_BATCH = 500;

/**
 * The import's new assets, written a batch to a transaction: one transaction (and fsync) per
 * asset made an import of 100,000 assets take 14 minutes (issue 21), and a batch's assets, their
 * lifecycle events and audit entries go in a few multi-row statements (insertPreparedAssets).
 * Each row still gets its own lifecycle event and audit entry, in file order. A row refused
 * inside (a serial taken since it was checked) fails alone; should the batch's transaction
 * fail, its rows are written one by one, so each gets its own outcome.
 */
function createBatch(db: Db, scope: Scope, rows: Array<ItemResult<ImportRow>>) {
  let pending: { index: number; line: number; serial: string; prepared: PreparedAsset }[] = [];
  const serials = new Set<string>();
  const write = async (batch: typeof pending) => {
    const outcomes = await db.kysely.transaction().execute((trx) =>
      insertPreparedAssets(
        trx,
        scope,
        batch.map((p) => p.prepared),
      ),
    );
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (isRongheError(o)) {
        rows[p.index] = failedRow(p, o);
        return;
      }
      announceCreatedAsset(db, scope, o);
      const value = { line: p.line, serial: p.serial, action: 'created' as const, id: o.id };
      rows[p.index] = { index: p.index, status: 'ok', value };
    });
  };
  return {
    get full() {
      return pending.length >= CREATE_BATCH;
    },
    has: (serial: string) => serials.has(serial),
    add(index: number, line: number, serial: string, prepared: PreparedAsset) {
      pending.push({ index, line, serial, prepared });
      serials.add(serial);
    },
    async flush() {
      const batch = pending;
      pending = [];
      serials.clear();
      if (batch.length === 0) return;
      try {
        await write(batch);
      } catch {
        for (const p of batch)
          await write([p]).catch((e: unknown) => (rows[p.index] = failedRow(p, e)));
      }
    },
  };
}

function failedRow(
  p: { index: number; line: number; serial: string },
  e: unknown,
): ItemResult<ImportRow> {
  const reason = isRongheError(e) || e instanceof Error ? e.message : String(e);
  return {
    index: p.index,
    status: 'failed',
    value: { line: p.line, serial: p.serial },
    reason: `line ${p.line}: ${reason}`,
  };
}
