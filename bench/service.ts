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

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function bulk(db: Db, rows: ServiceWorkOrderTable[]) {
  const k = kOf(db);
  const per = Math.floor(db.capabilities.maxParameters / 32);
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
          id: `te_b${i.toString(36)}`,
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
          technician_id: `te_b${(i % nTech).toString(36)}`,
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
    const step = Math.floor((5 * 365 * 86_400_000) / Math.max(1, nClosed));
    const closed = (i: number) => {
      const created = from + i * step;
      return row(nOpen + 1 + i, {
        ...base,
        status: 'closed',
        created_at: created,
        responded_at: created + 3_600_000,
        done_at: created + 6 * 3_600_000,
        closed_at: created + 24 * 3_600_000,
        visits: 1 + (i % 4 === 0 ? 1 : 0),
      });
    };
    for (let i = 0; i < nClosed; i += 50_000)
      await bulk(
        db,
        Array.from({ length: Math.min(50_000, nClosed - i) }, (_, j) => closed(i + j)),
      );
    const t2 = process.hrtime.bigint();
    const kpis = await service.serviceKpis(db, scope, { from, to: from + 5 * 365 * 86_400_000 });
    const kpiMs = ms(t2);
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
        ms: Math.round(kpiMs),
        repairs: kpis.repairs,
        mttrHours: kpis.mttrHours,
        slaCompliance: kpis.sla.compliance,
      },
    };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
