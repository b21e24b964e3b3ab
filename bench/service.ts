// `npm run bench -- service [--open N] [--technicians N] [--closed N]`: issue 16's three service
// timings on the embedded default (SQLite in a temporary file): opening a work order from an
// alarm (median of 50), the dispatch suggestion for one order among N open ones (default 10,000)
// with 500 technicians, and the KPIs over N closed work orders (default 1,000,000; each under a
// contract, so every order's SLA clocks are computed). Rows are bulk-inserted before timing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as assets from '../src/assets/index.ts';
import * as identity from '../src/identity/index.ts';
import * as service from '../src/service/index.ts';
import { createDatabase, migrateToLatest, type Db } from '../src/storage/index.ts';
import type { ServiceWorkOrderTable } from '../src/storage/service-schema.ts';
import { kOf } from '../src/service/store.ts';
import { sql } from 'kysely';
import { kpiRollupBackfill } from '../src/storage/migrations/019-service-kpi.ts';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function bulk(db: Db, rows: ServiceWorkOrderTable[]) {
  const k = kOf(db);
  const per = Math.floor(db.capabilities.maxParameters / Object.keys(rows[0] ?? { a: 1 }).length);
  await k.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += per)
      await tx
        .insertInto('service_work_orders')
        .values(rows.slice(i, i + per))
        .execute();
  });
}

function row(i: number, p: Partial<ServiceWorkOrderTable>): ServiceWorkOrderTable {
  return {
    id: `wo_b${i.toString(36)}`,
    tenant_id: '',
    customer_id: null,
    asset_id: '',
    contract_id: null,
    title: 'bench',
    description: '',
    priority: 'high',
    kind: 'corrective',
    source: 'manual',
    source_ref: null,
    open_key: null,
    skills: '["refrigeration"]',
    status: 'new',
    version: 1,
    technician_id: null,
    created_by: 'bench',
    created_at: 0,
    updated_at: 0,
    responded_at: null,
    done_at: null,
    closed_at: null,
    pauses: '[]',
    visits: 1,
    internal_notes: '',
    labour_minutes: 0,
    cost_fen: 0,
    rating: null,
    customer_comment: null,
    confirmed_at: null,
    model_id: null,
    cancelled_at: null,
    sla_response_met: null,
    sla_resolution_met: null,
    sla_response_minutes: null,
    sla_resolution_minutes: null,
    downtime_ms: null,
    ...p,
  };
}

export async function run(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      open: { type: 'string' },
      technicians: { type: 'string' },
      closed: { type: 'string' },
    },
  });
  const nOpen = Number(values.open ?? 10_000);
  const nTech = Number(values.technicians ?? 500);
  const nClosed = Number(values.closed ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-bench-service-'));
  const db = await createDatabase({ url: join(dir, 'bench.db') });
  try {
    await migrateToLatest(db);
    const tenant = await identity.createTenant(db, { slug: 'bench', name: 'Bench' }, 'bench');
    const scope: identity.Scope = { tenantId: tenant.id, customerIds: null, actor: 'bench' };
    const customer = await identity.createCustomer(db, scope, { name: 'C' });
    const model = await assets.createModel(db, scope, { name: 'Chiller', channels: [] });
    const asset = await assets.createAsset(db, scope, {
      name: 'A',
      serial: 'A-1',
      modelId: model.id,
      customerId: customer.id,
      latitude: 31.3,
      longitude: 120.6,
    });
    const contract = await service.createContract(db, scope, {
      customerId: customer.id,
      name: 'c',
      kind: 'full_service',
      validFrom: '2020-01-01',
      validTo: '2030-12-31',
      assetIds: [asset.id],
      sla: { high: { responseMinutes: 120, resolutionMinutes: 480 } },
    });
    const base = {
      tenant_id: tenant.id,
      customer_id: customer.id,
      asset_id: asset.id,
      contract_id: contract.id,
    };

    const port: service.AlarmPort = {
      find: (_t, id) => Promise.resolve({ id, assetId: asset.id, ruleId: 'r', severity: 'major' }),
      comment: () => Promise.resolve(),
      clear: () => Promise.resolve(),
    };
    const openTimes: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = process.hrtime.bigint();
      await service.openFromAlarm(db, port, scope, `${asset.id}/r/${i}`);
      openTimes.push(ms(t0));
    }

    for (let i = 0; i < nTech; i++)
      await kOf(db)
        .insertInto('service_technicians')
        .values({
          id: `te_b${i}`,
          tenant_id: tenant.id,
          user_id: null,
          name: `T${i}`,
          skills: JSON.stringify(i % 3 ? ['refrigeration'] : ['electrical']),
          home_lat: 30 + (i % 50) / 10,
          home_lon: 118 + (i % 40) / 10,
          region: '',
          active: 1,
          created_at: 0,
        })
        .execute();
    const now = Date.now();
    await bulk(
      db,
      Array.from({ length: nOpen }, (_, i) =>
        row(i, {
          ...base,
          status: 'assigned',
          technician_id: `te_b${i % nTech}`,
          created_at: now - i * 60_000,
        }),
      ),
    );
    const target = row(nOpen, { ...base, created_at: now });
    await bulk(db, [target]);
    const t1 = process.hrtime.bigint();
    const sug = await service.suggestTechnicians(db, scope, target.id, now);
    const dispatchMs = ms(t1);

    const from = Date.parse('2021-01-01T00:00:00Z');
    const to = from + 5 * 365 * 86_400_000;
    const fleet = await seedFleet(db, scope, model.id, customer.id);
    const t3 = process.hrtime.bigint();
    await seedClosed(db, tenant.id, fleet, nOpen + 1, nClosed, from, to, nTech);
    const seedMs = ms(t3);
    const t2 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const kpis = await service.serviceKpis(db, scope, { from, to });
    const kpiMs = ms(t2);
    const kpiCpu = process.cpuUsage(cpu0);
    const perDimensionMs: Record<string, number> = {};
    const groups: Record<string, number> = {};
    for (const dim of service.kpiDimensions) {
      const t = process.hrtime.bigint();
      const r = await service.serviceKpisBy(db, scope, dim, { from, to });
      perDimensionMs[dim] = Math.round(ms(t));
      groups[dim] = r.groups.length;
    }
    const t4 = process.hrtime.bigint();
    await service.serviceKpis(db, scope, { from: to - 30 * 86_400_000, to });
    const lastMonthMs = ms(t4);
    return {
      openFromAlarmMsMedian: Math.round(median(openTimes) * 100) / 100,
      dispatch: {
        openOrders: nOpen,
        technicians: nTech,
        ms: Math.round(dispatchMs),
        top: sug.suggestions[0]?.reasons,
      },
      kpis: {
        closedOrders: nClosed,
        seedMs: Math.round(seedMs),
        ms: Math.round(kpiMs),
        cpuMs: Math.round((kpiCpu.user + kpiCpu.system) / 1000),
        perDimensionMs,
        groups,
        lastMonthMs: Math.round(lastMonthMs),
        repairs: kpis.repairs,
        mttrHours: kpis.mttrHours,
        availability: kpis.availability,
        firstTimeFixRate: kpis.firstTimeFixRate,
        slaCompliance: kpis.sla.compliance,
      },
    };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Fleet {
  /** Per asset: its id, customer, model and contract. */
  assets: Array<{ id: string; customer: string; model: string; contract: string }>;
}

/** 100 assets of 5 models across 10 customers, one contract per customer over its 10 assets. */
async function seedFleet(
  db: Db,
  scope: identity.Scope,
  modelId: string,
  _customerId: string,
): Promise<Fleet> {
  const models = [modelId];
  for (let m = 1; m < 5; m++)
    models.push((await assets.createModel(db, scope, { name: `Model ${m}`, channels: [] })).id);
  const out: Fleet['assets'] = [];
  for (let c = 0; c < 10; c++) {
    const customer = await identity.createCustomer(db, scope, { name: `Customer ${c}` });
    const ids: string[] = [];
    for (let a = 0; a < 10; a++) {
      const asset = await assets.createAsset(db, scope, {
        name: `Unit ${c}-${a}`,
        serial: `F-${c}-${a}`,
        modelId: models[(c + a) % models.length]!,
        customerId: customer.id,
      });
      ids.push(asset.id);
    }
    const contract = await service.createContract(db, scope, {
      customerId: customer.id,
      name: `Contract ${c}`,
      kind: 'availability',
      validFrom: '2021-01-01',
      validTo: '2025-12-31',
      assetIds: ids,
      sla: { high: { responseMinutes: 120, resolutionMinutes: 480 } },
      availabilityTarget: 0.97,
      priceFen: 50_000_000,
    });
    ids.forEach((id, a) =>
      out.push({
        id,
        customer: customer.id,
        model: models[(c + a) % models.length]!,
        contract: contract.id,
      }),
    );
  }
  return { assets: out };
}

/**
 * N closed work orders spread over [from, to), generated inside SQLite by one INSERT … SELECT
 * over a recursive counter (one statement, one transaction): the SLA outcome stored as a finished
 * order has it, a quarter with two visits, two in seven SLAs breached, one in five preventive;
 * then their KPI rollup, built from them by one INSERT … SELECT … GROUP BY.
 */
async function seedClosed(
  db: Db,
  tenantId: string,
  fleet: Fleet,
  first: number,
  n: number,
  from: number,
  to: number,
  nTech: number,
) {
  const k = kOf(db);
  const step = Math.floor((to - from) / Math.max(1, n));
  await k.transaction().execute(async (tx) => {
    await sql`create temporary table bench_fleet (n integer primary key, asset text, customer text, model text, contract text)`.execute(
      tx,
    );
    for (const [n, a] of fleet.assets.entries())
      await sql`insert into bench_fleet values (${n}, ${a.id}, ${a.customer}, ${a.model}, ${a.contract})`.execute(
        tx,
      );
    // Literals, not bound numbers: better-sqlite3 binds a JS number as a REAL ('te_b0.0').
    const size = fleet.assets.length;
    await sql`
      with recursive seq(i) as (select 0 union all select i + 1 from seq where i < ${sql.lit(n - 1)})
      insert into service_work_orders (id, tenant_id, customer_id, asset_id, contract_id, title,
        description, priority, kind, source, source_ref, open_key, skills, status, version,
        technician_id, created_by, created_at, updated_at, responded_at, done_at, closed_at,
        pauses, visits, internal_notes, labour_minutes, cost_fen, rating, customer_comment,
        confirmed_at, model_id, cancelled_at, sla_response_met, sla_resolution_met,
        sla_response_minutes, sla_resolution_minutes, downtime_ms)
      select 'wo_c' || (${sql.lit(first)} + i), ${tenantId}, f.customer, f.asset, f.contract, 'bench',
        '', 'high', case when i % 5 = 4 then 'preventive' else 'corrective' end, 'manual', null,
        null, '["refrigeration"]', 'closed', 5, 'te_b' || (i % ${sql.lit(nTech)}), 'bench',
        ${sql.lit(from)} + i * ${sql.lit(step)}, ${sql.lit(from)} + i * ${sql.lit(step)} + 86400000, ${sql.lit(from)} + i * ${sql.lit(step)} + 900000,
        ${sql.lit(from)} + i * ${sql.lit(step)} + 3600000, ${sql.lit(from)} + i * ${sql.lit(step)} + 86400000, '[]',
        case when i % 4 = 0 then 2 else 1 end, '', 90, 0, null, null, null,
        f.model, null, case when i % 7 = 0 then 0 else 1 end,
        case when i % 7 = 3 then 0 else 1 end, 15, case when i % 7 = 3 then 600 else 60 end,
        3600000
      from seq join bench_fleet f on f.n = i % ${sql.lit(size)}`.execute(tx);
    await sql`drop table bench_fleet`.execute(tx);
    // The KPI rollup of these done orders, as migration 019 builds it for existing ones.
    await sql.raw(kpiRollupBackfill(`tenant_id = '${tenantId}'`)).execute(tx);
  });
}
