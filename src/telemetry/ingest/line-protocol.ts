// InfluxDB 1.x line protocol parser (docs.influxdata.com/influxdb/v1/write_protocols/
// line_protocol_reference): `measurement[,tag=v...] field=v[,field=v...] [timestamp]`.
// Escapes: `\,` and `\ ` in measurements; `\,` `\=` `\ ` in tag keys, tag values and field keys;
// `\"` and `\\` inside quoted string fields. Floats, integers (`i`), unsigned (`u`) and booleans
// (t/T/true/True/TRUE, f/F/false/False/FALSE) become float channels (booleans 1/0); string fields
// are rejected with the reason, because channels are numeric. Lines starting with `#` and blank
// lines are skipped.
//
// This is the ingest hot path, so it scans char codes and fills typed arrays: a line's series
// key (measurement and tags) is parsed once per distinct text and shared, field keys equal to
// the previous line's are matched in place instead of sliced, and plain decimals are read from
// their digits (lp-number.ts).
import {
  LineFail,
  fail,
  parseNumber,
  parseTimestamp,
  readDecimal,
  valueEnd,
  type Precision,
} from './lp-number.ts';

export type { Precision } from './lp-number.ts';

export interface LineError {
  line: number;
  reason: string;
}

/** Measurement and tags of a line; lines with the same series-key text share one object. */
export interface SeriesKey {
  measurement: string;
  tags: Record<string, string>;
}

/**
 * Parsed body, columnar: row i (a good line) has the fields named rowKeys[i] with values
 * fieldValue[fieldStart[i] .. fieldStart[i+1]). Consecutive rows with the same field keys
 * share one rowKeys array, so later stages can compare key lists by identity.
 */
export interface ParsedLines {
  rows: number;
  series: SeriesKey[];
  /** Epoch ms, or NaN when the line had no timestamp (the server's clock is used). */
  ts: Float64Array;
  /** 1-based line number of each parsed line, for error messages later in the pipeline. */
  lineNo: Int32Array;
  fieldStart: Uint32Array;
  rowKeys: string[][];
  fieldValue: Float64Array;
  errors: LineError[];
}

interface KnownKey {
  text: string;
  key: SeriesKey;
  next: KnownKey | undefined;
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

const isBlank = (c: number) => c === SPACE || c === TAB || c === CR || c === NL;

export function parseLineProtocol(
  body: string,
  precision: Precision = 'ns',
  maxErrors = 20,
): ParsedLines {
  const p = new Scanner(body, precision);
  let lineNo = 0;
  let pos = 0;
  const n = body.length;
  while (pos < n && p.errors.length < maxErrors) {
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
  return p.result();
}

class Scanner {
  /** Cursor; public so readDecimal can move it (lp-number.ts). */
  i = 0;
  private end = 0;
  readonly errors: LineError[] = [];
  /** Series keys by hash of their text (a chain for the rare collision). */
  private readonly seriesKeys = new Map<number, KnownKey>();
  private readonly series: SeriesKey[] = [];
  private readonly rowKeys: string[][] = [];
  private values: Float64Array;
  private nFields = 0;
  private ts: Float64Array;
  private lineNo: Int32Array;
  private fieldStart: Uint32Array;
  private nRows = 0;
  /** Field keys of the previous line: most lines repeat them, so they are matched in place. */
  private prevKeys: string[] = [];
  /** Whether prevKeys[j] can be matched verbatim (it needed no unescaping). */
  private prevPlain: boolean[] = [];

  constructor(
    private readonly s: string,
    private readonly precision: Precision,
  ) {
    const rows = Math.min(1 << 20, (s.length >> 6) + 16);
    this.values = new Float64Array(rows * 8);
    this.ts = new Float64Array(rows);
    this.lineNo = new Int32Array(rows);
    this.fieldStart = new Uint32Array(rows + 1);
  }

  result(): ParsedLines {
    const r = this.nRows;
    return {
      rows: r,
      series: this.series,
      ts: this.ts.subarray(0, r),
      lineNo: this.lineNo.subarray(0, r),
      fieldStart: this.fieldStart.subarray(0, r + 1),
      rowKeys: this.rowKeys,
      fieldValue: this.values.subarray(0, this.nFields),
      errors: this.errors,
    };
  }

  parseLine(start: number, end: number, lineNo: number): void {
    const fieldMark = this.nFields;
    this.i = start;
    this.end = end;
    try {
      const key = this.seriesKey(start);
      this.skipSpaces();
      const keys = this.fields();
      let ts = NaN;
      if (this.i < end) {
        if (this.s.charCodeAt(this.i) !== SPACE) fail('expected a space before the timestamp');
        this.skipSpaces();
        ts = parseTimestamp(this.s, this.i, end, this.precision);
      }
      this.pushRow(key, keys, ts, lineNo);
    } catch (e) {
      if (!(e instanceof LineFail)) throw e;
      this.nFields = fieldMark;
      this.errors.push({ line: lineNo, reason: e.message });
    }
  }

  private pushRow(key: SeriesKey, keys: string[], ts: number, lineNo: number): void {
    const r = this.nRows;
    if (r + 1 >= this.ts.length) {
      this.ts = grow(this.ts, new Float64Array(this.ts.length * 2));
      this.lineNo = grow(this.lineNo, new Int32Array(this.ts.length));
      this.fieldStart = grow(this.fieldStart, new Uint32Array(this.ts.length + 1));
    }
    this.series.push(key);
    this.rowKeys.push(keys);
    this.ts[r] = ts;
    this.lineNo[r] = lineNo;
    this.fieldStart[r + 1] = this.nFields;
    this.nRows = r + 1;
  }

  /**
   * The line's measurement and tags, parsed once per distinct series-key text. The text is
   * hashed while scanning for its end and compared in place, so a known key costs no string.
   */
  private seriesKey(start: number): SeriesKey {
    const s = this.s;
    let i = start;
    let h = 0;
    for (; i < this.end; i++) {
      const c = s.charCodeAt(i);
      h = (Math.imul(h, 31) + c) | 0;
      if (c === BSLASH) {
        i++;
        h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
      } else if (c === SPACE) break;
    }
    const len = i - start;
    for (let e = this.seriesKeys.get(h); e !== undefined; e = e.next) {
      if (e.text.length === len && s.startsWith(e.text, start)) {
        if (i >= this.end) fail('expected a space before the fields');
        this.i = i;
        return e.key;
      }
    }
    const text = s.slice(start, i);
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
    const key = { measurement, tags };
    this.seriesKeys.set(h, { text, key, next: this.seriesKeys.get(h) });
    return key;
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

  /** True when `key` followed by '=' starts at the cursor. */
  private matches(key: string): boolean {
    const s = this.s;
    const i = this.i;
    const n = key.length;
    if (i + n >= this.end || s.charCodeAt(i + n) !== EQ) return false;
    for (let k = 0; k < n; k++) if (s.charCodeAt(i + k) !== key.charCodeAt(k)) return false;
    return true;
  }

  /**
   * Reads the fields; returns their keys, the previous line's array itself when they are the
   * same (the common case, and free: the keys were matched in place).
   */
  private fields(): string[] {
    const prev = this.prevKeys;
    const plain = this.prevPlain;
    let keys: string[] | undefined;
    let keysPlain: boolean[] | undefined;
    let j = 0;
    for (; ; j++) {
      const p = prev[j];
      let key: string;
      if (keys === undefined && p !== undefined && plain[j] && this.matches(p)) {
        key = p;
        this.i += p.length;
      } else {
        keys ??= prev.slice(0, j);
        keysPlain ??= plain.slice(0, j);
        key = this.token(false, 'field key');
        keys.push(key);
        // Only keys that needed no unescaping can be matched verbatim on the next line.
        keysPlain.push(!key.includes('\\') && this.s.startsWith(key, this.i - key.length));
      }
      if (key === '') fail('missing field key');
      if (this.peek() !== EQ) fail(`field '${key}' has no '=value'`);
      this.i++;
      this.pushField(this.fieldValue(key));
      if (this.peek() !== COMMA) break;
      this.i++;
    }
    if (keys === undefined) {
      if (j + 1 === prev.length) return prev;
      keys = prev.slice(0, j + 1);
      keysPlain = plain.slice(0, j + 1);
    }
    this.prevKeys = keys;
    this.prevPlain = keysPlain!;
    return keys;
  }

  private pushField(v: number): void {
    if (this.nFields === this.values.length) {
      this.values = grow(this.values, new Float64Array(this.values.length * 2));
    }
    this.values[this.nFields++] = v;
  }

  private fieldValue(key: string): number {
    const s = this.s;
    const from = this.i;
    const fast = readDecimal(s, from, this.end, this);
    if (fast === fast) return fast;
    if (this.peek() === QUOTE) {
      fail(`field '${key}' is a string; channels are numeric (send a number or boolean)`);
    }
    const to = valueEnd(s, from, this.end);
    this.i = to;
    if (to === from) fail(`field '${key}' has an empty value`);
    return parseNumber(s, from, to, key);
  }
}

function grow<T extends Float64Array | Int32Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
