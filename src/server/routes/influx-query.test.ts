// Issue 25: the queries Grafana's InfluxDB data source sends in InfluxQL mode, replayed as it
// sends them, and what a customer user may see through /query. On SQLite and PostgreSQL.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { MIN, basic, influxWorld } from '../../../test/influx-world.ts';

describeEachDatabase('InfluxQL over /query', (t) => {
  const setup = influxWorld(t);

  it("answers Grafana's InfluxQL queries: a time-series panel, template variables, GET and POST", async () => {
    const { inject, key, w, svc } = await setup();
    const t0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
    const lines: string[] = [];
    for (let k = 0; k < 60; k++) {
      lines.push(`chiller,asset=CH-1 cop=${4 + k / 100} ${t0 + k * MIN}`);
      if (k % 2 === 0) lines.push(`chiller,asset=CH-2 cop=${3 + k / 100} ${t0 + k * MIN}`);
      lines.push(`chiller,asset=CH-3 cop=9 ${t0 + k * MIN}`);
    }
    const wrote = await inject({
      method: 'POST',
      url: '/write?precision=ms',
      headers: { authorization: `Token ${key}` },
      payload: lines.join('\n'),
    });
    expect(wrote.statusCode, wrote.body).toBe(204);
    await svc.flush();
    const auth = { authorization: basic('grafana', key) };
    // The time-series panel: mean per 10 minutes, one series per asset, epoch=ms.
    const panel =
      `SELECT mean("cop") FROM "Centrifugal chiller" WHERE ("asset"::tag =~ /^(CH-1|CH-2)$/) AND ` +
      `time >= ${t0}ms and time <= ${t0 + 3_600_000 - 1}ms GROUP BY time(10m), "asset"::tag fill(null)`;
    const r = await inject({
      method: 'POST',
      url: '/query?db=plant&epoch=ms',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ q: panel }).toString(),
    });
    expect(r.statusCode, r.body).toBe(200);
    const series = r.json().results[0].series as Array<{
      name: string;
      tags: Record<string, string>;
      columns: string[];
      values: [number, number | null][];
    }>;
    expect(series.map((s) => s.tags.asset)).toEqual(['CH-1', 'CH-2']);
    expect(series[0]!.columns).toEqual(['time', 'mean']);
    expect(series[0]!.values).toHaveLength(6);
    // Minutes 0..9 of CH-1: 4.00 … 4.09, mean 4.045.
    expect(series[0]!.values[0]![0]).toBe(t0);
    expect(series[0]!.values[0]![1]).toBeCloseTo(4.045, 9);
    // CH-2 every other minute: 3.00, 3.02 … 3.08, mean 3.04.
    expect(series[1]!.values[0]![1]).toBeCloseTo(3.04, 9);
    // GET with RFC 3339 times, now() and several aggregates; fill(none) drops empty buckets.
    const q2 = encodeURIComponent(
      `SELECT max("cop") AS "peak", count("cop"), last("cop") FROM "chiller" WHERE "host" = 'CH-1' ` +
        `AND time >= '${new Date(t0).toISOString()}' AND time < now() GROUP BY time(30m) fill(none)`,
    );
    const r2 = await inject({
      method: 'GET',
      url: `/query?db=plant&epoch=s&q=${q2}`,
      headers: auth,
    });
    const s2 = r2.json().results[0].series[0];
    expect(s2.columns).toEqual(['time', 'peak', 'count', 'last']);
    expect(s2.values).toEqual([
      [t0 / 1000, 4.29, 30, 4.29],
      [t0 / 1000 + 1800, 4.59, 30, 4.59],
    ]);
    // Without epoch, RFC 3339 times; two statements in one q; an aggregate over the whole range.
    const q3 = encodeURIComponent(
      `SELECT min("cop"), sum("cop") FROM "chiller" WHERE time >= ${t0}ms AND time < ${t0 + 10 * MIN}ms; ` +
        `SELECT "cop" FROM "chiller" WHERE "asset" = 'CH-2' AND time >= ${t0}ms LIMIT 2`,
    );
    const r3 = await inject({ method: 'GET', url: `/query?q=${q3}`, headers: auth });
    const [a, b] = r3.json().results;
    expect(a.series[0].values[0][0]).toBe(new Date(t0).toISOString().replace('.000Z', 'Z'));
    // 10 minutes of CH-1 (40.45), CH-2 (15.2), CH-3 (90): min 3, sum 145.65.
    expect(a.series[0].values[0][1]).toBe(3);
    expect(a.series[0].values[0][2]).toBeCloseTo(145.65, 9);
    expect(b.series[0].values).toEqual([
      [new Date(t0).toISOString().replace('.000Z', 'Z'), 3],
      [new Date(t0 + 2 * MIN).toISOString().replace('.000Z', 'Z'), 3.02],
    ]);
    // Template variables and the query editor's lists.
    const show = async (q: string) =>
      (
        await inject({
          method: 'GET',
          url: `/query?db=plant&q=${encodeURIComponent(q)}&epoch=ms`,
          headers: auth,
        })
      ).json().results[0];
    expect((await show('SHOW TAG VALUES WITH KEY = "host"')).series[0].values).toEqual([
      ['host', 'CH-1'],
      ['host', 'CH-2'],
      ['host', 'CH-3'],
    ]);
    expect(
      (
        await show(
          `SHOW TAG VALUES FROM "chiller" WITH KEY IN ("asset") WHERE "asset" =~ /^CH-[12]$/`,
        )
      ).series[0].values,
    ).toEqual([
      ['asset', 'CH-1'],
      ['asset', 'CH-2'],
    ]);
    expect((await show('SHOW MEASUREMENTS')).series[0].values).toEqual([
      ['Centrifugal chiller'],
      ['telemetry'],
    ]);
    expect((await show('SHOW FIELD KEYS FROM "chiller"')).series[0].values).toEqual([
      ['cop', 'float'],
    ]);
    expect((await show('SHOW DATABASES')).series[0].values).toEqual([['ronghe'], ['plant']]);
    expect((await show('SHOW TAG KEYS')).series[0].values.flat()).toContain('asset');
    // A statement that cannot run is InfluxDB's per-statement error; one that cannot be read
    // is a 400 naming what.
    const nobound = await show(`SELECT mean("cop") FROM "chiller"`);
    expect(nobound.error).toMatch(/lower time bound is required/);
    for (const [q, why] of [
      ['DROP DATABASE x', /only SELECT, SHOW and CREATE DATABASE/],
      [
        `SELECT median("cop") FROM "chiller" WHERE time > now() - 1h`,
        /median\(\) is not supported/,
      ],
      [`SELECT mean("cop") FROM "chiller" WHERE time > now() - 1h fill(linear)`, /linear/],
    ] as const) {
      const parse = await inject({
        method: 'GET',
        url: `/query?q=${encodeURIComponent(q)}`,
        headers: auth,
      });
      expect(parse.statusCode).toBe(400);
      expect(parse.json().message).toMatch(why);
    }
    void w;
  });

  it("never shows a customer user another customer's assets through /query", async () => {
    const { inject, key, w } = await setup();
    const t0 = Math.floor(Date.now() / MIN) * MIN - 10 * MIN;
    const wrote = await inject({
      method: 'POST',
      url: '/write?precision=ms',
      headers: { authorization: `Token ${key}` },
      payload: `chiller,asset=CH-1 cop=4 ${t0}\nchiller,asset=CH-3 cop=9 ${t0}`,
    });
    expect(wrote.statusCode).toBe(204);
    // The Suzhou viewer's session, as HTTP Basic as an InfluxDB 1.x client would send it.
    const basic = `Basic ${Buffer.from(`viewer:${w.tokens.viewer}`).toString('base64')}`;
    const ask = async (q: string) =>
      (
        await inject({
          method: 'GET',
          url: `/query?epoch=ms&q=${encodeURIComponent(q)}`,
          headers: { authorization: basic },
        })
      ).json().results[0];
    const tags = await ask('SHOW TAG VALUES WITH KEY = "asset"');
    expect(tags.series[0].values).toEqual([['asset', 'CH-1']]);
    const all = await ask(
      `SELECT max("cop") FROM "chiller" WHERE time >= ${t0}ms GROUP BY "asset"`,
    );
    expect(all.series.map((s: { tags: { asset: string } }) => s.tags.asset)).toEqual(['CH-1']);
    const named = await ask(
      `SELECT max("cop") FROM "chiller" WHERE "asset" = 'CH-3' AND time >= ${t0}ms`,
    );
    expect(named.series).toBeUndefined();
    const raw = await ask(`SELECT "cop" FROM "chiller" WHERE time >= ${t0}ms`);
    expect(raw.series[0].values).toEqual([[t0, 4]]);
    // The viewer may not write.
    const write = await inject({
      method: 'POST',
      url: '/write',
      headers: { authorization: basic },
      payload: `chiller,asset=CH-1 cop=1`,
    });
    expect(write.statusCode).toBe(403);
  });

  it('refuses a bad query naming q, in Chinese for a zh-CN caller (issue #17)', async () => {
    const { inject, key } = await setup();
    const ask = (q: string, lang: string) =>
      inject({
        method: 'GET',
        url: `/query?q=${encodeURIComponent(q)}`,
        headers: { authorization: basic('grafana', key), 'accept-language': lang },
      });
    const cases = [
      ['SELECT * FROM "chiller"', 'SELECT * is not supported', '不支持 SELECT *'],
      ['SELECT median("cop") FROM "chiller"', 'median() is not supported', '不支持函数 median()'],
      ['SELECT "cop" "chiller"', "expected FROM at 'chiller'", '在“chiller”处应为 FROM'],
      ['DROP DATABASE plant', 'only SELECT, SHOW and CREATE', '只支持 SELECT、SHOW'],
      [
        'SELECT "cop" FROM "chiller" WHERE time > \'yesterday\'',
        'not an RFC 3339 time',
        '不是 RFC 3339 时间',
      ],
    ] as const;
    for (const [q, en, zh] of cases) {
      const e = await ask(q, 'en');
      const c = await ask(q, 'zh-CN,zh;q=0.9');
      expect(c.statusCode, c.body).toBe(e.statusCode);
      expect(e.statusCode).toBe(400);
      expect(c.json()).toMatchObject({ code: 'RONGHE_VALIDATION' });
      expect(e.json<{ message: string }>().message).toContain(en);
      expect(c.json<{ message: string }>().message).toContain(zh);
      expect(c.json<{ message: string }>().message).toContain('q（InfluxQL 查询）有误');
      expect(c.json<{ details: unknown }>().details).toEqual(
        e.json<{ details: unknown }>().details,
      );
    }
  });
});
