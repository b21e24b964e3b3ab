// The InfluxQL subset, on the statements Grafana's InfluxDB data source and node-influx send.
import { describe, expect, it } from 'vitest';
import { matchesTags, parseInfluxQl, timeRange, type SelectStatement } from './influxql.ts';

const NOW = Date.UTC(2026, 11, 6, 12);

describe('InfluxQL', () => {
  it("parses Grafana's panel query: type hints, regex, ms times, GROUP BY time and tag, fill", () => {
    const [s] = parseInfluxQl(
      'SELECT mean("cop") AS "avg", max("cop") FROM "autogen"."chiller" WHERE ("asset"::tag =~ /^(CH-1|CH-2)$/) ' +
        'AND time >= 1764000000000ms and time <= 1764003599999ms GROUP BY time(1m), "asset"::tag fill(previous) ORDER BY time DESC LIMIT 5',
      NOW,
    ) as [SelectStatement];
    expect(s.fields).toEqual([
      { fn: 'mean', field: 'cop', column: 'avg' },
      { fn: 'max', field: 'cop', column: 'max' },
    ]);
    expect(s.measurement).toBe('chiller');
    expect(s.groupByTime).toBe(60_000);
    expect(s.groupByTags).toEqual(['asset']);
    expect(s.fill).toEqual({ kind: 'previous' });
    expect(s).toMatchObject({ desc: true, limit: 5 });
    expect(timeRange(s.where, NOW)).toEqual({ from: 1764000000000, to: 1764003600000 });
    expect(matchesTags(s.where, () => 'CH-2')).toBe(true);
    expect(matchesTags(s.where, () => 'CH-3')).toBe(false);
  });

  it('reads now() arithmetic, RFC 3339 strings, bare nanoseconds, and several statements', () => {
    const [a, b, c] = parseInfluxQl(
      `SELECT last(v) FROM m WHERE time > now() - 1h - 30m; ` +
        `SELECT v FROM m WHERE time >= '2026-12-06T00:00:00Z' AND time < 1764979200000000000; ` +
        `SHOW TAG VALUES FROM "m" WITH KEY IN ("host", "model") WHERE "model" != 'x'`,
      NOW,
    );
    expect(timeRange((a as SelectStatement).where, NOW)).toEqual({
      from: NOW - 5_400_000 + 1,
      to: NOW + 1,
    });
    expect(timeRange((b as SelectStatement).where, NOW)).toEqual({
      from: Date.UTC(2026, 11, 6),
      to: 1764979200000,
    });
    expect(c).toMatchObject({ kind: 'show tag values', keys: ['host', 'model'], measurement: 'm' });
  });

  it('refuses what it cannot answer, naming it', () => {
    const refused: [string, RegExp][] = [
      ['SELECT percentile(v, 95) FROM m', /percentile\(\) is not supported/],
      ['SELECT mean(v) * 2 FROM m', /arithmetic/],
      ['SELECT * FROM m', /SELECT \* is not supported/],
      ['SELECT v FROM m WHERE time > now() - 1h OR time < now()', /OR/],
      ['SELECT v FROM m WHERE "host" =~ /^(a+)+$/', /nests quantifiers/],
      ['SELECT v FROM m WHERE v > 3', /fields cannot be filtered/],
      ['DELETE FROM m', /only SELECT, SHOW and CREATE DATABASE/],
      ["SELECT v FROM m WHERE host = 'x", /unterminated string/],
    ];
    for (const [q, why] of refused) {
      let message = '';
      try {
        timeRange((parseInfluxQl(q, NOW)[0] as SelectStatement).where, NOW);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message, q).toMatch(why);
    }
  });
});
