// InfluxDB 1.x line protocol parser (docs.influxdata.com/influxdb/v1/write_protocols/
// line_protocol_reference): `measurement[,tag=v...] field=v[,field=v...] [timestamp]`.
// Escapes: `\,` and `\ ` in measurements; `\,` `\=` `\ ` in tag keys, tag values and field keys;
// `\"` and `\\` inside quoted string fields. Floats, integers (`i`), unsigned (`u`) and booleans
// (t/T/true/True/TRUE, f/F/false/False/FALSE) become float channels (booleans 1/0); string fields
// are rejected with the reason, because channels are numeric. Lines starting with `#` and blank
// lines are skipped. Hand-written scanner over char codes: this is the ingest hot path.

export type Precision = 'ns' | 'us' | 'ms' | 's';

export interface LineError {
  line: number;
  reason: string;
}

/** Parsed body, columnar: line i has fields fieldKey/fieldValue[fieldStart[i] .. fieldStart[i+1]). */
export interface ParsedLines {
  measurement: string[];
  tags: Record<string, string>[];
  /** Epoch ms, or NaN when the line had no timestamp (the server's clock is used). */
  ts: number[];
  /** 1-based line number of each parsed line, for error messages later in the pipeline. */
  lineNo: number[];
  fieldStart: number[];
  fieldKey: string[];
  fieldValue: number[];
  errors: LineError[];
}

const COMMA = 44;
const SPACE = 32;
const EQ = 61;
const BSLASH = 92;
const QUOTE = 34;
const NL = 10;
const CR = 13;
const TAB = 9;
const HASH = 35;

class LineFail extends Error {}
const fail = (reason: string): never => {
  throw new LineFail(reason);
};

// Divisors from the precision to milliseconds (sub-millisecond digits are truncated: the engine
// stores epoch milliseconds).
const dropDigits: Record<Precision, number> = { ns: 6, us: 3, ms: 0, s: -3 };

export function parseLineProtocol(
  body: string,
  precision: Precision = 'ns',
  maxErrors = 20,
): ParsedLines {
  const out: ParsedLines = {
    measurement: [],
    tags: [],
    ts: [],
    lineNo: [],
    fieldStart: [0],
    fieldKey: [],
    fieldValue: [],
    errors: [],
  };
  const p = new Scanner(body, precision, out);
  let lineNo = 0;
  let pos = 0;
  const n = body.length;
  while (pos < n && out.errors.length < maxErrors) {
    lineNo++;
    let end = body.indexOf('\n', pos);
    if (end < 0) end = n;
    let stop = end;
    while (stop > pos && isBlank(body.charCodeAt(stop - 1))) stop--;
    let start = pos;
    while (start < stop && isBlank(body.charCodeAt(start))) start++;
    pos = end + 1;
    if (start === stop || body.charCodeAt(start) === HASH) continue;
    p.parseLine(start, stop, lineNo);
  }
  return out;
}

const isBlank = (c: number) => c === SPACE || c === TAB || c === CR || c === NL;

class Scanner {
  private i = 0;
  private end = 0;

  constructor(
    private readonly s: string,
    private readonly precision: Precision,
    private readonly out: ParsedLines,
  ) {}

  parseLine(start: number, end: number, lineNo: number): void {
    const out = this.out;
    const fieldMark = out.fieldKey.length;
    this.i = start;
    this.end = end;
    try {
      const measurement = this.token(true, 'measurement');
      if (measurement === '') fail('missing measurement');
      const tags: Record<string, string> = {};
      while (this.peek() === COMMA) {
        this.i++;
        const k = this.token(false, 'tag key');
        if (this.peek() !== EQ) fail(`tag '${k}' has no '=value'`);
        this.i++;
        const v = this.token(true, 'tag value');
        if (k === '' || v === '') fail('empty tag key or value');
        tags[k] = v;
      }
      if (this.peek() !== SPACE) fail('expected a space before the fields');
      this.skipSpaces();
      this.fields();
      let ts = NaN;
      if (this.i < this.end) {
        if (this.peek() !== SPACE) fail('expected a space before the timestamp');
        this.skipSpaces();
        ts = this.timestamp();
      }
      out.measurement.push(measurement);
      out.tags.push(tags);
      out.ts.push(ts);
      out.lineNo.push(lineNo);
      out.fieldStart.push(out.fieldKey.length);
    } catch (e) {
      if (!(e instanceof LineFail)) throw e;
      out.fieldKey.length = fieldMark;
      out.fieldValue.length = fieldMark;
      out.errors.push({ line: lineNo, reason: e.message });
    }
  }

  private peek(): number {
    return this.i < this.end ? this.s.charCodeAt(this.i) : -1;
  }

  private skipSpaces(): void {
    while (this.i < this.end && this.s.charCodeAt(this.i) === SPACE) this.i++;
  }

  /** Reads up to an unescaped comma, space (or '=' unless `allowEq`); unescapes when needed. */
  private token(allowEq: boolean, what: string): string {
    const s = this.s;
    const from = this.i;
    let escaped = false;
    let i = this.i;
    for (; i < this.end; i++) {
      const c = s.charCodeAt(i);
      if (c === BSLASH && i + 1 < this.end) {
        escaped = true;
        i++;
      } else if (c === COMMA || c === SPACE || (!allowEq && c === EQ)) break;
      else if (c === QUOTE && !allowEq) fail(`unexpected '"' in ${what}`);
    }
    this.i = i;
    const raw = s.slice(from, i);
    return escaped ? raw.replace(/\\([, =\\"])/g, '$1') : raw;
  }

  /** Field keys of the previous line: most lines repeat them, so reuse the same strings. */
  private prevKeys: string[] = [];

  private fields(): void {
    const out = this.out;
    const prev = this.prevKeys;
    const keys: string[] = [];
    for (let j = 0; ; j++) {
      const p = prev[j];
      let key: string;
      if (
        p !== undefined &&
        this.s.startsWith(p, this.i) &&
        this.s.charCodeAt(this.i + p.length) === EQ
      ) {
        key = p;
        this.i += p.length;
        keys.push(key);
      } else {
        key = this.token(false, 'field key');
        // Only keys that need no escaping can be matched verbatim on the next line.
        keys.push(/[ ,=\\]/.test(key) ? '\u0000' : key);
      }
      if (key === '') fail('missing field key');
      if (this.peek() !== EQ) fail(`field '${key}' has no '=value'`);
      this.i++;
      out.fieldKey.push(key);
      out.fieldValue.push(this.fieldValue(key));
      if (this.peek() !== COMMA) break;
      this.i++;
    }
    this.prevKeys = keys;
  }

  private fieldValue(key: string): number {
    const s = this.s;
    const from = this.i;
    if (this.peek() === QUOTE) {
      fail(`field '${key}' is a string; channels are numeric (send a number or boolean)`);
    }
    let i = from;
    while (i < this.end) {
      const c = s.charCodeAt(i);
      if (c === COMMA || c === SPACE) break;
      i++;
    }
    this.i = i;
    if (i === from) fail(`field '${key}' has an empty value`);
    return parseNumber(s, from, i, key);
  }

  private timestamp(): number {
    const s = this.s;
    const from = this.i;
    let i = from;
    if (s.charCodeAt(i) === 45) i++; // '-'
    const digitsFrom = i;
    while (i < this.end) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) fail(`invalid timestamp '${s.slice(from, this.end)}'`);
      i++;
    }
    if (i === digitsFrom) fail('empty timestamp');
    this.i = i;
    const drop = dropDigits[this.precision];
    const digits = s.slice(from, i);
    if (drop <= 0) return Number(digits) * 10 ** -drop;
    // Drop sub-millisecond digits as text so 19-digit nanosecond stamps lose no precision.
    const keep = digits.length - drop;
    if (keep <= (digitsFrom > from ? 1 : 0)) return 0;
    const ms = Number(digits.slice(0, keep));
    return digitsFrom > from ? ms - 1 : ms; // floor for negatives
  }
}

const BOOLS: Record<string, number> = {
  t: 1,
  T: 1,
  true: 1,
  True: 1,
  TRUE: 1,
  f: 0,
  F: 0,
  false: 0,
  False: 0,
  FALSE: 0,
};

/** Float literal, `123i`, `123u` or a boolean; rejects NaN, Infinity and anything else. */
function parseNumber(s: string, from: number, to: number, key: string): number {
  const last = s.charCodeAt(to - 1);
  const isInt = last === 105; // i
  const isUint = last === 117; // u
  const numEnd = isInt || isUint ? to - 1 : to;
  let i = from;
  let c = s.charCodeAt(i);
  if (c === 45 || (c === 43 && !isInt && !isUint)) i++;
  let digits = 0;
  while (i < numEnd && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
    i++;
    digits++;
  }
  if (!isInt && !isUint && i < numEnd && s.charCodeAt(i) === 46) {
    i++;
    while (i < numEnd && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
      i++;
      digits++;
    }
  }
  if (digits > 0 && !isInt && !isUint && i < numEnd && (s.charCodeAt(i) | 32) === 101) {
    i++;
    c = s.charCodeAt(i);
    if (c === 43 || c === 45) i++;
    let exp = 0;
    while (i < numEnd && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
      i++;
      exp++;
    }
    if (exp === 0) digits = 0;
  }
  if (digits > 0 && i === numEnd) {
    const v = Number(s.slice(from, numEnd));
    if (isUint && v < 0) fail(`field '${key}': unsigned value is negative`);
    if (!Number.isFinite(v)) fail(`field '${key}': value ${s.slice(from, to)} is not finite`);
    return v;
  }
  const text = s.slice(from, to);
  const b = BOOLS[text];
  if (b !== undefined) return b;
  if (/^[+-]?(nan|inf(inity)?)$/i.test(text)) {
    fail(`field '${key}': ${text} is not accepted (NaN and Infinity cannot be stored)`);
  }
  return fail(`field '${key}': invalid value '${text}'`);
}
