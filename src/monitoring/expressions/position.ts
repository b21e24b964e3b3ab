// Source positions and the one error shape for bad expressions: every rejection names the
// problem and where it is (line, column and character offset), so a rule editor can underline it.
import { RongheError, type Localized } from '../../kernel/index.ts';

export interface SourcePos {
  /** 0-based character offset into the source. */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

export interface ExpressionErrorDetails extends SourcePos {
  reason: string;
  /** The reason in both languages, so a client can show it beside the source in its own
   * (details are the same in every language; `reason` is the English one). */
  reasons: Localized;
  /** Which rule field or derived channel the source came from, when known. */
  context?: string;
  source: string;
}

/** Position of `offset` in `source`, counting lines and columns from 1. */
export function positionAt(source: string, offset: number): SourcePos {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** Where the text came from (`rule 'hi' field 'value'`), in both languages; a plain string reads
 * the same in both. */
export type ExpressionContext = string | Localized;

const both = (t: ExpressionContext): Localized =>
  typeof t === 'string' ? { en: t, 'zh-CN': t } : t;

/** A RONGHE_VALIDATION error whose message reads e.g. `line 1, column 5 (offset 4): unknown
 * channel 'tmp'` (第 1 行第 5 列（偏移 4）：未知通道“tmp”); the details keep the English reason. */
export function expressionError(
  source: string,
  pos: SourcePos,
  reason: Localized,
  context?: ExpressionContext,
): RongheError {
  const ctx = context === undefined ? undefined : both(context);
  const details: ExpressionErrorDetails = { ...pos, reason: reason.en, reasons: reason, source };
  if (ctx) details.context = ctx.en;
  const e = new RongheError(
    'RONGHE_VALIDATION',
    {
      en: `${ctx ? `${ctx.en}: ` : ''}line ${pos.line}, column ${pos.column} (offset ${pos.offset}): ${reason.en}`,
      'zh-CN': `${ctx ? `${ctx['zh-CN']}：` : ''}第 ${pos.line} 行第 ${pos.column} 列（偏移 ${pos.offset}）：${reason['zh-CN']}`,
    },
    details,
  );
  return e;
}

/** Re-throws an expression error with a context prefix (rule id and field) added. */
export function withContext(e: unknown, context: ExpressionContext): unknown {
  if (!(e instanceof RongheError) || e.code !== 'RONGHE_VALIDATION') return e;
  const d = e.details as ExpressionErrorDetails | undefined;
  if (!d || typeof d.offset !== 'number' || d.context) return e;
  const reason = d.reasons ?? { en: d.reason, 'zh-CN': d.reason };
  return expressionError(d.source, d, reason, context);
}
