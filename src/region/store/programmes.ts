// Programmes and their batches. A programme carries its indicator system: the form of its
// reports and the columns of its statistics follow it.
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { parseSystem } from '../evaluate/index.ts';
import type { IndicatorSystem } from '../evaluate/index.ts';
import { audit, checkDate, json, kOf, notFound, regionId, type K } from './common.ts';

export interface Programme {
  id: string;
  name: string;
  system: IndicatorSystem;
  createdAt: number;
}

export interface Batch {
  id: string;
  programmeId: string;
  name: string;
  selectedOn: string;
  createdAt: number;
}

export async function createProgramme(
  db: Db,
  scope: Scope,
  input: { name: string; system: unknown },
  now = Date.now(),
): Promise<Programme> {
  const system = parseSystem(input.system);
  const p: Programme = { id: regionId('rp'), name: input.name, system, createdAt: now };
  await kOf(db)
    .transaction()
    .execute(async (k) => {
      await k
        .insertInto('region_programmes')
        .values({
          id: p.id,
          tenant_id: scope.tenantId,
          name: p.name,
          system: JSON.stringify(system),
          created_at: now,
        })
        .execute();
      await audit(k, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'region.programme.create',
        entityType: 'region_programme',
        entityId: p.id,
      });
    });
  return p;
}

export async function listProgrammes(db: Db, scope: Scope): Promise<Programme[]> {
  const rows = await kOf(db)
    .selectFrom('region_programmes')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    system: json<IndicatorSystem>(r.system),
    createdAt: Number(r.created_at),
  }));
}

export async function getProgramme(db: Db | K, scope: Scope, id: string): Promise<Programme> {
  const k = 'kysely' in db ? kOf(db) : db;
  const r = await k
    .selectFrom('region_programmes')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('Programme', id);
  return {
    id: r.id,
    name: r.name,
    system: json<IndicatorSystem>(r.system),
    createdAt: Number(r.created_at),
  };
}

export async function createBatch(
  db: Db,
  scope: Scope,
  programmeId: string,
  input: { name: string; selectedOn: string },
  now = Date.now(),
): Promise<Batch> {
  await getProgramme(db, scope, programmeId);
  const b: Batch = {
    id: regionId('rb'),
    programmeId,
    name: input.name,
    selectedOn: checkDate('selectedOn', input.selectedOn),
    createdAt: now,
  };
  await kOf(db)
    .insertInto('region_batches')
    .values({
      id: b.id,
      tenant_id: scope.tenantId,
      programme_id: programmeId,
      name: b.name,
      selected_on: b.selectedOn,
      created_at: now,
    })
    .execute();
  return b;
}

export async function listBatches(db: Db, scope: Scope, programmeId: string): Promise<Batch[]> {
  const rows = await kOf(db)
    .selectFrom('region_batches')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('programme_id', '=', programmeId)
    .orderBy('selected_on')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    programmeId: r.programme_id,
    name: r.name,
    selectedOn: r.selected_on,
    createdAt: Number(r.created_at),
  }));
}
