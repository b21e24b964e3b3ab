// The tokens of InfluxQL (docs.influxdata.com/influxdb/v1/query_language/spec, "Tokens" and
// "Literals"): identifiers (quoted with "…"), strings ('…'), numbers, durations, regular
// expressions (/…/) and operators; and the one refusal every part of the InfluxQL reader throws,
// worded in both languages (issue #17). Pure.
import { RongheError, type Localized } from '../kernel/index.ts';

export type Tok =
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

/** A refused query: RONGHE_VALIDATION on the field `q`, the reason in both languages. */
export const bad = (reason: Localized): never => {
  throw new RongheError(
    'RONGHE_VALIDATION',
    { en: `q: ${reason.en}`, 'zh-CN': `q（InfluxQL 查询）有误：${reason['zh-CN']}` },
    [{ field: 'q', reason: reason.en }],
  );
};

function quoted(src: string, i: number, q: string): [string, number] {
  let out = '';
  let j = i + 1;
  for (; j < src.length && src[j] !== q; j++) {
    if (src[j] === '\\' && j + 1 < src.length) j++;
    out += src[j];
  }
  if (j >= src.length)
    bad(
      q === "'"
        ? { en: `unterminated string at ${i + 1}`, 'zh-CN': `第 ${i + 1} 个字符处的字符串未结束` }
        : {
            en: `unterminated identifier at ${i + 1}`,
            'zh-CN': `第 ${i + 1} 个字符处的标识符未结束`,
          },
    );
  return [out, j + 1];
}

/** After these tokens a `/` starts a regular expression, not a division. */
const regexAfter = new Set(['=~', '!~', 'FROM', 'BY', ',', '(']);

/** A regular expression /…/ starting at `i`: the token and the index after it. */
function regex(src: string, i: number): [Tok, number] {
  let j = i + 1;
  let body = '';
  for (; j < src.length && src[j] !== '/'; j++) {
    if (src[j] === '\\' && src[j + 1] === '/') j++;
    body += src[j];
  }
  if (j >= src.length)
    bad({
      en: `unterminated regular expression at ${i + 1}`,
      'zh-CN': `第 ${i + 1} 个字符处的正则表达式未结束`,
    });
  if (body.length > 500)
    bad({
      en: 'regular expression longer than 500 characters',
      'zh-CN': '正则表达式超过 500 个字符',
    });
  // Tag values are matched on the event loop: a quantified group holding a quantifier
  // (`(a+)+`) can backtrack exponentially, so it is refused.
  if (/\([^()]*[*+}][^()]*\)[*+{]/.test(body))
    bad({
      en: `regular expression /${body}/ nests quantifiers (e.g. (a+)+); simplify it`,
      'zh-CN': `正则表达式 /${body}/ 嵌套了量词（如 (a+)+），请简化`,
    });
  try {
    return [{ t: 're', v: new RegExp(body) }, j + 1];
  } catch {
    return bad({
      en: `invalid regular expression /${body}/`,
      'zh-CN': `正则表达式 /${body}/ 无效`,
    });
  }
}

export function tokenize(src: string): Tok[] {
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
      const [re, j] = regex(src, i);
      out.push(re);
      i = j;
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
    if (!op)
      bad({ en: `unexpected '${c}' at ${i + 1}`, 'zh-CN': `第 ${i + 1} 个字符“${c}”无法识别` });
    out.push({ t: 'op', v: op![0] === '<>' ? '!=' : op![0] });
    i += op![0].length;
  }
  return out;
}
