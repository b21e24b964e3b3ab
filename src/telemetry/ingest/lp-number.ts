// Field values and timestamps of InfluxDB line protocol. The common case — a plain decimal such
// as `7.25` or `-2950.1` — is read straight from the char codes: with at most 15 significant
// digits the mantissa m is an exact integer and 10^k (k ≤ 22) an exact double, so m / 10^k is
// the correctly rounded value, identical to Number(text) (W. D. Clinger, "How to read floating
// point numbers accurately", PLDI 1990, the fast path). Everything else (exponents, long
// mantissas, `i`/`u` integers, booleans, errors) takes the general path.
//
// The text is the body's UTF-8 bytes (line-protocol.ts scans bytes): delimiters and digits are
// ASCII, and no byte of a multi-byte UTF-8 sequence equals an ASCII one.

import type { Localized } from '../../kernel/index.ts';

/** A refused line, with its reason in both languages (thrown only on the error path). */
export class LineFail extends Error {
  constructor(readonly reason: Localized) {
    super(reason.en);
  }
}
export const fail = (reason: Localized): never => {
  throw new LineFail(reason);
};

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

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

/** The text of bytes [from, to). */
export const text = (b: Buffer, from: number, to: number): string => b.toString('utf8', from, to);

/** Bytes [from, to) as text to echo in a message: at most 60 bytes of it (a line may be huge). */
const echo = (b: Buffer, from: number, to: number): string =>
  to - from <= 60 ? text(b, from, to) : `${text(b, from, from + 60)}… (${to - from} bytes)`;

/** ECMA-262 §21.4.1.22 (time values): a Date holds ±8.64e15 ms around 1970 and no more. */
export const MAX_TIME_MS = 8.64e15;

/** Index just past the value starting at `from` (up to a comma, a space or `end`). */
export function valueEnd(s: Uint8Array, from: number, end: number): number {
  let i = from;
  while (i < end) {
    const c = s[i]!;
    if (c === 44 || c === 32) break;
    i++;
  }
  return i;
}

/**
 * A plain decimal starting at `from` and ending at a comma, a space or `end`, read from its
 * digits in one pass; on success `cursor.i` moves past it. NaN means "not a plain decimal" (the
 * caller then takes the general path from `from`): line protocol cannot carry NaN otherwise.
 */
export function readDecimal(
  s: Uint8Array,
  from: number,
  end: number,
  cursor: { i: number },
): number {
  return decimalInto(s, from, end, cursor, scratch, 0) ? scratch[0]! : NaN;
}

const scratch = new Float64Array(1);

/**
 * readDecimal writing its value to out[at] and answering whether there was one. The hot path
 * (the parser's common line) uses this form: a double returned from a call that is not inlined
 * is boxed as a heap number, one allocation per point; a typed-array slot is not.
 */
export function decimalInto(
  s: Uint8Array,
  from: number,
  end: number,
  cursor: { i: number },
  out: Float64Array,
  at: number,
): boolean {
  let i = from;
  let c = i < end ? s[i]! : -1;
  const neg = c === 45;
  if (neg) i++;
  let m = 0;
  let digits = 0;
  let dot = -1;
  for (; i < end; i++) {
    c = s[i]!;
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
    } else if (c === 46 && dot < 0) dot = i;
    else if (c === 44 || c === 32) break;
    else return false;
  }
  if (digits === 0 || digits > 15) return false;
  cursor.i = i;
  const k = dot < 0 ? 0 : i - dot - 1;
  const v = k === 0 ? m : m / POW10[k]!;
  out[at] = neg ? -v : v;
  return true;
}

/** Float literal, `123i`, `123u` or a boolean; rejects NaN, Infinity and anything else. */
export function parseNumber(s: Buffer, from: number, to: number, key: string): number {
  const last = s[to - 1];
  const isInt = last === 105; // i
  const isUint = last === 117; // u
  const numEnd = isInt || isUint ? to - 1 : to;
  let i = from;
  let c = s[i]!;
  if (c === 45 || (c === 43 && !isInt && !isUint)) i++;
  let digits = 0;
  while (i < numEnd && (c = s[i]!) >= 48 && c <= 57) {
    i++;
    digits++;
  }
  if (!isInt && !isUint && i < numEnd && s[i] === 46) {
    i++;
    while (i < numEnd && (c = s[i]!) >= 48 && c <= 57) {
      i++;
      digits++;
    }
  }
  if (digits > 0 && !isInt && !isUint && i < numEnd && (s[i]! | 32) === 101) {
    i++;
    c = s[i]!;
    if (c === 43 || c === 45) i++;
    let exp = 0;
    while (i < numEnd && (c = s[i]!) >= 48 && c <= 57) {
      i++;
      exp++;
    }
    if (exp === 0) digits = 0;
  }
  if (digits > 0 && i === numEnd) {
    if ((isInt || isUint) && digits >= 19) checkIntRange(s, from, numEnd, isUint, key);
    const v = Number(text(s, from, numEnd));
    if (isUint && v < 0)
      fail({
        en: `field '${key}': unsigned value is negative`,
        'zh-CN': `字段“${key}”：无符号值为负`,
      });
    if (!Number.isFinite(v))
      fail({
        en: `field '${key}': value ${echo(s, from, to)} is not finite`,
        'zh-CN': `字段“${key}”：值 ${echo(s, from, to)} 不是有限数`,
      });
    return v;
  }
  const t = echo(s, from, to);
  const b = BOOLS[t];
  if (b !== undefined) return b;
  if (/^[+-]?(nan|inf(inity)?)$/i.test(t)) {
    fail({
      en: `field '${key}': ${t} is not accepted (NaN and Infinity cannot be stored)`,
      'zh-CN': `字段“${key}”：不接受 ${t}（NaN 与 Infinity 无法存储）`,
    });
  }
  return fail({
    en: `field '${key}': invalid value '${t}'`,
    'zh-CN': `字段“${key}”：无效的值“${t}”`,
  });
}

const INT64_MAX = 9223372036854775807n;
const UINT64_MAX = 18446744073709551615n;

/** InfluxDB's integer types: `i` is int64, `u` uint64; values outside are refused, not rounded. */
function checkIntRange(s: Buffer, from: number, to: number, unsigned: boolean, key: string): void {
  const v = BigInt(text(s, from, to));
  const ok = unsigned ? v <= UINT64_MAX : v <= INT64_MAX && v >= -INT64_MAX - 1n;
  if (!ok) {
    fail({
      en: `field '${key}': ${echo(s, from, to)} is outside ${unsigned ? 'uint64' : 'int64'}`,
      'zh-CN': `字段“${key}”：${echo(s, from, to)} 超出 ${unsigned ? 'uint64' : 'int64'} 范围`,
    });
  }
}

/** InfluxDB stores int64 nanoseconds and keeps the two extremes for itself (models/time.go). */
const MAX_NANO = 9223372036854775806n;
const nanosPer: Record<Precision, bigint> = {
  ns: 1n,
  us: 1000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
};

export type Precision = 'ns' | 'us' | 'ms' | 's';

// Digits to drop (or, negative, to add) to turn the precision into milliseconds: the engine
// stores epoch milliseconds, sub-millisecond digits are truncated.
const dropDigits: Record<Precision, number> = { ns: 6, us: 3, ms: 0, s: -3 };

/** The timestamp in s[from, end) as epoch ms; digits only, optionally negative. */
export function parseTimestamp(s: Buffer, from: number, end: number, precision: Precision) {
  timestampInto(s, from, end, precision, scratch, 0);
  return scratch[0]!;
}

/**
 * parseTimestamp writing to out[at]: the parser's form, as decimalInto (an epoch-ms double
 * returned from a call is boxed, one heap number per line).
 */
export function timestampInto(
  s: Buffer,
  from: number,
  end: number,
  precision: Precision,
  out: Float64Array,
  at: number,
): void {
  let i = from;
  const negative = s[i] === 45;
  if (negative) i++;
  const digitsFrom = i;
  for (; i < end; i++) {
    const c = s[i]!;
    if (c < 48 || c > 57)
      fail({
        en: `invalid timestamp '${echo(s, from, end)}'`,
        'zh-CN': `无效的时间戳“${echo(s, from, end)}”`,
      });
  }
  const len = end - digitsFrom;
  if (len === 0) fail({ en: 'empty timestamp', 'zh-CN': '时间戳为空' });
  const drop = dropDigits[precision];
  // Only stamps of 19 nanosecond digits starting with 9, or longer, can leave int64
  // nanoseconds (9.22e18); those rare ones are checked exactly.
  const nsDigits = len + 6 - drop;
  if (nsDigits > 19 || (nsDigits === 19 && s[digitsFrom] === 57)) {
    const ns = BigInt(text(s, digitsFrom, end)) * nanosPer[precision];
    if (ns > MAX_NANO) {
      fail({
        en: `timestamp '${echo(s, from, end)}' is outside int64 nanoseconds (year 1677 to 2262)`,
        'zh-CN': `时间戳“${echo(s, from, end)}”超出 int64 纳秒范围（1677 年至 2262 年）`,
      });
    }
  }
  // Keep only the millisecond digits, read as an integer (19-digit nanosecond stamps exceed
  // 2^53, their leading 13 digits do not).
  const keep = len - Math.max(0, drop);
  if (keep <= 0) {
    out[at] = negative && /[1-9]/.test(text(s, digitsFrom, end)) ? -1 : 0;
    return;
  }
  let ms = 0;
  if (keep <= 15) {
    for (let k = digitsFrom; k < digitsFrom + keep; k++) ms = ms * 10 + (s[k]! - 48);
  } else ms = Number(text(s, digitsFrom, digitsFrom + keep));
  if (drop < 0) ms *= 10 ** -drop;
  if (!(ms <= MAX_TIME_MS)) {
    fail({
      en: `timestamp '${echo(s, from, end)}' is out of range (at most ±${MAX_TIME_MS} ms, year 275760)`,
      'zh-CN': `时间戳“${echo(s, from, end)}”超出范围（至多 ±${MAX_TIME_MS} 毫秒，即 275760 年）`,
    });
  }
  if (!negative) {
    out[at] = ms;
    return;
  }
  // Floor for negatives: non-zero dropped sub-millisecond digits move the time earlier.
  let floor = -ms;
  for (let k = digitsFrom + keep; k < end; k++) {
    if (s[k] !== 48) {
      floor = -ms - 1;
      break;
    }
  }
  out[at] = floor;
}
