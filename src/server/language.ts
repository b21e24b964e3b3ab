// The language of error messages, from the request's Accept-Language (RFC 9110 §12.5.4): the
// caller's most preferred language range (highest q, then first listed) that we write in wins —
// any Chinese range (zh, zh-CN, zh-Hans, zh-TW…) gives zh-CN, any English range gives en. With no
// header, no range we write in, or only `*`, the answer is English: the API's default for scripts
// and tools, and the text tests match. The console sends its UI language on every call.
import type { Language } from '../kernel/index.ts';

export const DEFAULT_LANGUAGE: Language = 'en';

function ours(range: string): Language | undefined {
  const primary = range.toLowerCase().split('-')[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return undefined;
}

export function languageOf(header: string | string[] | undefined): Language {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return DEFAULT_LANGUAGE;
  let best: { lang: Language; q: number } | undefined;
  for (const part of value.split(',')) {
    const [range = '', ...params] = part.trim().split(';');
    const lang = ours(range.trim());
    if (!lang) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    if (!best || q > best.q) best = { lang, q };
  }
  return best?.lang ?? DEFAULT_LANGUAGE;
}
