import { describe, expect, it } from 'vitest';
import { parseLineProtocol } from './line-protocol.ts';

function fieldsOf(p: ReturnType<typeof parseLineProtocol>, line: number) {
  const out: Record<string, number> = {};
  const keys = p.rowKeys[line]!;
  keys.forEach((key, j) => (out[key] = p.fieldValue[p.fieldStart[line]! + j]!));
  return out;
}

describe('line protocol parser', () => {
  it('parses measurement, tags, typed fields and a nanosecond timestamp', () => {
    const p = parseLineProtocol(
      'chiller,asset=CH-001,site=Lyon temp=12.5,on=t,runs=42i,n=7u,off=False 1700000000123456789\n',
    );
    expect(p.errors).toEqual([]);
    expect(p.series).toEqual([{ measurement: 'chiller', tags: { asset: 'CH-001', site: 'Lyon' } }]);
    expect(p.ts[0]).toBe(1_700_000_000_123);
    expect(fieldsOf(p, 0)).toEqual({ temp: 12.5, on: 1, runs: 42, n: 7, off: 0 });
  });

  it('tells apart series keys whose texts hash alike', () => {
    // "Aa" and "BB" have the same 31-multiplier hash, as do the keys around them.
    const p = parseLineProtocol('m,asset=Aa v=1 1\nm,asset=BB v=2 2\nm,asset=Aa v=3 3', 'ms');
    expect(p.errors).toEqual([]);
    expect(p.series.map((k) => k.tags.asset)).toEqual(['Aa', 'BB', 'Aa']);
    expect(p.series[0]).toBe(p.series[2]);
  });

  it('carries field keys from one body to the next, as one shared array', () => {
    const a = parseLineProtocol('m,asset=a x=1,y=2 1', 'ms');
    const b = parseLineProtocol('m,asset=b x=3,y=4 2\nm,asset=c x=5,y=6 3', 'ms');
    expect(b.rowKeys[0]).toBe(a.rowKeys[0]);
    expect(b.rowKeys[1]).toBe(a.rowKeys[0]);
    expect(Array.from(b.fieldValue)).toEqual([3, 4, 5, 6]);
    const c = parseLineProtocol('m,asset=c x=7,z=8 4\nm,asset=c x=9 5', 'ms');
    expect(c.rowKeys).toEqual([['x', 'z'], ['x']]);
    expect(Array.from(c.fieldValue)).toEqual([7, 8, 9]);
    const d = parseLineProtocol('m,asset=d x=1 6', 'ms');
    expect(d.rowKeys[0]).toBe(c.rowKeys[1]);
  });

  it('reads UTF-8 names from the bytes, and quotes them whole in errors', () => {
    const body = Buffer.from(
      '制冷机组,asset=冷机-1,站点=南京 出水温度=7.25,功率=420.5 1700000000000\n' +
        '制冷机组,asset=冷机-1 出水温度=高 1700000060000',
    );
    const p = parseLineProtocol(body, 'ms');
    expect(p.series[0]).toEqual({
      measurement: '制冷机组',
      tags: { asset: '冷机-1', 站点: '南京' },
    });
    expect(fieldsOf(p, 0)).toEqual({ 出水温度: 7.25, 功率: 420.5 });
    expect(p.errors).toEqual([
      {
        line: 2,
        reason: {
          en: "field '出水温度': invalid value '高'",
          'zh-CN': '字段“出水温度”：无效的值“高”',
        },
      },
    ]);
  });

  it('unescapes commas, spaces and equals signs', () => {
    const p = parseLineProtocol(
      'my\\ meas\\,x,asset=a\\ b\\,c\\=d fi\\ eld\\=1=-1.5e3 1700000000\n',
      's',
    );
    expect(p.errors).toEqual([]);
    expect(p.series[0]).toEqual({ measurement: 'my meas,x', tags: { asset: 'a b,c=d' } });
    expect(fieldsOf(p, 0)).toEqual({ 'fi eld=1': -1500 });
    expect(p.ts[0]).toBe(1_700_000_000_000);
  });

  it('does not carry an escaped key over to an unescaped next line', () => {
    const p = parseLineProtocol(
      'm,asset=a a\\ b=1,c=2 1\nm,asset=a a b=1,c=2 2\nm,asset=a a\\ b=3,c=4 3',
      'ms',
    );
    expect(p.errors.map((e) => e.line)).toEqual([2]);
    expect(p.rowKeys.flat()).toEqual(['a b', 'c', 'a b', 'c']);
    expect(Array.from(p.fieldValue)).toEqual([1, 2, 3, 4]);
  });

  it('shares one key list between consecutive lines with the same fields', () => {
    const p = parseLineProtocol('m,asset=a x=1,y=2 1\nm,asset=b x=3,y=4 1\nm,asset=a x=5 2', 'ms');
    expect(p.rowKeys).toEqual([['x', 'y'], ['x', 'y'], ['x']]);
    expect(p.rowKeys[1]).toBe(p.rowKeys[0]);
    expect(Array.from(p.fieldValue)).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads whole bodies of the common line exactly: values as Number(), times, a bad line mid-body', () => {
    // The common line takes the in-place path (values and times written to their slots); a
    // line that fails after its time was written must not leave it behind.
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const lines: string[] = [];
    const want: number[][] = [];
    const times: number[] = [];
    for (let r = 0; r < 3000; r++) {
      const vals = [0, 1, 2].map(() => {
        const t = (rand() * 10 ** Math.floor(rand() * 6)).toFixed(Math.floor(rand() * 4));
        return rand() < 0.3 ? `-${t}` : t;
      });
      const ts = Math.floor(rand() * 4e12) - 2e12;
      lines.push(`m,asset=a${r % 7} x=${vals[0]},y=${vals[1]},z=${vals[2]} ${ts}`);
      want.push(vals.map(Number));
      times.push(ts);
      if (r === 1500) lines.push('m,asset=a x=1,y=2,z=3 12x');
    }
    const p = parseLineProtocol(lines.join('\n'), 'ms');
    expect(p.errors.map((e) => e.line)).toEqual([1502]);
    expect(p.rows).toBe(3000);
    for (let r = 0; r < 3000; r++) {
      expect(p.ts[r]).toBe(times[r]);
      for (let j = 0; j < 3; j++)
        expect(Object.is(p.fieldValue[p.fieldStart[r]! + j], want[r]![j])).toBe(true);
    }
    expect(parseLineProtocol('m,asset=a v=1 -1500000', 'ns').ts[0]).toBe(-2);
  });

  it('applies the precision and leaves a missing timestamp as NaN', () => {
    expect(parseLineProtocol('m,asset=a v=1 1700000000123456', 'us').ts[0]).toBe(1700000000123);
    expect(parseLineProtocol('m,asset=a v=1 1700000000123', 'ms').ts[0]).toBe(1700000000123);
    expect(parseLineProtocol('m,asset=a v=1', 'ms').ts[0]).toBeNaN();
  });

  it('skips comments and blank lines, keeping line numbers right', () => {
    const p = parseLineProtocol('# header\n\nm,asset=a v=1 1\r\n  \nm,asset=b v=2 2\n', 'ms');
    expect(Array.from(p.lineNo)).toEqual([3, 5]);
    expect(p.errors).toEqual([]);
  });

  it('names each bad line and the reason', () => {
    const body = [
      'm,asset=a v=1 1',
      'm,asset=a v="text" 2',
      'm,asset=a v=NaN 3',
      'm,asset=a v=+Inf 4',
      'm,asset=a v= 5',
      'm,asset=a v=1 12x',
      'm,asset=a',
      'm,asset=a v=1.2.3 8',
      'm,asset=a v=1 9',
      'junk',
    ].join('\n');
    const p = parseLineProtocol(body, 'ms');
    expect(p.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 10]);
    expect(p.errors[0]!.reason.en).toMatch(/string/);
    expect(p.errors[1]!.reason.en).toMatch(/NaN/);
    expect(p.errors[2]!.reason.en).toMatch(/Inf/);
    expect(Array.from(p.lineNo)).toEqual([1, 9]);
    expect(p.rowKeys.flat()).toEqual(['v', 'v']);
  });

  it('stops collecting errors at the limit on a junk body', () => {
    const junk = Array.from({ length: 1000 }, (_, i) => `\u0000\u00ff garbage ${i}`).join('\n');
    const p = parseLineProtocol(junk, 'ns', 20);
    expect(p.errors).toHaveLength(20);
  });

  // Cases where InfluxDB's reference decoder (models/points.go) and ours disagreed (issue 25).
  it('reads backslashes and quotes in names as InfluxDB does', () => {
    const p = parseLineProtocol(
      [
        'cpu,asset=a,host=two\\\\\\ words value=42 1',
        'cpu,asset=a,regions=east\\\\ value=1.0 2',
        'cpu,asset=a,reg\\\\=ion=east value=1.0 3',
        'cpu,asset=a,"host"="serverA" value=1.0 4',
        'c\\=pu\\ x,asset=a "v"=1 5',
      ].join('\n'),
      'ms',
    );
    expect(p.errors).toEqual([]);
    expect(p.series[0]!.tags.host).toBe('two\\\\ words');
    expect(p.series[1]!.tags.regions).toBe('east\\\\');
    expect(p.series[2]!.tags['reg\\\\']).toBe('ion=east');
    expect(p.series[3]!.tags['"host"']).toBe('"serverA"');
    expect(p.series[4]!.measurement).toBe('c\\=pu x');
    expect(p.rowKeys[4]).toEqual(['"v"']);
  });

  it('refuses what InfluxDB refuses: duplicate tags, int64 overflow, bad UTF-8, control characters', () => {
    const body = Buffer.concat([
      Buffer.from(
        [
          'cpu,asset=a,b=2,c=3,b=1 value=1i',
          'cpu,asset=a value=1 9223372036854775808',
          'cpu,asset=a value=1 9223372036854775806',
          'cpu,asset=a value=9223372036854775808i',
          'cpu,asset=a value=-9223372036854775808i',
          'cpu,asset=a value=18446744073709551616u',
          'cpu,asset=a value=1 9223372036855',
          'cp\u0001u,asset=a value=1',
          '',
        ].join('\n'),
      ),
      Buffer.from([0x63, 0x70, 0x75, 0x2c, 0x61, 0x3d, 0xff, 0x20, 0x76, 0x3d, 0x31]),
    ]);
    const ns = parseLineProtocol(body, 'ns');
    expect(ns.errors.map((e) => e.line)).toEqual([1, 2, 4, 6, 8, 9]);
    expect(ns.errors[0]!.reason.en).toMatch(/tag 'b' is given twice/);
    expect(ns.errors[1]!.reason.en).toMatch(/int64 nanoseconds/);
    expect(ns.errors[2]!.reason.en).toMatch(/outside int64/);
    expect(ns.errors[3]!.reason.en).toMatch(/outside uint64/);
    expect(ns.errors[4]!.reason.en).toMatch(/control character/);
    expect(ns.errors[5]!.reason.en).toMatch(/UTF-8/);
    // In ms, 9223372036855 ms is past int64 nanoseconds too.
    const ms = parseLineProtocol('cpu,asset=a value=1 9223372036855', 'ms');
    expect(ms.errors[0]!.reason.en).toMatch(/int64 nanoseconds/);
  });

  it('skips and counts string fields with dropStrings, keeping the numeric ones', () => {
    const limits = { maxFields: 1000, maxKeyLength: 200, dropStrings: true };
    const p = parseLineProtocol(
      'sys,asset=a up=5i,uptime_format="0 days, 1:02",load=0.5 1\nsys,asset=a note="only text" 2\nsys,asset=a up=6i,uptime_format="x",load=0.25 3\nsys,asset=a s="open',
      'ms',
      20,
      limits,
    );
    expect(p.rowKeys).toEqual([
      ['up', 'load'],
      ['up', 'load'],
    ]);
    expect(Array.from(p.fieldValue)).toEqual([5, 0.5, 6, 0.25]);
    expect(p.droppedStrings).toBe(3);
    expect(p.droppedStringKey).toBe('uptime_format');
    expect(p.errors.map((e) => ({ line: e.line, reason: e.reason.en }))).toEqual([
      { line: 4, reason: `field 's': the string has no closing '"'` },
    ]);
  });
});
