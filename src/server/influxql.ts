// The part of InfluxQL (docs.influxdata.com/influxdb/v1/query_language/spec) that Telegraf,
// node-influx and Grafana's InfluxDB data source send: SELECT of aggregates or raw fields with
// WHERE time ranges (`now() - 1h`, RFC 3339 strings, epoch integers with a unit) and tag
// conditions (=, !=, =~, !~, AND, OR, parentheses), GROUP BY time(…) and tags, fill(…), LIMIT;
// SHOW DATABASES / MEASUREMENTS / FIELD KEYS / TAG KEYS / TAG VALUES / RETENTION POLICIES;
// CREATE DATABASE. Pure: text in, statements out; anything else is refused naming what.
import { RongheError } from '../kernel/index.ts';

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

export type Cond =
  | { kind: 'and' | 'or'; left: Cond; right: Cond }
  | { kind: 'time'; op: '>' | '>=' | '<' | '<=' | '='; ms: number }
  | { kind: 'tag'; key: string; op: '=' | '!='; value: string }
  | { kind: 'regex'; key: string; op: '=~' | '!~'; re: RegExp };

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

type Tok =
  | { t: 'id'; v: string; quoted: boolean }
  | { t: 'str'; v: string }
  | { t: 'num'; v: string }
  | { t: 'dur'; ms: number }
  | { t: 're'; v: RegExp }
  | { t: 'op'; v: string };

const DURATION: Record<string, number> = {
  ns: 1e-6,
  u: 1e-3,
  µ: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const bad = (reason: string): never => {
  throw new RongheError(
    'RONGHE_VALIDATION',
    { en: `q: ${reason}`, 'zh-CN': `q（InfluxQL 查询）有误：${reason}` },
    [{ field: 'q', reason }],
  );
};

function quoted(src: string, i: number, q: string): [string, number] {
  let out = '';
  let j = i + 1;
  for (; j < src.length && src[j] !== q; j++) {
    if (src[j] === '\\' && j + 1 < src.length) j++;
    out += src[j];
  }
  if (j >= src.length) bad(`unterminated ${q === "'" ? 'string' : 'identifier'} at ${i + 1}`);
  return [out, j + 1];
}

/** After these tokens a `/` starts a regular expression, not a division. */
const regexAfter = new Set(['=~', '!~', 'FROM', 'BY', ',', '(']);

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const prev = out[out.length - 1];
    const prevText = prev?.t === 'op' ? prev.v : prev?.t === 'id' ? prev.v.toUpperCase() : '';
    if (c === '/' && regexAfter.has(prevText)) {
      let j = i + 1;
      let body = '';
      for (; j < src.length && src[j] !== '/'; j++) {
        if (src[j] === '\\' && src[j + 1] === '/') j++;
        body += src[j];
      }
      if (j >= src.length) bad(`unterminated regular expression at ${i + 1}`);
      if (body.length > 500) bad('regular expression longer than 500 characters');
      // Tag values are matched on the event loop: a quantified group holding a quantifier
      // (`(a+)+`) can backtrack exponentially, so it is refused.
      if (/\([^()]*[*+}][^()]*\)[*+{]/.test(body)) {
        bad(`regular expression /${body}/ nests quantifiers (e.g. (a+)+); simplify it`);
      }
      try {
        out.push({ t: 're', v: new RegExp(body) });
      } catch {
        bad(`invalid regular expression /${body}/`);
      }
      i = j + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      const [v, j] = quoted(src, i, c);
      out.push(c === '"' ? { t: 'id', v, quoted: true } : { t: 'str', v });
      i = j;
      continue;
    }
    const num = /^(\d+(?:\.\d+)?)(ns|ms|u|µ|s|m|h|d|w)?(?![\w])/.exec(src.slice(i));
    if (num) {
      const unit = num[2];
      out.push(
        unit ? { t: 'dur', ms: Number(num[1]) * DURATION[unit]! } : { t: 'num', v: num[1]! },
      );
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_\u0080-\uffff][\w\u0080-\uffff.]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0], quoted: false });
      i += id[0].length;
      continue;
    }
    const op = /^(::|=~|!~|!=|<>|<=|>=|[=<>(),;*+\-.])/.exec(src.slice(i));
    if (!op) bad(`unexpected '${c}' at ${i + 1}`);
    out.push({ t: 'op', v: op![0] === '<>' ? '!=' : op![0] });
    i += op![0].length;
  }
  return out;
}

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

  private expect(what: string, ok: boolean): void {
    if (!ok) bad(`expected ${what} ${this.where()}`);
  }

  private where(): string {
    const t = this.peek();
    if (!t) return 'at the end';
    const text = t.t === 're' ? String(t.v) : t.t === 'dur' ? `${t.ms}ms` : t.v;
    return `at '${text}'`;
  }

  private ident(what: string): string {
    const t = this.peek();
    if (t?.t !== 'id') return bad(`expected ${what} ${this.where()}`);
    this.i++;
    // A `::field` / `::tag` type hint (Grafana adds them) changes nothing here.
    if (this.op('::')) this.ident('a type after ::');
    return t.v;
  }

  /** `"db"."rp"."m"`, `rp.m` or `m`: the measurement is the last part; /regex/ means all. */
  private measurement(): string {
    const t = this.peek();
    if (t?.t === 're') {
      this.i++;
      return '';
    }
    let name = this.ident('a measurement');
    while (this.op('.')) name = this.ident('a measurement');
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
      const name = this.ident('a database name');
      // WITH DURATION … and other options: accepted and ignored, like the database itself.
      this.skipRest();
      return { kind: 'create database', name };
    }
    return bad(`only SELECT, SHOW and CREATE DATABASE are answered ${this.where()}`);
  }

  private show(): Statement {
    if (this.kw('DATABASES')) return { kind: 'show', what: 'databases' };
    if (this.kw('RETENTION')) {
      this.expect('POLICIES', this.kw('POLICIES'));
      if (this.kw('ON')) this.ident('a database');
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
      if (!fieldKeys && !values) this.expect('KEYS or VALUES', this.kw('KEYS'));
      if (this.kw('ON')) this.ident('a database');
      const measurement = this.kw('FROM') ? this.measurement() : undefined;
      const m = measurement !== undefined ? { measurement } : {};
      if (!values) return { kind: 'show', what: fieldKeys ? 'field keys' : 'tag keys', ...m };
      this.expect('WITH KEY', this.kw('WITH') && this.kw('KEY'));
      const keys: string[] = [];
      if (this.op('=')) keys.push(this.ident('a tag key'));
      else if (this.kw('IN')) {
        this.expect("'('", this.op('('));
        do keys.push(this.ident('a tag key'));
        while (this.op(','));
        this.expect("')'", this.op(')'));
      } else if (this.op('=~')) {
        const t = this.peek();
        this.i++;
        if (t?.t !== 're') bad('expected a regular expression after =~');
        keys.push('asset'); // one tag key names the asset: the rest are its aliases
      } else bad(`expected = or IN after WITH KEY ${this.where()}`);
      const where = this.kw('WHERE') ? this.cond() : undefined;
      this.skipLimit();
      return { kind: 'show tag values', keys, ...m, ...(where ? { where } : {}) };
    }
    return bad(`SHOW ${this.where()} is not answered`);
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
      else if (this.kw('SLIMIT') || this.kw('OFFSET') || this.kw('SOFFSET')) this.count('it');
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
      bad('mixing aggregate and raw fields in one SELECT is not supported');
    }
    if (s.groupByTime !== undefined && !fields.every((f) => f.fn)) {
      bad('GROUP BY time(…) needs an aggregate function such as mean(…)');
    }
    return s;
  }

  private count(what: string): number {
    const t = this.peek();
    if (t?.t !== 'num') return bad(`expected a number after ${what}`);
    this.i++;
    return Number(t.v);
  }

  private field(): FieldSelect {
    const t = this.peek();
    let f: FieldSelect;
    if (t?.t === 'id' && !t.quoted && this.isOp('(', this.i + 1)) {
      const name = t.v.toLowerCase();
      if (!(AGGREGATES as readonly string[]).includes(name)) {
        bad(`function ${t.v}() is not supported (supported: ${AGGREGATES.join(', ')})`);
      }
      this.i += 2;
      const field = this.ident('a field key');
      this.expect("')'", this.op(')'));
      f = { fn: name as Aggregate, field, column: name };
    } else {
      if (t?.t === 'op' && t.v === '*') bad('SELECT * is not supported; name the fields');
      const field = this.ident('a field');
      f = { field, column: field };
    }
    const next = this.peek();
    if (next?.t === 'op' && /^[+\-*/]$/.test(next.v)) bad('arithmetic in SELECT is not supported');
    if (this.kw('AS')) f.column = this.ident('an alias');
    return f;
  }

  private groupKey(s: SelectStatement): void {
    if (this.kw('TIME')) {
      this.expect("'('", this.op('('));
      const d = this.peek();
      if (d?.t !== 'dur') bad(`expected a duration in time(…) ${this.where()}`);
      this.i++;
      const ms = (d as { ms: number }).ms;
      if (!(ms >= 1)) bad('GROUP BY time(…) must be at least 1ms');
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
    s.groupByTags.push(this.ident('a tag key'));
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
    } else bad('fill(…) takes null, none, previous or a number (linear is not supported)');
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
    const key = this.ident('a tag key or time');
    const t = this.peek();
    if (t?.t !== 'op') return bad(`expected a comparison after '${key}'`);
    this.i++;
    if (key.toLowerCase() === 'time' && ['>', '>=', '<', '<=', '='].includes(t.v)) {
      return { kind: 'time', op: t.v as '>', ms: this.timeExpr() };
    }
    if (t.v === '=~' || t.v === '!~') {
      const r = this.peek();
      if (r?.t !== 're') bad(`expected a regular expression after ${t.v}`);
      this.i++;
      return { kind: 'regex', key, op: t.v, re: (r as { v: RegExp }).v };
    }
    if (t.v === '=' || t.v === '!=') {
      const v = this.peek();
      if (v?.t !== 'str' && v?.t !== 'num')
        bad(`expected a quoted tag value after '${key}' ${t.v}`);
      this.i++;
      return { kind: 'tag', key, op: t.v, value: (v as { v: string }).v };
    }
    return bad(`comparison ${t.v} on '${key}' is not supported (fields cannot be filtered)`);
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
      if (!Number.isFinite(base)) bad(`'${t.v}' is not an RFC 3339 time`);
    } else if (t?.t === 'dur') base = t.ms;
    else if (t?.t === 'num') base = Number(t.v) / 1e6;
    else return bad(`expected a time ${this.where()}`);
    for (;;) {
      const sign = this.op('+') ? 1 : this.op('-') ? -1 : 0;
      if (sign === 0) return base;
      const d = this.peek();
      if (d?.t !== 'dur') bad(`expected a duration after ${sign > 0 ? '+' : '-'}`);
      this.i++;
      base += sign * (d as { ms: number }).ms;
    }
  }

  endStatement(): void {
    if (this.done()) return;
    if (!this.op(';')) bad(`unexpected ${this.where()}`);
  }
}

/** Parses `q` (statements separated by `;`); `now` is what now() means, in epoch ms. */
export function parseInfluxQl(q: string, now: number): Statement[] {
  if (q.length > 100_000) bad('longer than 100,000 characters');
  const p = new Parser(tokenize(q), now);
  const out: Statement[] = [];
  while (!p.done()) {
    out.push(p.statement());
    p.endStatement();
  }
  if (out.length === 0) bad('is empty');
  return out;
}

/** The time range a condition implies: [from, to) in epoch ms; times under OR are refused. */
export function timeRange(c: Cond | undefined, now: number): { from: number; to: number } {
  let from = -Infinity;
  let to = Infinity;
  const walk = (n: Cond, underOr: boolean): void => {
    switch (n.kind) {
      case 'and':
      case 'or':
        walk(n.left, underOr || n.kind === 'or');
        walk(n.right, underOr || n.kind === 'or');
        return;
      case 'time': {
        if (underOr) bad('time conditions joined by OR are not supported');
        const ms = Math.floor(n.ms);
        if (n.op === '>' || n.op === '>=' || n.op === '=') {
          from = Math.max(from, n.op === '>' ? ms + 1 : ms);
        }
        if (n.op === '<' || n.op === '<=' || n.op === '=') {
          to = Math.min(to, n.op === '<' ? ms : ms + 1);
        }
        return;
      }
      case 'tag':
      case 'regex':
        return;
    }
  };
  if (c) walk(c, false);
  return { from, to: to === Infinity ? now + 1 : to };
}

/** Whether tags satisfy the condition's tag parts (time parts count as true). */
export function matchesTags(
  c: Cond | undefined,
  tag: (key: string) => string | undefined,
): boolean {
  if (!c) return true;
  switch (c.kind) {
    case 'and':
      return matchesTags(c.left, tag) && matchesTags(c.right, tag);
    case 'or':
      return matchesTags(c.left, tag) || matchesTags(c.right, tag);
    case 'time':
      return true;
    case 'tag': {
      const v = tag(c.key) ?? '';
      return c.op === '=' ? v === c.value : v !== c.value;
    }
    case 'regex': {
      const hit = c.re.test(tag(c.key) ?? '');
      return c.op === '=~' ? hit : !hit;
    }
  }
}
