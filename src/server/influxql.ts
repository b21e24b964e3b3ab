// The part of InfluxQL (docs.influxdata.com/influxdb/v1/query_language/spec) that Telegraf,
// node-influx and Grafana's InfluxDB data source send: SELECT of aggregates or raw fields with
// WHERE time ranges (`now() - 1h`, RFC 3339 strings, epoch integers with a unit) and tag
// conditions (=, !=, =~, !~, AND, OR, parentheses), GROUP BY time(…) and tags, fill(…), LIMIT;
// SHOW DATABASES / MEASUREMENTS / FIELD KEYS / TAG KEYS / TAG VALUES / RETENTION POLICIES;
// CREATE DATABASE. Pure: text in, statements out; anything else is refused naming what.
import type { Localized } from '../kernel/index.ts';
import type { Cond } from './influxql-conditions.ts';
import { bad, tokenize, type Tok } from './influxql-tokenize.ts';

export { matchesTags, timeRange, type Cond } from './influxql-conditions.ts';

export const AGGREGATES = [
  'mean',
  'min',
  'max',
  'last',
  'first',
  'count',
  'sum',
  'spread',
] as const;
export type Aggregate = (typeof AGGREGATES)[number];

export interface FieldSelect {
  /** Undefined: the raw values of the field. */
  fn?: Aggregate;
  field: string;
  /** Column name in the answer (`AS` alias, else the function or field name). */
  column: string;
}

export type Fill = { kind: 'null' | 'none' | 'previous' } | { kind: 'value'; value: number };

export interface SelectStatement {
  kind: 'select';
  fields: FieldSelect[];
  measurement: string;
  where?: Cond;
  groupByTime?: number;
  groupByTags: string[];
  fill: Fill;
  limit?: number;
  desc: boolean;
}

export type ShowKind =
  'databases' | 'measurements' | 'field keys' | 'tag keys' | 'retention policies';

export type Statement =
  | SelectStatement
  | { kind: 'show'; what: ShowKind; measurement?: string }
  | { kind: 'show tag values'; measurement?: string; keys: string[]; where?: Cond }
  | { kind: 'create database'; name: string };

/** A keyword or token reads the same in both languages; a description is given in each. */
type Text = string | Localized;
const both = (t: Text): Localized => (typeof t === 'string' ? { en: t, 'zh-CN': ` ${t}` } : t);
const MEASUREMENT: Localized = { en: 'a measurement', 'zh-CN': '测量名（measurement）' };
const DATABASE: Localized = { en: 'a database', 'zh-CN': '数据库名' };
const TAG_KEY: Localized = { en: 'a tag key', 'zh-CN': '标签名' };

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly now: number,
  ) {}

  done(): boolean {
    return this.i >= this.toks.length;
  }

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }

  /** The next token is the keyword (case-insensitive, unquoted); consumed when it is. */
  private kw(word: string): boolean {
    const t = this.peek();
    if (t?.t === 'id' && !t.quoted && t.v.toUpperCase() === word) {
      this.i++;
      return true;
    }
    return false;
  }

  private isOp(v: string, at = this.i): boolean {
    const t = this.toks[at];
    return t?.t === 'op' && t.v === v;
  }

  private op(v: string): boolean {
    if (!this.isOp(v)) return false;
    this.i++;
    return true;
  }

  /** Skips to the end of the statement (options read and ignored). */
  private skipRest(): void {
    while (!this.done() && !this.isOp(';')) this.i++;
  }

  private expect(what: Text, ok: boolean): void {
    if (!ok) this.expected(what);
  }

  /** `expected <what> at '<token>'`: the refusal most of the grammar gives. */
  private expected(what: Text): never {
    const w = both(what);
    const at = this.where();
    return bad({ en: `expected ${w.en} ${at.en}`, 'zh-CN': `${at['zh-CN']}应为${w['zh-CN']}` });
  }

  private where(): Localized {
    const t = this.peek();
    if (!t) return { en: 'at the end', 'zh-CN': '在语句末尾' };
    const text = t.t === 're' ? String(t.v) : t.t === 'dur' ? `${t.ms}ms` : t.v;
    return { en: `at '${text}'`, 'zh-CN': `在“${text}”处` };
  }

  private ident(what: Text): string {
    const t = this.peek();
    if (t?.t !== 'id') return this.expected(what);
    this.i++;
    // A `::field` / `::tag` type hint (Grafana adds them) changes nothing here.
    if (this.op('::')) this.ident({ en: 'a type after ::', 'zh-CN': ' :: 之后的类型' });
    return t.v;
  }

  /** `"db"."rp"."m"`, `rp.m` or `m`: the measurement is the last part; /regex/ means all. */
  private measurement(): string {
    const t = this.peek();
    if (t?.t === 're') {
      this.i++;
      return '';
    }
    let name = this.ident(MEASUREMENT);
    while (this.op('.')) name = this.ident(MEASUREMENT);
    // Unquoted `db.rp.m` arrives as one identifier.
    const t0 = this.toks[this.i - 1];
    if (t0?.t === 'id' && !t0.quoted && name.includes('.')) name = name.split('.').pop()!;
    return name;
  }

  statement(): Statement {
    if (this.kw('SELECT')) return this.select();
    if (this.kw('SHOW')) return this.show();
    if (this.kw('CREATE')) {
      this.expect('DATABASE', this.kw('DATABASE'));
      const name = this.ident({ en: 'a database name', 'zh-CN': '数据库名' });
      // WITH DURATION … and other options: accepted and ignored, like the database itself.
      this.skipRest();
      return { kind: 'create database', name };
    }
    const at = this.where();
    return bad({
      en: `only SELECT, SHOW and CREATE DATABASE are answered ${at.en}`,
      'zh-CN': `${at['zh-CN']}：只支持 SELECT、SHOW 和 CREATE DATABASE 语句`,
    });
  }

  private show(): Statement {
    if (this.kw('DATABASES')) return { kind: 'show', what: 'databases' };
    if (this.kw('RETENTION')) {
      this.expect('POLICIES', this.kw('POLICIES'));
      if (this.kw('ON')) this.ident(DATABASE);
      return { kind: 'show', what: 'retention policies' };
    }
    if (this.kw('MEASUREMENTS')) {
      // ON db, WITH MEASUREMENT =~ /…/, LIMIT n: read and ignored (all are listed).
      this.skipRest();
      return { kind: 'show', what: 'measurements' };
    }
    const fieldKeys = this.kw('FIELD');
    if (fieldKeys || this.kw('TAG')) {
      if (fieldKeys) this.expect('KEYS', this.kw('KEYS'));
      const values = !fieldKeys && this.kw('VALUES');
      if (!fieldKeys && !values)
        this.expect({ en: 'KEYS or VALUES', 'zh-CN': ' KEYS 或 VALUES' }, this.kw('KEYS'));
      if (this.kw('ON')) this.ident(DATABASE);
      const measurement = this.kw('FROM') ? this.measurement() : undefined;
      const m = measurement !== undefined ? { measurement } : {};
      if (!values) return { kind: 'show', what: fieldKeys ? 'field keys' : 'tag keys', ...m };
      this.expect('WITH KEY', this.kw('WITH') && this.kw('KEY'));
      const keys: string[] = [];
      if (this.op('=')) keys.push(this.ident(TAG_KEY));
      else if (this.kw('IN')) {
        this.expect("'('", this.op('('));
        do keys.push(this.ident(TAG_KEY));
        while (this.op(','));
        this.expect("')'", this.op(')'));
      } else if (this.op('=~')) {
        const t = this.peek();
        this.i++;
        if (t?.t !== 're')
          bad({ en: 'expected a regular expression after =~', 'zh-CN': '=~ 之后应为正则表达式' });
        keys.push('asset'); // one tag key names the asset: the rest are its aliases
      } else this.expected({ en: '= or IN after WITH KEY', 'zh-CN': ' WITH KEY 之后的 = 或 IN' });
      const where = this.kw('WHERE') ? this.cond() : undefined;
      this.skipLimit();
      return { kind: 'show tag values', keys, ...m, ...(where ? { where } : {}) };
    }
    const at = this.where();
    return bad({
      en: `SHOW ${at.en} is not answered`,
      'zh-CN': `不支持此 SHOW 语句（${at['zh-CN']}）`,
    });
  }

  private skipLimit(): void {
    while (this.kw('LIMIT') || this.kw('OFFSET')) this.i++;
  }

  private select(): SelectStatement {
    const fields: FieldSelect[] = [];
    do fields.push(this.field());
    while (this.op(','));
    this.expect('FROM', this.kw('FROM'));
    const measurement = this.measurement();
    const s: SelectStatement = {
      kind: 'select',
      fields,
      measurement,
      groupByTags: [],
      fill: { kind: 'null' },
      desc: false,
    };
    if (this.kw('WHERE')) s.where = this.cond();
    if (this.kw('GROUP')) {
      this.expect('BY', this.kw('BY'));
      do this.groupKey(s);
      while (this.op(','));
    }
    for (;;) {
      if (this.kw('FILL')) s.fill = this.fill();
      else if (this.kw('ORDER')) {
        this.expect('BY time', this.kw('BY') && this.kw('TIME'));
        s.desc = this.kw('DESC');
        if (!s.desc) this.kw('ASC');
      } else if (this.kw('LIMIT')) s.limit = this.count('LIMIT');
      else if (this.kw('SLIMIT') || this.kw('OFFSET') || this.kw('SOFFSET'))
        this.count(String((this.toks[this.i - 1] as { v: string }).v).toUpperCase());
      else if (this.kw('TZ')) {
        this.expect("'('", this.op('('));
        this.i++;
        this.expect("')'", this.op(')'));
      } else break;
    }
    const counts = new Map<string, number>();
    for (const f of fields) {
      const n = counts.get(f.column) ?? 0;
      counts.set(f.column, n + 1);
      if (n > 0) f.column = `${f.column}_${n}`;
    }
    if (fields.some((f) => f.fn) && fields.some((f) => !f.fn)) {
      bad({
        en: 'mixing aggregate and raw fields in one SELECT is not supported',
        'zh-CN': '不支持在同一 SELECT 中混用聚合函数和原始字段',
      });
    }
    if (s.groupByTime !== undefined && !fields.every((f) => f.fn)) {
      bad({
        en: 'GROUP BY time(…) needs an aggregate function such as mean(…)',
        'zh-CN': 'GROUP BY time(…) 需要聚合函数，如 mean(…)',
      });
    }
    return s;
  }

  private count(what: string): number {
    const t = this.peek();
    if (t?.t !== 'num')
      return bad({ en: `expected a number after ${what}`, 'zh-CN': `${what} 之后应为数字` });
    this.i++;
    return Number(t.v);
  }

  private field(): FieldSelect {
    const t = this.peek();
    let f: FieldSelect;
    if (t?.t === 'id' && !t.quoted && this.isOp('(', this.i + 1)) {
      const name = t.v.toLowerCase();
      if (!(AGGREGATES as readonly string[]).includes(name)) {
        bad({
          en: `function ${t.v}() is not supported (supported: ${AGGREGATES.join(', ')})`,
          'zh-CN': `不支持函数 ${t.v}()（支持：${AGGREGATES.join('、')}）`,
        });
      }
      this.i += 2;
      const field = this.ident({ en: 'a field key', 'zh-CN': '字段名' });
      this.expect("')'", this.op(')'));
      f = { fn: name as Aggregate, field, column: name };
    } else {
      if (t?.t === 'op' && t.v === '*')
        bad({
          en: 'SELECT * is not supported; name the fields',
          'zh-CN': '不支持 SELECT *，请写明字段名',
        });
      const field = this.ident({ en: 'a field', 'zh-CN': '字段' });
      f = { field, column: field };
    }
    const next = this.peek();
    if (next?.t === 'op' && /^[+\-*/]$/.test(next.v))
      bad({ en: 'arithmetic in SELECT is not supported', 'zh-CN': '不支持在 SELECT 中做算术运算' });
    if (this.kw('AS')) f.column = this.ident({ en: 'an alias', 'zh-CN': '别名' });
    return f;
  }

  private groupKey(s: SelectStatement): void {
    if (this.kw('TIME')) {
      this.expect("'('", this.op('('));
      const d = this.peek();
      if (d?.t !== 'dur')
        this.expected({ en: 'a duration in time(…)', 'zh-CN': ' time(…) 中的时长' });
      this.i++;
      const ms = (d as { ms: number }).ms;
      if (!(ms >= 1))
        bad({
          en: 'GROUP BY time(…) must be at least 1ms',
          'zh-CN': 'GROUP BY time(…) 至少为 1ms',
        });
      s.groupByTime = ms;
      if (this.op(',')) {
        this.i++; // an offset: buckets stay aligned to the epoch
      }
      this.expect("')'", this.op(')'));
      return;
    }
    if (this.op('*')) {
      s.groupByTags.push('*');
      return;
    }
    if (this.peek()?.t === 're') {
      this.i++;
      s.groupByTags.push('*');
      return;
    }
    s.groupByTags.push(this.ident(TAG_KEY));
  }

  private fill(): Fill {
    this.expect("'('", this.op('('));
    const t = this.peek();
    this.i++;
    let f: Fill | undefined;
    if (t?.t === 'id' && ['null', 'none', 'previous'].includes(t.v.toLowerCase())) {
      f = { kind: t.v.toLowerCase() as 'null' | 'none' | 'previous' };
    } else if (t?.t === 'num') f = { kind: 'value', value: Number(t.v) };
    else if (t?.t === 'op' && t.v === '-' && this.peek()?.t === 'num') {
      f = { kind: 'value', value: -Number((this.peek() as { v: string }).v) };
      this.i++;
    } else
      bad({
        en: 'fill(…) takes null, none, previous or a number (linear is not supported)',
        'zh-CN': 'fill(…) 只接受 null、none、previous 或数字（不支持 linear）',
      });
    this.expect("')'", this.op(')'));
    return f!;
  }

  private cond(): Cond {
    let left = this.condAnd();
    while (this.kw('OR')) left = { kind: 'or', left, right: this.condAnd() };
    return left;
  }

  private condAnd(): Cond {
    let left = this.condAtom();
    while (this.kw('AND')) left = { kind: 'and', left, right: this.condAtom() };
    return left;
  }

  private condAtom(): Cond {
    if (this.op('(')) {
      const c = this.cond();
      this.expect("')'", this.op(')'));
      return c;
    }
    const key = this.ident({ en: 'a tag key or time', 'zh-CN': '标签名或 time' });
    const t = this.peek();
    if (t?.t !== 'op')
      return bad({
        en: `expected a comparison after '${key}'`,
        'zh-CN': `“${key}”之后应为比较运算符`,
      });
    this.i++;
    if (key.toLowerCase() === 'time' && ['>', '>=', '<', '<=', '='].includes(t.v)) {
      return { kind: 'time', op: t.v as '>', ms: this.timeExpr() };
    }
    if (t.v === '=~' || t.v === '!~') {
      const r = this.peek();
      if (r?.t !== 're')
        bad({
          en: `expected a regular expression after ${t.v}`,
          'zh-CN': `${t.v} 之后应为正则表达式`,
        });
      this.i++;
      return { kind: 'regex', key, op: t.v, re: (r as { v: RegExp }).v };
    }
    if (t.v === '=' || t.v === '!=') {
      const v = this.peek();
      if (v?.t !== 'str' && v?.t !== 'num')
        bad({
          en: `expected a quoted tag value after '${key}' ${t.v}`,
          'zh-CN': `“${key}” ${t.v} 之后应为带引号的标签值`,
        });
      this.i++;
      return { kind: 'tag', key, op: t.v, value: (v as { v: string }).v };
    }
    return bad({
      en: `comparison ${t.v} on '${key}' is not supported (fields cannot be filtered)`,
      'zh-CN': `不支持对“${key}”做 ${t.v} 比较（不能按字段值过滤）`,
    });
  }

  /** now() [± duration], an RFC 3339 string, or an integer with a unit (bare: nanoseconds). */
  private timeExpr(): number {
    let base: number;
    const t = this.peek();
    this.i++;
    if (t?.t === 'id' && t.v.toLowerCase() === 'now') {
      this.expect('now()', this.op('(') && this.op(')'));
      base = this.now;
    } else if (t?.t === 'str') {
      base = Date.parse(t.v);
      if (!Number.isFinite(base))
        bad({ en: `'${t.v}' is not an RFC 3339 time`, 'zh-CN': `“${t.v}”不是 RFC 3339 时间` });
    } else if (t?.t === 'dur') base = t.ms;
    else if (t?.t === 'num') base = Number(t.v) / 1e6;
    else return this.expected({ en: 'a time', 'zh-CN': '时间' });
    for (;;) {
      const sign = this.op('+') ? 1 : this.op('-') ? -1 : 0;
      if (sign === 0) return base;
      const d = this.peek();
      if (d?.t !== 'dur')
        bad({
          en: `expected a duration after ${sign > 0 ? '+' : '-'}`,
          'zh-CN': `${sign > 0 ? '+' : '-'} 之后应为时长`,
        });
      this.i++;
      base += sign * (d as { ms: number }).ms;
    }
  }

  endStatement(): void {
    if (this.done()) return;
    if (!this.op(';')) {
      const at = this.where();
      bad({ en: `unexpected ${at.en}`, 'zh-CN': `${at['zh-CN']}有多余内容` });
    }
  }
}

/** Parses `q` (statements separated by `;`); `now` is what now() means, in epoch ms. */
export function parseInfluxQl(q: string, now: number): Statement[] {
  if (q.length > 100_000)
    bad({ en: 'longer than 100,000 characters', 'zh-CN': '超过 100,000 个字符' });
  const p = new Parser(tokenize(q), now);
  const out: Statement[] = [];
  while (!p.done()) {
    out.push(p.statement());
    p.endStatement();
  }
  if (out.length === 0) bad({ en: 'is empty', 'zh-CN': '查询为空' });
  return out;
}
