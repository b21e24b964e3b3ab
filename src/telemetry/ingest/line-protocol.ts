// InfluxDB 1.x line protocol parser (docs.influxdata.com/influxdb/v1/write_protocols/
// line_protocol_reference): `measurement[,tag=v...] field=v[,field=v...] [timestamp]`.
// Escapes, as InfluxDB reads them (models/points.go): `\,` and `\ ` in measurements; `\,` `\=`
// `\ ` in tag keys, tag values and field keys — any other backslash stays as it is, so
// `two\\\ words` is `two\\ words`; `\"` and `\\` inside quoted string fields. Floats, integers
// (`i`, int64), unsigned (`u`, uint64) and booleans (t/T/true/True/TRUE, f/F/false/False/FALSE)
// become float channels (booleans 1/0). String fields are refused with the reason (channels are
// numeric), or, with `dropStrings`, skipped and counted. Refused as InfluxDB refuses them: a tag
// key given twice, integers and timestamps outside int64 (nanoseconds), bytes that are not
// UTF-8, control characters in names. Lines starting with `#` and blank lines are skipped.
//
// This is the ingest hot path, so it scans the body's UTF-8 bytes as they arrived (no decoding
// into a string: the delimiters are ASCII, and no byte of a multi-byte sequence equals one) and
// fills typed arrays: a line's series key (measurement and tags) is parsed once per distinct
// text and shared, field keys equal to the previous line's are matched in place, and plain
// decimals are read from their digits (lp-number.ts). Only new keys become strings.
import { isUtf8 } from 'node:buffer';
import { reservedNameReason, type Localized } from '../../kernel/index.ts';
import {
  LineFail,
  decimalInto,
  fail,
  parseNumber,
  readDecimal,
  text,
  timestampInto,
  valueEnd,
  type Precision,
} from './lp-number.ts';
import { carried, carry, grow, knownKeys, plainBytes } from './lp-key-cache.ts';
import { SPACE_BEFORE_FIELDS, stringField, tokenName } from './lp-reasons.ts';

export type { Precision } from './lp-number.ts';

/** Limits of one line (TelemetryLimits' ingest part; defaults documented in README). */
export interface LineLimits {
  /** Fields of one line. */
  maxFields: number;
  /** Characters of a measurement, tag key, tag value or field key. */
  maxKeyLength: number;
  /** Skip string fields (counted in `droppedStrings`) instead of refusing their line. */
  dropStrings?: boolean;
}

export const defaultLineLimits: LineLimits = { maxFields: 1000, maxKeyLength: 200 };

export interface LineError {
  line: number;
  reason: Localized;
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
  /** String fields skipped (with `dropStrings`), and the first such field's key. */
  droppedStrings: number;
  droppedStringKey?: string;
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

/** InfluxDB's unescaping (models/points.go): measurements `\,` `\ `; keys and tag values also `\=`. */
const MEAS_ESC = /\\([, ])/g;
const KEY_ESC = /\\([, =])/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const isBlank = (c: number) => c === SPACE || c === TAB || c === CR || c === NL;

/** Parses a body: its bytes as received (UTF-8), or text. */
export function parseLineProtocol(
  body: string | Uint8Array,
  precision: Precision = 'ns',
  maxErrors = 20,
  limits: LineLimits = defaultLineLimits,
): ParsedLines {
  const b =
    typeof body === 'string'
      ? Buffer.from(body, 'utf8')
      : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const p = new Scanner(b, precision, limits);
  // InfluxDB refuses bytes that are not UTF-8; the whole-body check is one fast pass, and only
  // a failing body is checked line by line.
  const utf8 = isUtf8(b);
  let lineNo = 0;
  let pos = 0;
  const n = b.length;
  while (pos < n && p.errors.length < maxErrors) {
    lineNo++;
    let end = b.indexOf(NL, pos);
    if (end < 0) end = n;
    let stop = end;
    while (stop > pos && isBlank(b[stop - 1]!)) stop--;
    let start = pos;
    while (start < stop && isBlank(b[start]!)) start++;
    pos = end + 1;
    if (start === stop || b[start] === HASH) continue;
    if (!utf8 && !isUtf8(b.subarray(start, stop))) {
      p.errors.push({
        line: lineNo,
        reason: { en: 'the line is not valid UTF-8', 'zh-CN': '该行不是有效的 UTF-8' },
      });
      continue;
    }
    p.parseLine(start, stop, lineNo);
  }
  carry(p.prevKeys, p.prevBytes);
  return p.result();
}

class Scanner {
  /** Cursor; public so readDecimal can move it (lp-number.ts). */
  i = 0;
  private end = 0;
  readonly errors: LineError[] = [];
  /** Sized in the constructor and cut to the rows taken in result(): pushing grows by copies. */
  private series: SeriesKey[];
  private rowKeys: string[][];
  private values: Float64Array;
  private nFields = 0;
  private ts: Float64Array;
  private lineNo: Int32Array;
  private fieldStart: Uint32Array;
  private nRows = 0;
  droppedStrings = 0;
  droppedStringKey: string | undefined;
  /** Field keys of the previous line: most lines repeat them, so they are matched in place. */
  prevKeys: string[] = carried.keys;
  /** The bytes of prevKeys[j] when it can be matched verbatim (it needed no unescaping). */
  prevBytes: (Uint8Array | undefined)[] = carried.bytes;

  constructor(
    private readonly s: Buffer,
    private readonly precision: Precision,
    private readonly limits: LineLimits,
  ) {
    // Sized from the first line (bodies repeat one line shape; the arrays grow if not), so a
    // 100 kB body does not allocate three times what it needs.
    const first = s.indexOf(NL);
    const lineLength = first > 0 ? first + 1 : s.length + 1;
    let commas = 1;
    for (let i = 0; i < first; i++) if (s[i] === COMMA) commas++;
    const rows = Math.min(1 << 20, Math.ceil(s.length / lineLength) + 16);
    this.values = new Float64Array(rows * Math.min(commas, 64));
    this.ts = new Float64Array(rows);
    this.lineNo = new Int32Array(rows);
    this.fieldStart = new Uint32Array(rows + 1);
    // V8 makes `new Array(n)` a dictionary above about 100,000: larger bodies grow from here.
    const sized = Math.min(rows, 65_536);
    this.series = new Array<SeriesKey>(sized);
    this.rowKeys = new Array<string[]>(sized);
  }

  result(): ParsedLines {
    const r = this.nRows;
    this.series.length = r;
    this.rowKeys.length = r;
    return {
      rows: r,
      series: this.series,
      ts: this.ts.subarray(0, r),
      lineNo: this.lineNo.subarray(0, r),
      fieldStart: this.fieldStart.subarray(0, r + 1),
      rowKeys: this.rowKeys,
      fieldValue: this.values.subarray(0, this.nFields),
      errors: this.errors,
      droppedStrings: this.droppedStrings,
      ...(this.droppedStringKey !== undefined ? { droppedStringKey: this.droppedStringKey } : {}),
    };
  }

  parseLine(start: number, end: number, lineNo: number): void {
    const fieldMark = this.nFields;
    const dropped = this.droppedStrings;
    this.i = start;
    this.end = end;
    try {
      const key = this.seriesKey(start);
      this.skipSpaces();
      const keys = this.fields();
      const r = this.reserveRow();
      this.ts[r] = NaN;
      if (this.i < end) {
        if (this.s[this.i] !== SPACE)
          fail({ en: 'expected a space before the timestamp', 'zh-CN': '时间戳前应有空格' });
        this.skipSpaces();
        timestampInto(this.s, this.i, end, this.precision, this.ts, r);
      }
      // A line whose only fields were strings (dropped) has nothing to store.
      if (keys.length > 0) this.pushRow(key, keys, lineNo);
    } catch (e) {
      if (!(e instanceof LineFail)) throw e;
      this.nFields = fieldMark;
      this.droppedStrings = dropped;
      this.errors.push({ line: lineNo, reason: e.reason });
    }
  }

  /** The next row's index, with room for it in the row arrays. */
  private reserveRow(): number {
    const r = this.nRows;
    if (r + 1 >= this.ts.length) {
      this.ts = grow(this.ts, new Float64Array(this.ts.length * 2));
      this.lineNo = grow(this.lineNo, new Int32Array(this.ts.length));
      this.fieldStart = grow(this.fieldStart, new Uint32Array(this.ts.length + 1));
    }
    return r;
  }

  /** Takes the reserved row (its time already written in place by timestampInto). */
  private pushRow(key: SeriesKey, keys: string[], lineNo: number): void {
    const r = this.nRows;
    this.series[r] = key;
    this.rowKeys[r] = keys;
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
      const c = s[i]!;
      h = (Math.imul(h, 31) + c) | 0;
      if (c === BSLASH) {
        i++;
        h = (Math.imul(h, 31) + (s[i] ?? 0)) | 0;
      } else if (c === SPACE) break;
    }
    const known = knownKeys.find(h, s, start, i);
    if (known) {
      if (i >= this.end) fail(SPACE_BEFORE_FIELDS);
      this.i = i;
      return known;
    }
    const keyEnd = i;
    const measurement = this.token(true, 'measurement');
    if (measurement === '') fail({ en: 'missing measurement', 'zh-CN': '缺少测量名' });
    const tags: Record<string, string> = {};
    while (this.peek() === COMMA) {
      this.i++;
      const k = this.token(false, 'tag key');
      if (this.peek() !== EQ)
        fail({ en: `tag '${k}' has no '=value'`, 'zh-CN': `标签“${k}”缺少“=值”` });
      this.i++;
      const v = this.token(true, 'tag value');
      if (k === '' || v === '')
        fail({ en: 'empty tag key or value', 'zh-CN': '标签键或标签值为空' });
      if (Object.hasOwn(tags, k))
        fail({ en: `tag '${k}' is given twice`, 'zh-CN': `标签“${k}”出现了两次` });
      tags[k] = v;
    }
    if (this.peek() !== SPACE) fail(SPACE_BEFORE_FIELDS);
    const key = Object.freeze({ measurement, tags: Object.freeze(tags) });
    knownKeys.add(h, s.subarray(start, keyEnd), key);
    return key;
  }

  private peek(): number {
    return this.i < this.end ? this.s[this.i]! : -1;
  }

  private skipSpaces(): void {
    while (this.i < this.end && this.s[this.i] === SPACE) this.i++;
  }

  /** Reads up to an unescaped comma, space (or '=' unless `allowEq`); unescapes when needed. */
  private token(allowEq: boolean, what: string): string {
    const s = this.s;
    const from = this.i;
    let escaped = false;
    let i = this.i;
    for (; i < this.end; i++) {
      const c = s[i]!;
      if (c === BSLASH && i + 1 < this.end) {
        escaped = true;
        i++;
      } else if (c === COMMA || c === SPACE || (!allowEq && c === EQ)) break;
    }
    this.i = i;
    const max = this.limits.maxKeyLength;
    // A UTF-8 character is at most 4 bytes: longer runs are refused before becoming a string.
    if (i - from > 4 * max)
      fail({
        en: `${what} is longer than ${max} characters (${i - from} bytes)`,
        'zh-CN': `${tokenName[what]}超过 ${max} 个字符（${i - from} 字节）`,
      });
    const raw = text(s, from, i);
    const out = escaped ? raw.replace(what === 'measurement' ? MEAS_ESC : KEY_ESC, '$1') : raw;
    if (out.length > max)
      fail({
        en: `${what} is longer than ${max} characters (${out.length})`,
        'zh-CN': `${tokenName[what]}超过 ${max} 个字符（${out.length}）`,
      });
    if (CONTROL.test(out))
      fail({
        en: `${what} '${out}' holds a control character`,
        'zh-CN': `${tokenName[what]}“${out}”含有控制字符`,
      });
    if (what !== 'measurement') {
      const reserved = reservedNameReason(out);
      if (reserved !== undefined)
        fail({ en: `${what} ${reserved.en}`, 'zh-CN': `${tokenName[what]}${reserved['zh-CN']}` });
    }
    return out;
  }

  /** True when the bytes `key` followed by '=' start at the cursor. */
  private matches(key: Uint8Array): boolean {
    const s = this.s;
    const i = this.i;
    const n = key.length;
    if (i + n >= this.end || s[i + n] !== EQ) return false;
    for (let k = 0; k < n; k++) if (s[i + k] !== key[k]) return false;
    return true;
  }

  /**
   * Reads the fields; returns their keys, the previous line's array itself when they are the
   * same (the common case, and free: the keys were matched in place).
   */
  private fields(): string[] {
    if (this.sameFields()) return this.prevKeys;
    const prev = this.prevKeys;
    const prevBytes = this.prevBytes;
    let keys: string[] | undefined;
    let keysBytes: (Uint8Array | undefined)[] | undefined;
    let j = 0;
    for (; ; j++) {
      if (j === this.limits.maxFields) {
        fail({
          en: `more than ${this.limits.maxFields} fields (the limit per line)`,
          'zh-CN': `字段超过 ${this.limits.maxFields} 个（每行的上限）`,
        });
      }
      const p = prevBytes[j];
      let key: string;
      if (keys === undefined && p !== undefined && this.matches(p)) {
        key = prev[j]!;
        this.i += p.length;
      } else {
        keys ??= prev.slice(0, j);
        keysBytes ??= prevBytes.slice(0, j);
        const from = this.i;
        key = this.token(false, 'field key');
        keys.push(key);
        // Only keys that needed no unescaping can be matched verbatim on the next line.
        keysBytes.push(plainBytes(this.s, from, this.i));
      }
      if (key === '') fail({ en: 'missing field key', 'zh-CN': '缺少字段键' });
      if (this.peek() !== EQ)
        fail({ en: `field '${key}' has no '=value'`, 'zh-CN': `字段“${key}”缺少“=值”` });
      this.i++;
      if (this.peek() === QUOTE) {
        this.skipString(key);
        // Not stored: the key leaves this line's list (a copy of prev's if still shared).
        if (keys === undefined) {
          keys = prev.slice(0, j);
          keysBytes = prevBytes.slice(0, j);
        } else {
          keys.pop();
          keysBytes!.pop();
        }
      } else this.pushField(this.fieldValue(key));
      if (this.peek() !== COMMA) break;
      this.i++;
    }
    if (keys === undefined) {
      if (j + 1 === prev.length) return prev;
      keys = prev.slice(0, j + 1);
      keysBytes = prevBytes.slice(0, j + 1);
    }
    this.prevKeys = keys;
    this.prevBytes = keysBytes!;
    return keys;
  }

  /**
   * The common line in one loop: the previous line's plain keys, each with a plain decimal
   * (decimalInto). False, with the cursor back and nothing taken, when anything differs.
   */
  private sameFields(): boolean {
    const keys = this.prevBytes;
    const nk = keys.length;
    const s = this.s;
    const end = this.end;
    const out = this.values;
    let at = this.nFields;
    if (nk === 0 || at + nk > out.length) return false;
    const start = this.i;
    for (let j = 0; j < nk; j++) {
      const key = keys[j];
      const i = this.i;
      if (key === undefined || i + key.length >= end || s[i + key.length] !== EQ) break;
      let k = 0;
      while (k < key.length && s[i + k] === key[k]) k++;
      if (k < key.length) break;
      // Written in place (a slot past nFields until the line is taken). It stops at a comma,
      // a space or the end: a comma between fields, not after.
      if (!decimalInto(s, i + key.length + 1, end, this, out, at)) break;
      const c = this.peek();
      if (j === nk - 1 ? c === COMMA : c !== COMMA) break;
      at++;
      if (j === nk - 1) {
        this.nFields = at;
        return true;
      }
      this.i++;
    }
    this.i = start;
    return false;
  }

  /**
   * A quoted string field: refused (channels are numeric) unless `dropStrings`, then skipped
   * and counted. `\"` and `\\` are its escapes; it must close before the next comma or space.
   */
  private skipString(key: string): void {
    if (!this.limits.dropStrings) {
      fail(stringField(key));
    }
    const s = this.s;
    let i = this.i + 1;
    for (; i < this.end; i++) {
      const c = s[i]!;
      if (c === BSLASH) i++;
      else if (c === QUOTE) break;
    }
    if (i >= this.end)
      fail({
        en: `field '${key}': the string has no closing '"'`,
        'zh-CN': `字段“${key}”：字符串缺少结尾的“"”`,
      });
    this.i = i + 1;
    const c = this.peek();
    if (c !== -1 && c !== COMMA && c !== SPACE)
      fail({
        en: `field '${key}': text after the string`,
        'zh-CN': `字段“${key}”：字符串后有多余文本`,
      });
    this.droppedStrings++;
    this.droppedStringKey ??= key;
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
      fail(stringField(key));
    }
    const to = valueEnd(s, from, this.end);
    this.i = to;
    if (to === from)
      fail({ en: `field '${key}' has an empty value`, 'zh-CN': `字段“${key}”的值为空` });
    return parseNumber(s, from, to, key);
  }
}
