// Model registry per tenant: every trained model is a numbered version per (tenant, kind, asset
// model) with the summary of the data it was trained on, its validation metrics and the model
// itself. At most one version is active per (tenant, kind, asset model); a new version becomes
// active on registration (retraining on demand replaces the model in use) and `activateModel`
// rolls back or forward to any earlier version.
import type { Kysely } from 'kysely';
import { RongheError, notFound, randomBase32, type Localized } from '../../kernel/index.ts';
import { recordAudit, type Scope } from '../../identity/index.ts';
import type { Database, Db } from '../../storage/index.ts';
import type { PhmModelTable, PhmTables } from '../../storage/phm-schema.ts';

export type K = Kysely<Database & PhmTables>;
export const phm = (db: Db): K => db.kysely.withTables<PhmTables>();
export const phmId = (prefix: 'pm' | 'pa' | 'ps' | 'pj' | 'pw'): string =>
  `${prefix}_${randomBase32(16)}`;

export const modelKinds = ['health-baseline', 'rul', 'bearing'] as const;
export type ModelKind = (typeof modelKinds)[number];
export type ModelStatus = 'active' | 'retired';

export interface TrainingSummary {
  /** Ids of the assets whose data trained the model (hidden from customer-scoped callers). */
  assets: string[];
  assetCount: number;
  from: number;
  to: number;
  /** Rows (simultaneous channel values) used. */
  points: number;
  channels: string[];
  /** Operating-condition channels of a health baseline (regressed on, not scored). */
  conditions?: string[];
  /** Channels divided by a nameplate property of each asset (health baseline). */
  normalisers?: { channel: string; property: string; inverse?: boolean }[];
  /** Assets left out because they stood out from their peers (hidden from customer callers). */
  excluded?: { asset: string; medianScore: number }[];
}

/**
 * The training summary of a model file trained offline and registered from the CLI: no asset's
 * data trained it here, so no assets, rows or period; the channels it reads, if any.
 */
export function offlineTraining(channels: string[] = [], at = Date.now()): TrainingSummary {
  return { assets: [], assetCount: 0, from: at, to: at, points: 0, channels };
}

export interface RegisteredModel {
  id: string;
  kind: ModelKind;
  assetModelId: string;
  version: number;
  status: ModelStatus;
  training: TrainingSummary;
  metrics: Record<string, unknown>;
  createdAt: number;
  createdBy: string;
}

export interface ModelInput {
  kind: ModelKind;
  assetModelId: string;
  training: TrainingSummary;
  metrics: Record<string, unknown>;
  model: unknown;
}

// Non-finite numbers (an infinite conformal half-width of an RUL model) survive as strings, as in
// the model files of src/phm/load/model-file.ts; typed arrays are stored as plain arrays.
const encodeModel = (m: unknown): string =>
  JSON.stringify(m, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v)
      ? String(v)
      : ArrayBuffer.isView(v)
        ? Array.from(v as unknown as ArrayLike<number>)
        : v,
  );
const decodeModel = (text: string): unknown =>
  JSON.parse(text, (_k, v: unknown) =>
    v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? NaN : v,
  );

// The summary lists assets of every customer; a customer-scoped caller sees only the count.
function toModel(r: PhmModelTable, scope: Scope): RegisteredModel {
  const training = JSON.parse(r.training) as TrainingSummary;
  return {
    id: r.id,
    kind: r.kind as ModelKind,
    assetModelId: r.asset_model_id,
    version: Number(r.version),
    status: r.status as ModelStatus,
    training: scope.customerIds === null ? training : { ...training, assets: [], excluded: [] },
    metrics: JSON.parse(r.metrics) as Record<string, unknown>,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
  };
}

const audit = (tx: K, scope: Scope, action: string, id: string, details: unknown) =>
  recordAudit(tx as unknown as Kysely<Database>, {
    tenantId: scope.tenantId,
    actor: scope.actor,
    action,
    entityType: 'phm_model',
    entityId: id,
    details,
  });

async function retireOthers(tx: K, scope: Scope, kind: string, assetModelId: string, id: string) {
  await tx
    .updateTable('phm_models')
    .set({ status: 'retired' })
    .where('tenant_id', '=', scope.tenantId)
    .where('kind', '=', kind)
    .where('asset_model_id', '=', assetModelId)
    .where('id', '!=', id)
    .where('status', '=', 'active')
    .execute();
}

// Two trainings or activations racing: the unique indexes on the version and on the one active
// version refuse the second, which becomes a conflict the caller may retry.
function conflictOf(e: unknown, message: Localized): unknown {
  if (e instanceof RongheError) return e;
  return /unique|duplicate/i.test(String(e)) ? new RongheError('RONGHE_CONFLICT', message) : e;
}

/** Stores a new version (max + 1) and makes it the active one, in one transaction. */
export async function registerModel(
  db: Db,
  scope: Scope,
  input: ModelInput,
): Promise<RegisteredModel> {
  const id = phmId('pm');
  try {
    await phm(db)
      .transaction()
      .execute(async (tx) => {
        const last = await tx
          .selectFrom('phm_models')
          .select((eb) => eb.fn.max('version').as('v'))
          .where('tenant_id', '=', scope.tenantId)
          .where('kind', '=', input.kind)
          .where('asset_model_id', '=', input.assetModelId)
          .executeTakeFirst();
        const version = Number(last?.v ?? 0) + 1;
        await retireOthers(tx, scope, input.kind, input.assetModelId, id);
        await tx
          .insertInto('phm_models')
          .values({
            id,
            tenant_id: scope.tenantId,
            kind: input.kind,
            asset_model_id: input.assetModelId,
            version,
            training: JSON.stringify(input.training),
            metrics: JSON.stringify(input.metrics),
            model: encodeModel(input.model),
            status: 'active',
            created_at: Date.now(),
            created_by: scope.actor,
          })
          .execute();
        await audit(tx, scope, 'phm.model.register', id, { kind: input.kind, version });
      });
  } catch (e) {
    throw conflictOf(e, {
      en: 'Another training of this kind and asset model ran at the same time; retry.',
      'zh-CN': '同一资产型号的同类模型正在另一次训练中，请重试。',
    });
  }
  return getRegisteredModel(db, scope, id);
}

export async function listRegisteredModels(
  db: Db,
  scope: Scope,
  q: { kind?: ModelKind; assetModelId?: string } = {},
): Promise<RegisteredModel[]> {
  let s = phm(db).selectFrom('phm_models').selectAll().where('tenant_id', '=', scope.tenantId);
  if (q.kind) s = s.where('kind', '=', q.kind);
  if (q.assetModelId) s = s.where('asset_model_id', '=', q.assetModelId);
  const rows = await s.orderBy('kind').orderBy('asset_model_id').orderBy('version').execute();
  return rows.map((r) => toModel(r, scope));
}

async function rowOf(db: Db, scope: Scope, id: string): Promise<PhmModelTable> {
  const r = await phm(db)
    .selectFrom('phm_models')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('PHM model', id);
  return r;
}

export async function getRegisteredModel(
  db: Db,
  scope: Scope,
  id: string,
): Promise<RegisteredModel> {
  return toModel(await rowOf(db, scope, id), scope);
}

/** The active version of a kind for an asset model, with its serialised model, or undefined. */
export async function activeModel<T>(
  db: Db,
  scope: Scope,
  kind: ModelKind,
  assetModelId: string,
): Promise<{ meta: RegisteredModel; model: T } | undefined> {
  const r = await phm(db)
    .selectFrom('phm_models')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('kind', '=', kind)
    .where('asset_model_id', '=', assetModelId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return r ? { meta: toModel(r, scope), model: decodeModel(r.model) as T } : undefined;
}

/** Makes one version the active one of its (kind, asset model); the others are retired. */
export async function activateModel(db: Db, scope: Scope, id: string): Promise<RegisteredModel> {
  const r = await rowOf(db, scope, id);
  try {
    await phm(db)
      .transaction()
      .execute(async (tx) => {
        await retireOthers(tx, scope, r.kind, r.asset_model_id, id);
        await tx
          .updateTable('phm_models')
          .set({ status: 'active' })
          .where('tenant_id', '=', scope.tenantId)
          .where('id', '=', id)
          .execute();
        await audit(tx, scope, 'phm.model.activate', id, { version: Number(r.version) });
      });
  } catch (e) {
    throw conflictOf(e, {
      en: 'Another activation of this kind and asset model ran at the same time; retry.',
      'zh-CN': '同一资产型号的同类模型正在另一次激活中，请重试。',
    });
  }
  return getRegisteredModel(db, scope, id);
}
