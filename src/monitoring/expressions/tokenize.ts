// Tokenizer for the monitoring expression language. Identifiers may contain dots so that
// `prop.rated_current` (an asset property) and `pump1.flow` read as one name.
import { expressionError, type SourcePos } from './position.ts';

export type TokenKind = 'number' | 'ident' | 'op' | '(' | ')' | ',' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  value: number;
  pos: SourcePos;
}

// Longest operators first so that `<=` is not read as `<` then `=`.
const operators = ['&&', '||', '==', '!=', '<=', '>=', '+', '-', '*', '/', '%', '<', '>', '!'];

const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdentStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentPart = (c: string) => isIdentStart(c) || isDigit(c);

function readNumber(src: string, start: number): number {
  let i = start;
  while (i < src.length && isDigit(src[i]!)) i++;
  if (src[i] === '.') {
    i++;
    while (i < src.length && isDigit(src[i]!)) i++;
  }
  if (src[i] === 'e' || src[i] === 'E') {
    let j = i + 1;
    if (src[j] === '+' || src[j] === '-') j++;
    if (isDigit(src[j] ?? '')) {
      i = j;
      while (i < src.length && isDigit(src[i]!)) i++;
    }
  }
  return i;
}

function readIdent(src: string, start: number): number {
  let i = start;
  for (;;) {
    while (i < src.length && isIdentPart(src[i]!)) i++;
    // A dot continues the name only when an identifier character follows it.
    if (src[i] === '.' && isIdentStart(src[i + 1] ?? '')) i++;
    else return i;
  }
}

/** Splits `src` into tokens; throws a positioned error on a character that starts no token. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  // Line bookkeeping is incremental so that tokenizing stays linear in the source length.
  let line = 1;
  let lineStart = 0;
  const at = (offset: number): SourcePos => ({ offset, line, column: offset - lineStart + 1 });
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      if (c === '\n') {
        line++;
        lineStart = i;
      }
      continue;
    }
    const pos = at(i);
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      const end = readNumber(src, i);
      const text = src.slice(i, end);
      out.push({ kind: 'number', text, value: Number(text), pos });
      i = end;
    } else if (isIdentStart(c)) {
      const end = readIdent(src, i);
      out.push({ kind: 'ident', text: src.slice(i, end), value: NaN, pos });
      i = end;
    } else if (c === '(' || c === ')' || c === ',') {
      out.push({ kind: c, text: c, value: NaN, pos });
      i++;
    } else {
      const op = operators.find((o) => src.startsWith(o, i));
      if (!op) {
        const hint =
          c === '='
            ? { en: " (use '==' to compare)", 'zh-CN': '（比较请用“==”）' }
            : c === '&' || c === '|'
              ? { en: ` (use '${c}${c}')`, 'zh-CN': `（请用“${c}${c}”）` }
              : { en: '', 'zh-CN': '' };
        throw expressionError(src, pos, {
          en: `unexpected character '${c}'${hint.en}`,
          'zh-CN': `无法识别的字符“${c}”${hint['zh-CN']}`,
        });
      }
      out.push({ kind: 'op', text: op, value: NaN, pos });
      i += op.length;
    }
  }
  out.push({ kind: 'eof', text: '', value: NaN, pos: at(src.length) });
  return out;
}
