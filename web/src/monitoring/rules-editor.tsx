// The rule form: one rule of any kind (src/monitoring/rules/types.ts). Saving PUTs it to the
// model or asset; the server compiles it against the channels and, for a bad expression, answers
// RONGHE_VALIDATION with the field ("rule 'x' field 'when'") and line/column/offset, which the
// field then marks.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueryKey } from '@tanstack/react-query';
import { api, isApiError } from '../api/client';
import { useAction } from '../shell/notices';
import type { RuleSpec } from '../../../src/monitoring/rules/types.ts';
import { ExpressionField, type ExpressionMark } from './rules-expression-field';
import { RulePreview } from './rules-preview';

export type RuleScope = { kind: 'model'; id: string } | { kind: 'asset'; id: string };

const kinds = ['threshold', 'rate', 'deviation', 'expression', 'no-data'] as const;
const severities = ['critical', 'major', 'minor', 'warning'] as const;
type Draft = Record<string, string>;

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

function toDraft(r: RuleSpec | null): Draft {
  if (!r) return { id: '', name: '', severity: 'major', kind: 'threshold', op: 'above' };
  const d: Draft = {};
  for (const [k, v] of Object.entries(r)) d[k] = str(v);
  if (r.forMs !== undefined) d.forS = str(r.forMs / 1000);
  if (r.kind === 'no-data') d.expectedIntervalS = str(r.expectedIntervalMs / 1000);
  return d;
}

/** A limit is a number when it reads as one, else an expression. */
const limit = (s: string): number | string => {
  const n = Number(s);
  return s.trim() !== '' && Number.isFinite(n) ? n : s;
};

function toRule(d: Draft): Record<string, unknown> {
  const r: Record<string, unknown> = { id: d.id, severity: d.severity, kind: d.kind };
  if (d.name) r.name = d.name;
  if (d.forS) r.forMs = Math.round(Number(d.forS) * 1000);
  switch (d.kind) {
    case 'threshold':
      Object.assign(r, { value: d.value ?? '', op: d.op ?? 'above' });
      if (d.op === 'outside')
        Object.assign(r, { low: limit(d.low ?? ''), high: limit(d.high ?? '') });
      else r.limit = limit(d.limit ?? '');
      break;
    case 'rate':
      Object.assign(r, { value: d.value ?? '', maxPerMinute: limit(d.maxPerMinute ?? '') });
      break;
    case 'deviation':
      Object.assign(r, {
        value: d.value ?? '',
        reference: d.reference ?? '',
        maxDeviation: limit(d.maxDeviation ?? ''),
      });
      break;
    case 'expression':
      r.when = d.when ?? '';
      if (d.clearWhen) r.clearWhen = d.clearWhen;
      break;
    case 'no-data':
      r.expectedIntervalMs = Math.round(Number(d.expectedIntervalS ?? '0') * 1000);
      break;
  }
  return r;
}

/** The field and place a validation error names, when it names one. */
function markOf(e: unknown, lang: string): { field: string | null; mark: ExpressionMark } | null {
  if (!isApiError(e) || e.code !== 'RONGHE_VALIDATION') return null;
  const d = e.details as
    | Partial<ExpressionMark & { context: string; reasons: Record<'en' | 'zh-CN', string> }>
    | undefined;
  if (!d || typeof d.line !== 'number' || typeof d.column !== 'number') return null;
  const field = /field '(\w+)'/.exec(d.context ?? '')?.[1] ?? null;
  return {
    field,
    mark: {
      line: d.line,
      column: d.column,
      offset: d.offset ?? 0,
      reason: d.reasons?.[lang === 'en' ? 'en' : 'zh-CN'] ?? d.reason ?? e.message,
    },
  };
}

const exprFields: Record<string, string[]> = {
  threshold: ['value'],
  rate: ['value'],
  deviation: ['value', 'reference'],
  expression: ['when', 'clearWhen'],
  'no-data': [],
};

export function RuleEditor({
  scope,
  rule,
  invalidate,
  onDone,
}: {
  scope: RuleScope;
  rule: RuleSpec | null;
  invalidate: QueryKey[];
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation('rules');
  const [d, setD] = useState<Draft>(() => toDraft(rule));
  const [err, setErr] = useState<{ field: string | null; mark: ExpressionMark } | null>(null);
  const set = (k: string) => (v: string) => {
    setD((x) => ({ ...x, [k]: v }));
    if (err?.field === k) setErr(null);
  };
  const save = useAction(
    (body: Record<string, unknown>) =>
      scope.kind === 'model'
        ? api.put('/api/v1/monitoring/rules/models/{modelId}', body as never, {
            path: { modelId: scope.id },
          })
        : api.put('/api/v1/monitoring/rules/assets/{assetId}', body as never, {
            path: { assetId: scope.id },
          }),
    { success: (_r, body) => t('editor.saved', { id: String(body.id) }), invalidate },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErr(null);
    save.mutate(toRule(d), {
      onSuccess: onDone,
      onError: (x) => setErr(markOf(x, i18n.language)),
    });
  };
  // An error naming no known field of this kind marks the first expression field.
  const fieldOfMark = err && (err.field ?? exprFields[d.kind ?? '']?.[0] ?? null);
  const markFor = (f: string) => (err && fieldOfMark === f ? err.mark : undefined);
  const input = (k: string, props: { type?: string; required?: boolean } = {}) => (
    <label>
      {t(`editor.${k}`)}
      <input
        name={k}
        value={d[k] ?? ''}
        type={props.type ?? 'text'}
        required={props.required}
        step="any"
        onChange={(e) => set(k)(e.target.value)}
      />
    </label>
  );
  const expr = (k: string, required = true) => (
    <ExpressionField
      name={k}
      label={t(`editor.${k}`)}
      value={d[k] ?? ''}
      onChange={set(k)}
      mark={markFor(k)}
      required={required}
    />
  );
  return (
    <form className="panel rule-editor" onSubmit={submit} aria-labelledby="rule-editor-title">
      <h2 id="rule-editor-title">
        {rule ? t('editor.title', { id: rule.id }) : t('editor.newTitle')}
      </h2>
      <div className="toolbar">
        <label>
          {t('editor.id')}
          <input
            name="id"
            required
            pattern="[A-Za-z0-9_.\-]+"
            maxLength={64}
            readOnly={!!rule}
            value={d.id ?? ''}
            onChange={(e) => set('id')(e.target.value)}
          />
        </label>
        {input('name')}
        <label>
          {t('editor.severity')}
          <select value={d.severity} onChange={(e) => set('severity')(e.target.value)}>
            {severities.map((s) => (
              <option key={s} value={s}>
                {t(`severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('editor.kind')}
          <select name="kind" value={d.kind} onChange={(e) => set('kind')(e.target.value)}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {d.kind !== 'no-data' && input('forS', { type: 'number' })}
      </div>
      {d.kind === 'threshold' && (
        <>
          {expr('value')}
          <div className="toolbar">
            <label>
              {t('editor.op')}
              <select value={d.op ?? 'above'} onChange={(e) => set('op')(e.target.value)}>
                {(['above', 'below', 'outside'] as const).map((o) => (
                  <option key={o} value={o}>
                    {t(`op.${o}`)}
                  </option>
                ))}
              </select>
            </label>
            {d.op === 'outside' ? (
              <>
                {input('low', { required: true })}
                {input('high', { required: true })}
              </>
            ) : (
              input('limit', { required: true })
            )}
          </div>
        </>
      )}
      {d.kind === 'rate' && (
        <>
          {expr('value')}
          <div className="toolbar">{input('maxPerMinute', { required: true })}</div>
        </>
      )}
      {d.kind === 'deviation' && (
        <>
          {expr('value')}
          {expr('reference')}
          <div className="toolbar">{input('maxDeviation', { required: true })}</div>
        </>
      )}
      {d.kind === 'expression' && (
        <>
          {expr('when')}
          {expr('clearWhen', false)}
        </>
      )}
      {d.kind === 'no-data' && (
        <div className="toolbar">
          {input('expectedIntervalS', { type: 'number', required: true })}
        </div>
      )}
      <RulePreview
        scope={scope}
        fields={(exprFields[d.kind ?? ''] ?? []).map((k) => [k, t(`editor.${k}`), d[k] ?? ''])}
      />
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('editor.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('editor.cancel')}
        </button>
      </div>
    </form>
  );
}
