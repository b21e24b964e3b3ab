// Source positions and the one error shape for bad expressions: every rejection names the
// problem and where it is (line, column and character offset), so a rule editor can underline it.
import { RongheError } from '../../kernel/index.ts';

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

/** A RONGHE_VALIDATION error whose message reads e.g. `line 1, column 5 (offset 4): unknown channel 'tmp'`. */
export function expressionError(
  source: string,
  pos: SourcePos,
  reason: string,
  context?: string,
): RongheError {
  const where = `line ${pos.line}, column ${pos.column} (offset ${pos.offset})`;
  const prefix = context ? `${context}: ` : '';
  const details: ExpressionErrorDetails = { ...pos, reason, source };
  if (context) details.context = context;
  return new RongheError(
    'RONGHE_VALIDATION',
    { en: `${prefix}${where}: ${reason}`, 'zh-CN': `${prefix}${where}：${reason}` },
    details,
  );
}

/** Re-throws an expression error with a context prefix (rule id and field) added. */
export function withContext(e: unknown, context: string): unknown {
  if (!(e instanceof RongheError) || e.code !== 'RONGHE_VALIDATION') return e;
  const d = e.details as ExpressionErrorDetails | undefined;
  if (!d || typeof d.offset !== 'number' || d.context) return e;
  return expressionError(d.source, d, d.reason, context);
}
