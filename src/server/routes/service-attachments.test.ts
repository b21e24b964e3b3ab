// Attachments, sign-off, the as-built record and the product passport over HTTP on each database:
// a photo is stored (on disk with SQLite, in PostgreSQL otherwise) and read back byte for byte; a
// ".png" that is text, a JPEG named .png, an oversize file and bad base64 are each a 400 naming
// the field with nothing stored; the customer signs off once; the passport puts the asset's life
// on one timeline (as built, factory test, contract, work order, part replaced, lifecycle,
// configuration change, retirement) and shows a customer no costs.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createServiceWorld, type ServiceWorld } from '../../../test/service-world.ts';
import { transitionAsset, updateAsset } from '../../assets/index.ts';
import type { Attachment, Passport, WorkOrder } from '../../service/index.ts';

const PNG_1x1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describeEachDatabase('service attachments and passport over HTTP', (t) => {
  let s: ServiceWorld;
  let wo: WorkOrder;
  const json = <T>(r: { json(): unknown }) => r.json() as T;

  beforeAll(async () => {
    s = await createServiceWorld(t, { attachmentMaxBytes: 2048 });
    s.clock.now = Date.now(); // after the world's assets were made
    wo = json<WorkOrder>(
      await s.call('technician', 'POST', '/work-orders', {
        assetId: s.w.assets.A1,
        title: 'Noisy compressor',
        priority: 'high',
      }),
    );
  });
  afterAll(() => s?.close());

  const upload = (body: object, url = `/work-orders/${wo.id}/attachments`, who = 'technician') =>
    s.call(who as 'technician', 'POST', url, body);

  it('stores a photo and returns the same bytes with its type', async () => {
    const r = await upload({ kind: 'photo', name: 'compressor.png', contentBase64: PNG_1x1 });
    expect(r.statusCode, r.body).toBe(201);
    const a = json<Attachment>(r);
    expect(a).toMatchObject({ contentType: 'image/png', size: 70, kind: 'photo', targetId: wo.id });
    const back = await s.call('viewer', 'GET', `/attachments/${a.id}`);
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('image/png');
    expect(back.rawPayload.toString('base64')).toBe(PNG_1x1);
    if (t.dialect === 'sqlite')
      expect(readdirSync(join(s.attachmentsDir, s.w.tenantA.id))).toEqual([a.id]);
    const list = json<{ items: Attachment[] }>(
      await s.call('viewer', 'GET', `/work-orders/${wo.id}/attachments`),
    );
    expect(list.items.map((x) => x.id)).toEqual([a.id]);
  });

  it('refuses wrong-type, mislabelled, oversize and malformed files naming the field', async () => {
    const cases: Array<[object, string, string]> = [
      [
        { kind: 'photo', name: 'fake.png', contentBase64: b64('just some text, not an image') },
        'contentBase64',
        'not a PNG',
      ],
      [
        { kind: 'photo', name: 'photo.png', contentBase64: b64(JPEG) },
        'contentBase64',
        'its bytes are JPEG',
      ],
      [
        { kind: 'photo', name: 'report.pdf', contentBase64: b64(PDF) },
        'contentBase64',
        'a photo must be PNG or JPEG',
      ],
      [
        { kind: 'photo', name: 'big.png', contentBase64: b64(new Uint8Array(3000).fill(0x89)) },
        'contentBase64',
        'limit is 2048',
      ],
      [{ kind: 'photo', name: 'notes.txt', contentBase64: PNG_1x1 }, 'name', '.png, .jpg'],
      [
        { kind: 'photo', name: 'x.png', contentBase64: 'not base64!' },
        'contentBase64',
        'not base64',
      ],
      [{ kind: 'selfie', name: 'x.png', contentBase64: PNG_1x1 }, 'kind', ''],
    ];
    for (const [body, field, words] of cases) {
      const r = await upload(body);
      expect(r.statusCode, r.body).toBe(400);
      const e = json<{ details: Array<{ field: string }>; message: string }>(r);
      expect(e.details.map((d) => d.field).join(' ')).toContain(field);
      expect(e.message).toContain(words);
    }
    const list = json<{ items: Attachment[] }>(
      await s.call('engineer', 'GET', `/work-orders/${wo.id}/attachments`),
    );
    expect(list.items).toHaveLength(1);
    if (t.dialect === 'sqlite')
      expect(readdirSync(join(s.attachmentsDir, s.w.tenantA.id))).toHaveLength(1);
  });

  it('takes the customer’s sign-off once, with its signature image', async () => {
    const tech = json<{ id: string }>(
      await s.call('engineer', 'POST', '/technicians', {
        name: 'Li',
        skills: [],
        homeLat: null,
        homeLon: null,
        region: '',
      }),
    );
    const notYet = await s.call('viewer', 'POST', `/work-orders/${wo.id}/sign-off`, {
      name: 'Zhang',
    });
    expect(notYet.statusCode).toBe(400);
    await s.call('engineer', 'POST', `/work-orders/${wo.id}/assign`, { technicianId: tech.id });
    await s.call('technician', 'POST', `/work-orders/${wo.id}/transitions`, { to: 'in_progress' });
    const sig = json<Attachment>(
      await upload(
        { kind: 'signature', name: 'sig.png', contentBase64: PNG_1x1 },
        undefined,
        'viewer',
      ),
    );
    const photo = json<{ items: Attachment[] }>(
      await s.call('viewer', 'GET', `/work-orders/${wo.id}/attachments`),
    ).items.find((x) => x.kind === 'photo')!;
    const wrong = await s.call('viewer', 'POST', `/work-orders/${wo.id}/sign-off`, {
      name: 'Zhang',
      signatureAttachmentId: photo.id,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('signatureAttachmentId');
    s.clock.now = Date.parse('2026-11-02T07:30:00Z');
    const ok = await s.call('viewer', 'POST', `/work-orders/${wo.id}/sign-off`, {
      name: 'Zhang San',
      signatureAttachmentId: sig.id,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(
      json<{ signOff: unknown }>(await s.call('engineer', 'GET', `/work-orders/${wo.id}/sign-off`))
        .signOff,
    ).toMatchObject({
      name: 'Zhang San',
      signedAt: s.clock.now,
      signatureAttachmentId: sig.id,
    });
    expect(
      (await s.call('viewer', 'POST', `/work-orders/${wo.id}/sign-off`, { name: 'Again' }))
        .statusCode,
    ).toBe(409);
  });

  it('puts the asset’s whole life on the passport, in time order, costs hidden from customers', async () => {
    const { w } = s;
    const A = w.assets.A1;
    s.clock.now = Date.now();
    const asBuilt = await s.call('engineer', 'PUT', `/assets/${A}/as-built`, {
      components: [
        { name: 'Compressor', serial: 'CMP-7781' },
        { name: 'Condenser', serial: 'CDN-2210' },
      ],
      notes: 'Factory acceptance 2026-03-02',
    });
    expect(asBuilt.statusCode, asBuilt.body).toBe(200);
    const fat = await upload(
      { kind: 'factory_test', name: 'FAT-report.pdf', contentBase64: b64(PDF) },
      `/assets/${A}/attachments`,
      'engineer',
    );
    expect(fat.statusCode, fat.body).toBe(201);
    // A part replaced on the work order: stock in, reserve, consume.
    const part = json<{ id: string }>(
      await s.call('engineer', 'POST', '/parts', {
        sku: 'VLV-1',
        name: 'Expansion valve',
        fits: [],
        unitCostFen: 35_000,
        reorderPoint: 0,
        reorderQty: 0,
      }),
    );
    const wh = json<{ id: string }>(
      await s.call('engineer', 'POST', '/warehouses', { name: 'Depot', kind: 'depot' }),
    );
    await s.call('engineer', 'POST', '/stock/receive', {
      warehouseId: wh.id,
      partId: part.id,
      qty: 2,
    });
    const res = json<{ id: string }>(
      await s.call('technician', 'POST', '/reservations', {
        workOrderId: wo.id,
        partId: part.id,
        warehouseId: wh.id,
        qty: 1,
      }),
    );
    expect((await s.call('technician', 'POST', `/reservations/${res.id}/consume`)).statusCode).toBe(
      200,
    );
    await updateAsset(w.db, w.scopeA, A, { site: 'Suzhou plant, hall 2' });
    await transitionAsset(w.db, w.scopeA, A, 'retired', 'replaced by a new unit');

    const p = json<Passport>(await s.call('engineer', 'GET', `/assets/${A}/passport`));
    expect(p.asset.id).toBe(A);
    expect(p.asBuilt.components.map((c) => c.serial)).toEqual(['CMP-7781', 'CDN-2210']);
    const kinds = p.events.map((e) => e.kind);
    for (const k of [
      'created',
      'as_built',
      'factory_test',
      'work_order',
      'part_replaced',
      'config',
      'retired',
    ])
      expect(kinds, k).toContain(k);
    expect(p.events.map((e) => e.at)).toEqual([...p.events.map((e) => e.at)].sort((a, b) => a - b));
    expect(kinds.indexOf('created')).toBe(0);
    const replaced = p.events.find((e) => e.kind === 'part_replaced')!;
    expect(replaced).toMatchObject({
      ref: wo.id,
      data: { sku: 'VLV-1', qty: 1, unitCostFen: 35_000 },
    });

    const mine = json<Passport>(await s.call('viewer', 'GET', `/assets/${A}/passport`));
    const theirs = mine.events.find((e) => e.kind === 'part_replaced')!;
    expect(theirs.data).not.toHaveProperty('unitCostFen');
    expect(mine.events.find((e) => e.kind === 'config')!.data).toEqual({});
    expect(JSON.stringify(mine)).not.toContain('internalNotes');
  });
});
