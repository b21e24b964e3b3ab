// Text files as people send them: UTF-8 (Excel's "CSV UTF-8" writes it with a byte-order
// mark) or GB18030/GBK, which Excel on a Chinese Windows writes for plain "CSV". Bytes are
// decoded here, once, at the edge; nothing after this sees a Buffer.
// Decoders are the WHATWG Encoding Standard's (Node's TextDecoder with full ICU): the labels
// gbk, gb2312 and gb18030 all decode as GB18030, a superset of GBK.
import { RongheError } from './errors.ts';

export type Charset = 'utf-8' | 'gb18030';

const LABELS: Record<string, Charset> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  cp936: 'gb18030',
};

export const CHARSET_NAMES = Object.keys(LABELS);

/** The charset a label (query parameter or Content-Type charset) names; 400 for others. */
export function charsetOf(label: string, field = 'charset'): Charset {
  const c = LABELS[label.trim().toLowerCase()];
  if (!c)
    throw new RongheError(
      'RONGHE_VALIDATION',
      {
        en: `${field}: '${label}' is not supported; use one of ${CHARSET_NAMES.join(', ')}`,
        'zh-CN': `${field}：不支持“${label}”，请使用 ${CHARSET_NAMES.join('、')} 之一`,
      },
      [{ field, reason: 'unsupported charset' }],
    );
  return c;
}

const hasUtf8Bom = (b: Uint8Array) => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

const strict = (charset: Charset) => new TextDecoder(charset, { fatal: true, ignoreBOM: true });

function tryDecode(bytes: Uint8Array, charset: Charset): string | undefined {
  try {
    return strict(charset).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The 1-based line of the first byte sequence that is not valid in `charset`. LF (0x0A) never
 * occurs inside a UTF-8 or GB18030 multi-byte sequence (GB18030 trail bytes are 0x30–0x39 and
 * 0x40–0xFE), so the bytes may be split into lines before decoding.
 */
function firstBadLine(bytes: Uint8Array, charset: Charset): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    if (tryDecode(bytes.subarray(start, i), charset) === undefined) return line;
    line++;
    start = i + 1;
  }
  return line;
}

const NAMES: Record<Charset, string> = { 'utf-8': 'UTF-8', gb18030: 'GB18030/GBK' };

function undecodable(bytes: Uint8Array, tried: Charset[], field: string): RongheError {
  // Name the line of the charset that got furthest: the file is most likely in that one.
  const [best, line] = tried
    .map((c) => [c, firstBadLine(bytes, c)] as const)
    .reduce((a, b) => (b[1] > a[1] ? b : a));
  const names = tried.map((c) => NAMES[c]).join(' nor ');
  const reason = `line ${line} is not valid ${tried.length > 1 ? names : NAMES[best]}`;
  return new RongheError(
    'RONGHE_VALIDATION',
    {
      en: `${field}: ${reason}; save the file as UTF-8 or GB18030/GBK, or name its encoding with ?charset=`,
      'zh-CN': `${field}：${reason}；请把文件另存为 UTF-8 或 GB18030/GBK，或用 ?charset= 指明编码`,
    },
    [{ field, line, reason }],
  );
}

export interface DecodedText {
  text: string;
  charset: Charset;
}

/**
 * Decodes text bytes: in `charset` when given, else by its byte-order mark, else as UTF-8 when
 * the bytes are valid UTF-8, else as GB18030. Bytes valid in none of them are refused with the
 * line named. A byte-order mark is removed.
 */
export function decodeText(bytes: Uint8Array, charset?: Charset, field = 'body'): DecodedText {
  const bom = hasUtf8Bom(bytes);
  if (bom && charset && charset !== 'utf-8')
    throw new RongheError(
      'RONGHE_VALIDATION',
      {
        en: `${field}: starts with a UTF-8 byte-order mark but charset ${charset} was named; leave charset out`,
        'zh-CN': `${field}：文件以 UTF-8 字节顺序标记开头，却指定了字符集 ${charset}；请去掉 charset`,
      },
      [{ field, line: 1, reason: 'byte-order mark contradicts charset' }],
    );
  const chosen = charset ?? (bom ? 'utf-8' : undefined);
  if (chosen) {
    const body = bom && chosen === 'utf-8' ? bytes.subarray(3) : bytes;
    const text = tryDecode(body, chosen);
    if (text === undefined) throw undecodable(body, [chosen], field);
    return { text, charset: chosen };
  }
  for (const c of ['utf-8', 'gb18030'] as const) {
    const text = tryDecode(bytes, c);
    if (text !== undefined) return { text, charset: c };
  }
  throw undecodable(bytes, ['utf-8', 'gb18030'], field);
}

/** U+FEFF, which Excel needs at the start of a CSV file to read it as UTF-8. */
export const UTF8_BOM = '\uFEFF';
