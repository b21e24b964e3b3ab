// An expression input with line numbers and the server's error marked where it is: the line in
// the gutter, the offending character highlighted under the source and the caret placed there
// (details from src/monitoring/expressions/position.ts: line, column, offset, reason).
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export interface ExpressionMark {
  line: number;
  column: number;
  offset: number;
  reason: string;
}

export function ExpressionField({
  label,
  value,
  onChange,
  mark,
  required,
  name,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  mark?: ExpressionMark | undefined;
  required?: boolean;
  name: string;
}) {
  const { t } = useTranslation('rules');
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const lines = Math.max(1, value.split('\n').length);
  useEffect(() => {
    if (!mark || !area.current) return;
    area.current.focus();
    area.current.setSelectionRange(mark.offset, Math.min(value.length, mark.offset + 1));
    // Only when a new mark arrives: the user's own editing moves the caret afterwards.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mark]);
  const srcLine = mark ? (value.split('\n')[mark.line - 1] ?? '') : '';
  const col = mark ? mark.column - 1 : 0;
  return (
    <div className={`expr-field${mark ? ' has-error' : ''}`} data-field={name}>
      <label htmlFor={id}>{label}</label>
      <div className="expr-box">
        <ol className="expr-gutter" aria-label={t('editor.lines')}>
          {Array.from({ length: lines }, (_, i) => (
            <li
              key={i}
              className={mark?.line === i + 1 ? 'error-line' : undefined}
              data-testid={mark?.line === i + 1 ? 'error-line' : undefined}
            >
              {i + 1}
            </li>
          ))}
        </ol>
        <textarea
          id={id}
          ref={area}
          name={name}
          rows={Math.min(8, Math.max(2, lines))}
          spellCheck={false}
          required={required}
          value={value}
          aria-invalid={mark ? true : undefined}
          aria-describedby={mark ? `${id}-err` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      </div>
      {mark && (
        <div className="expr-error" id={`${id}-err`} role="alert" data-testid="expr-error">
          <pre aria-hidden="true">
            {srcLine.slice(0, col)}
            <mark>{srcLine.slice(col, col + 1) || ' '}</mark>
            {srcLine.slice(col + 1)}
            {'\n'}
            {' '.repeat(col)}^
          </pre>
          <p>
            {t('editor.errorAt', { line: mark.line, column: mark.column, reason: mark.reason })}
          </p>
        </div>
      )}
    </div>
  );
}
