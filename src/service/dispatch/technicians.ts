// Technicians (技术员): a user link, skills, home location and region; and the suggestion for a
// work order over the active ones, their load counted from open assigned orders. A technician's
// name is personal information and is sealed at rest with the operator's key as users' names
// are (GB/T 22239-2019 8.1.4.8 b; storage/personal-data.ts), and kept out of the audit log.
import { getAsset } from '../../assets/index.ts';
import { personalOf, type Scope } from '../../identity/index.ts';
import type { PersonalCrypto } from '../../storage/index.ts';
import type { Db } from '../../storage/index.ts';
import type { ServiceTechnicianTable } from '../../storage/service-schema.ts';
import { getWorkOrder } from '../work-orders/store.ts';
import { audit, json, kOf, serviceId } from '../store.ts';
import { rankTechnicians, type Suggestion } from './rank.ts';

export interface Technician {
  id: string;
  userId: string | null;
  name: string;
  skills: string[];
  homeLat: number | null;
  homeLon: number | null;
  region: string;
  active: boolean;
}

export type TechnicianInput = Omit<Technician, 'id' | 'active'> & { active?: boolean };

const toTechnician = (r: ServiceTechnicianTable, p: PersonalCrypto): Technician => ({
  id: r.id,
  userId: r.user_id,
  name: p.open(r.name),
  skills: json(r.skills),
  homeLat: r.home_lat,
  homeLon: r.home_lon,
  region: r.region,
  active: r.active === 1,
});

export async function createTechnician(
  db: Db,
  scope: Scope,
  input: TechnicianInput,
): Promise<Technician> {
  const p = personalOf(db);
  const row: ServiceTechnicianTable = {
    id: serviceId('te'),
    tenant_id: scope.tenantId,
    user_id: input.userId,
    name: p.seal(input.name),
    skills: JSON.stringify(input.skills),
    home_lat: input.homeLat,
    home_lon: input.homeLon,
    region: input.region,
    active: input.active === false ? 0 : 1,
    created_at: Date.now(),
  };
  await kOf(db)
    .transaction()
    .execute(async (tx) => {
      await tx.insertInto('service_technicians').values(row).execute();
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'service.technician.create',
        entityType: 'service_technician',
        entityId: row.id,
        details: { region: input.region, skills: input.skills },
      });
    });
  return toTechnician(row, p);
}

export async function listTechnicians(db: Db, scope: Scope): Promise<Technician[]> {
  const rows = await kOf(db)
    .selectFrom('service_technicians')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .execute();
  // Sealed names do not sort in the database: opened, then ordered.
  const p = personalOf(db);
  return rows
    .map((r) => toTechnician(r, p))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
}

/** Open orders per technician (assigned, in progress, on hold). */
async function loads(db: Db, tenantId: string): Promise<Map<string, number>> {
  const rows = await kOf(db)
    .selectFrom('service_work_orders')
    .select((eb) => ['technician_id', eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', ['assigned', 'in_progress', 'on_hold'])
    .where('technician_id', 'is not', null)
    .groupBy('technician_id')
    .execute();
  return new Map(rows.map((r) => [r.technician_id!, Number(r.n)]));
}

export async function suggestTechnicians(
  db: Db,
  scope: Scope,
  workOrderId: string,
  now = Date.now(),
): Promise<{ workOrderId: string; suggestions: Suggestion[] }> {
  const wo = await getWorkOrder(db, scope, workOrderId, now);
  const asset = await getAsset(db, scope, wo.assetId);
  // An asset without its own location is where its parent (the site) is.
  const site =
    asset.latitude === null && asset.parentId
      ? await getAsset(db, scope, asset.parentId).catch(() => asset)
      : asset;
  const techs = (await listTechnicians(db, scope)).filter((t) => t.active);
  const load = await loads(db, scope.tenantId);
  const due = wo.sla.resolution?.dueAt ?? null;
  const suggestions = rankTechnicians(
    {
      skills: wo.skills,
      lat: site.latitude,
      lon: site.longitude,
      hoursToDeadline: due === null ? null : Math.max(0, (due - now) / 3_600_000),
    },
    techs.map((t) => ({
      id: t.id,
      name: t.name,
      skills: t.skills,
      lat: t.homeLat,
      lon: t.homeLon,
      load: load.get(t.id) ?? 0,
    })),
  );
  return { workOrderId, suggestions };
}
