import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../test/databases.ts';
import { createRng } from '../kernel/index.ts';
import { isPacked } from './engine/window-work.ts';
import { lp, scope, T0, useTelemetryService } from './service-harness.ts';

describeEachDatabase('telemetry chunks under the inline row limit', (t) => {
  const { fresh } = useTelemetryService(t);

  it('stores a noisy day in rows that stay inline and reads every point back', async () => {
    const { svc, h } = await fresh();
    const rng = createRng(5);
    const step = 10_000; // 8,640 points a day: about 17 kB compressed, far over one row
    const sent: [number, number][] = [];
    // Four appends through the day, then a point of the next day seals it.
    for (let part = 0; part < 4; part++) {
      const lines: string[] = [];
      for (let i = part * 2160; i < (part + 1) * 2160; i++) {
        const v = Math.round((rng() - 0.5) * 10_000) / 100 + 0; // + 0: no -0, which prints as 0
        sent.push([T0 + i * step, v]);
        lines.push(lp('A0001', T0 + i * step, { c0: v }));
      }
      await svc.ingestLineProtocol(scope, lines.join('\n'), 'ms');
      await svc.flush();
    }
    await svc.ingestLineProtocol(scope, lp('A0001', T0 + 86_400_000, { c0: 1 }), 'ms');
    await svc.flush();

    const limit = h.db.capabilities.maxInlineBlob;
    const rows = await h.db.kysely
      .selectFrom('telemetry_chunks')
      .selectAll()
      .where('window_start', '=', T0)
      .execute();
    expect(rows.length).toBeGreaterThan(4);
    for (const r of rows) expect(r.data.length).toBeLessThanOrEqual(limit);
    const sealed = rows.map((r) => ({ ...r, min_ts: Number(r.min_ts), max_ts: Number(r.max_ts) }));
    expect(isPacked(sealed, limit)).toBe(true);
    if (t.dialect === 'sqlite') {
      const { rows: pages } = await sql<{ n: number }>`SELECT count(*) AS n FROM dbstat
        WHERE name = 'telemetry_chunks' AND pagetype = 'overflow'`.execute(h.db.kysely);
      expect(pages[0]!.n).toBe(0);
    }

    const q = { asset: 'A0001', channel: 'c0', from: T0, to: T0 + 86_400_000, limit: 10_000 };
    expect((await svc.queries.raw(scope, q)).points).toEqual(sent);
  });

  it('keeps extended chunks of a trickle under the limit too', async () => {
    const { svc, h } = await fresh();
    const rng = createRng(9);
    const sent: [number, number][] = [];
    // Full-precision doubles over many binary exponents (8 bytes or more a value): 250 points, which a trickle's small
    // chunks are extended up to, outgrow even an 8 KiB page's inline cell.
    for (let flush = 0; flush < 25; flush++) {
      const lines: string[] = [];
      for (let i = 0; i < 10; i++) {
        const t = T0 + (flush * 10 + i) * 60_000;
        // 32 random bits each from two draws, so the mantissa is full; exponents vary as well.
        const v = (rng() + rng() / 2 ** 32) * 2 ** Math.floor(rng() * 40 - 20);
        sent.push([t, v]);
        lines.push(lp('A0001', t, { c0: v }));
      }
      await svc.ingestLineProtocol(scope, lines.join('\n'), 'ms');
      await svc.flush();
    }
    const limit = h.db.capabilities.maxInlineBlob;
    const rows = await h.db.kysely.selectFrom('telemetry_chunks').selectAll().execute();
    expect(rows.length).toBeGreaterThan(1);
    for (const r of rows) expect(r.data.length).toBeLessThanOrEqual(limit);
    const q = { asset: 'A0001', channel: 'c0', from: T0, to: T0 + 86_400_000, limit: 10_000 };
    expect((await svc.queries.raw(scope, q)).points).toEqual(sent);
  });
});
