// Preview (预览) in the rule editor: the chosen expression field evaluated by the server over
// one asset's recorded data (POST /api/v1/monitoring/preview: the last hour, or the last day)
// exactly as the ingest path would, drawn on the tenant's time axis; a condition is drawn as a
// step between false and true with how often it would have fired. Nothing is saved.
import { useMemo, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { Chart, palette, timeAxis, timeTooltip } from '../shell/chart';
import { formatNumber } from '../shell/format';
import { useAllAssets } from '../shell/reference-queries';
import { ErrorState } from '../shell/states';
import type { RuleScope } from './rules-editor';

type Answer = {
  type: 'number' | 'boolean';
  from: number;
  to: number;
  channels: string[];
  points: Array<Array<number | boolean | null>>;
  rises: number;
  truncated: boolean;
};
const HOUR = 3_600_000;

function useAssetsOf(scope: RuleScope) {
  const all = useAllAssets(scope.kind === 'model');
  if (scope.kind === 'asset') return null;
  return (all.data?.items ?? []).filter((a) => a.modelId === scope.id);
}

export function RulePreview({
  scope,
  fields,
}: {
  scope: RuleScope;
  /** The expression fields of the rule's kind: [field name, its label, its text]. */
  fields: Array<[string, string, string]>;
}) {
  const { t } = useTranslation('rules');
  const assets = useAssetsOf(scope);
  const [pickedAsset, setAsset] = useState('');
  const [pickedField, setField] = useState('');
  const [hours, setHours] = useState(1);
  const assetId = scope.kind === 'asset' ? scope.id : pickedAsset || assets?.[0]?.id || '';
  const field = fields.find((f) => f[0] === pickedField) ?? fields[0];
  const run = useMutation({
    mutationFn: (body: { assetId: string; expression: string; from: number; to: number }) =>
      api.post<'/api/v1/monitoring/preview', Answer>('/api/v1/monitoring/preview', body),
  });
  if (!field) return null;
  const go = () => {
    const to = Date.now();
    run.mutate({ assetId, expression: field[2], from: to - hours * HOUR, to });
  };
  return (
    <section className="card rule-preview" aria-labelledby="rule-preview-title">
      <h3 id="rule-preview-title">{t('preview.title')}</h3>
      <div className="toolbar">
        {fields.length > 1 && (
          <label>
            {t('preview.field')}
            <select value={field[0]} onChange={(e) => setField(e.target.value)}>
              {fields.map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        )}
        {assets && (
          <label>
            {t('preview.asset')}
            <select value={assetId} onChange={(e) => setAsset(e.target.value)}>
              {assets.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.serial})
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('preview.range')}
          <select value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            <option value={1}>{t('preview.hour')}</option>
            <option value={24}>{t('preview.day')}</option>
          </select>
        </label>
        <button
          type="button"
          onClick={go}
          disabled={run.isPending || !assetId || !field[2].trim()}
          data-testid="preview-run"
        >
          {run.isPending ? t('preview.running') : t('preview.run')}
        </button>
      </div>
      {run.error && <ErrorState error={run.error} />}
      {run.data && <PreviewChart answer={run.data} label={field[1]} />}
    </section>
  );
}

function PreviewChart({ answer: a, label }: { answer: Answer; label: string }) {
  const { t } = useTranslation('rules');
  const bool = a.type === 'boolean';
  const option = useMemo(
    () => ({
      color: palette,
      grid: { left: 48, right: 16, top: 16, bottom: 36 },
      xAxis: timeAxis({ from: a.from, to: a.to }),
      yAxis: bool
        ? {
            type: 'value',
            min: 0,
            max: 1,
            interval: 1,
            axisLabel: { formatter: (v: number) => (v ? t('preview.true') : t('preview.false')) },
          }
        : { type: 'value', scale: true },
      tooltip: timeTooltip(),
      series: [
        {
          type: 'line',
          name: label,
          showSymbol: a.points.length < 60,
          step: bool ? 'end' : undefined,
          data: a.points.map(([ts, v]) => [ts, typeof v === 'boolean' ? Number(v) : v]),
        },
      ],
    }),
    [a, bool, label, t],
  );
  const last = a.points.at(-1)?.[1];
  return (
    <div data-testid="preview-result">
      <p className="muted" data-testid="preview-summary">
        {a.points.length === 0
          ? t('preview.noData', { channels: a.channels.join(', ') || '—' })
          : bool
            ? t('preview.fired', { count: a.rises, points: a.points.length })
            : t('preview.values', {
                points: a.points.length,
                last: typeof last === 'number' ? formatNumber(last) : '—',
              })}
        {a.truncated && ` ${t('preview.truncated')}`}
      </p>
      {a.points.length > 0 && (
        <Chart
          option={option}
          label={t('preview.chart', { field: label })}
          height={220}
          testId="preview-chart"
          notMerge
        />
      )}
    </div>
  );
}
