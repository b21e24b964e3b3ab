// The expression preview over HTTP: telemetry written over /write, then a condition and a number
// expression evaluated over it as the ingest path would (latest value per channel), a syntax
// error named at its line and column, and another customer's asset hidden.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { World } from '../../../test/http.ts';
import {
  createMonitoringWorld,
  writeCop,
  type MonitoringWorld,
} from '../../../test/monitoring-world.ts';
import { monitoringPreviewRoutes } from './monitoring-preview.ts';

describeEachDatabase('expression preview over HTTP', (t) => {
  let world: MonitoringWorld;
  let w: World;
  const t0 = Date.now() - 30 * 60_000;
  beforeAll(async () => {
    world = await createMonitoringWorld(t, (db, telemetry, monitoring) => [
      {
        plugin: (app) => monitoringPreviewRoutes(app, { db, telemetry, monitoring }),
        prefix: '/api/v1',
      },
    ]);
    w = world.w;
    await writeCop(w, 'CH-1', [4, 2.5, 3.5, 2], t0);
    await world.telemetry.flush();
  });
  afterAll(() => world?.close());

  const preview = (who: 'engineer' | 'viewer', payload: object) =>
    w.as(who, { method: 'POST', url: '/api/v1/monitoring/preview', payload });

  it('evaluates a condition and a number over the last hour, point by point', async () => {
    const cond = await preview('engineer', { assetId: w.assets.A1, expression: 'cop < 3' });
    expect(cond.statusCode, cond.body).toBe(200);
    const c = cond.json() as { type: string; points: [number, unknown][]; rises: number };
    expect(c.type).toBe('boolean');
    expect(c.points).toEqual([
      [t0, false],
      [t0 + 60_000, true],
      [t0 + 120_000, false],
      [t0 + 180_000, true],
    ]);
    expect(c.rises).toBe(2);
    // The serial stands for the id, as wherever a route names one asset (issue #17).
    const span = { expression: 'cop < 3', from: t0 - 60_000, to: t0 + 240_000 };
    const byId = await preview('engineer', { assetId: w.assets.A1, ...span });
    const bySerial = await preview('engineer', { assetId: 'CH-1', ...span });
    expect(bySerial.statusCode, bySerial.body).toBe(200);
    expect(bySerial.json()).toEqual(byId.json());
    expect(bySerial.json<{ rises: number }>().rises).toBe(2);
    const num = await preview('viewer', {
      assetId: w.assets.A1,
      expression: 'cop * prop.rated_kw',
      from: t0 + 60_000,
      to: t0 + 150_000,
    });
    expect(num.statusCode, num.body).toBe(200);
    expect(num.json()).toMatchObject({
      type: 'number',
      channels: ['cop'],
      points: [
        [t0 + 60_000, 1250],
        [t0 + 120_000, 1750],
      ],
    });
  });

  it('names the line and column of a bad expression, and hides other customers’ assets', async () => {
    const bad = await preview('engineer', { assetId: w.assets.A1, expression: 'cop <\n  flwo' });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { message: string }).message).toMatch(/line 2, column 3.*flwo/);
    const range = await preview('engineer', {
      assetId: w.assets.A1,
      expression: 'cop',
      from: 0,
      to: 3 * 86_400_000,
    });
    expect(range.statusCode).toBe(400);
    expect((range.json() as { message: string }).message).toMatch(/^from:/);
    const hidden = await preview('viewer', { assetId: w.assets.A2, expression: 'cop' });
    expect(hidden.statusCode).toBe(404);
    // by its serial too: the viewer's scope decides, not the form of the name
    const hiddenSerial = await preview('viewer', { assetId: 'CH-3', expression: 'cop' });
    expect(hiddenSerial.statusCode).toBe(404);
  });

  it('words a bad expression in Chinese for a zh-CN caller, the position and details unchanged (issue #17)', async () => {
    const zh = { 'accept-language': 'zh-CN' };
    const ask = (expression: string, headers = {}) =>
      w.as('engineer', {
        method: 'POST',
        url: '/api/v1/monitoring/preview',
        payload: { assetId: w.assets.A1, expression },
        headers,
      });
    const cases = [
      ['cop <\n  flwo', 'line 2, column 3', '第 2 行第 3 列（偏移 8）：未知通道“flwo”'],
      ['cop = 3', "unexpected character '='", '无法识别的字符“=”（比较请用“==”）'],
      ['median(cop)', "unknown function 'median'", '未知函数“median”'],
      ['cop && 1', "'&&' needs a boolean", '“&&”需要布尔值，此处却是数值'],
      ['(cop', "expected ')'", '应为“)”，实为表达式末尾'],
    ] as const;
    for (const [expression, en, cn] of cases) {
      const e = await ask(expression);
      const c = await ask(expression, zh);
      expect(c.statusCode, c.body).toBe(400);
      expect(e.json<{ message: string }>().message).toContain(en);
      expect(c.json<{ message: string }>().message).toContain(cn);
      expect(c.json<{ message: string }>().message).toMatch(/^expression：第 \d+ 行第 \d+ 列/);
      expect(c.json<{ details: unknown }>().details).toEqual(
        e.json<{ details: unknown }>().details,
      );
    }
  });
});
