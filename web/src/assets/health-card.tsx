// PHM on the asset page: health index (0–100) trend over the last 7 days and the trend RUL with
// its interval from the latest stored assessment (GET /api/v1/phm/assets/{id}/health); assets
// whose model has no health baseline, or that were not assessed yet,
// say so instead of failing. The figure shown is the API's combined one, the worse of the
// baseline and the latest bearing diagnosis (src/phm/analytics/combined-health.ts), as on the
// PHM asset page: this card read 100 beside an inner-race diagnosis there of 70.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, isApiError } from '../api/client';
import type { Asset } from '../api/types';
import { Chart, timeAxis, timeTooltip } from '../shell/chart';
import { formatDateTime, formatNumber } from '../shell/format';
import { Empty, ErrorState, Loading } from '../shell/states';

type Rul =
  | { kind: 'no-trend'; reason: string }
  | { kind: 'trend'; hours: number; lower: number; upper: number | null };
type Health =
  | { status: 'insufficient-data'; reason: string }
  | {
      status: 'ok';
      assessedAt: number;
      trend: Array<{ t: number; health: number }>;
      latest: { health: number };
      combined: { health: number; source: 'baseline' | 'diagnosis' };
      rul: Rul;
    };

export function HealthCard({ asset }: { asset: Asset }) {
  const { t } = useTranslation('assets');
  const [to] = useState(() => Date.now());
  const range = { from: to - 7 * 86_400_000, to };
  // Ask for health only where the model has an active baseline (else the API's 404 is expected).
  const baseline = useQuery({
    queryKey: ['phm', 'models', 'health-baseline', asset.modelId],
    enabled: !!asset.modelId,
    queryFn: () =>
      api.get<'/api/v1/phm/models', { items: Array<{ status: string }> }>('/api/v1/phm/models', {
        query: { kind: 'health-baseline', assetModelId: asset.modelId ?? undefined },
      }),
  });
  const hasBaseline = !!baseline.data?.items.some((m) => m.status === 'active');
  const q = useQuery({
    enabled: hasBaseline,
    queryKey: ['phm', 'health', asset.id],
    queryFn: () =>
      api.get<'/api/v1/phm/assets/{id}/health', Health>('/api/v1/phm/assets/{id}/health', {
        path: { id: asset.id },
      }),
  });
  const option = useMemo(
    () =>
      q.data?.status === 'ok'
        ? {
            grid: { left: 40, right: 12, top: 16, bottom: 40 },
            tooltip: timeTooltip(),
            xAxis: timeAxis(range),
            yAxis: { type: 'value', min: 0, max: 100 },
            series: [
              {
                type: 'line',
                name: t('asset.health'),
                showSymbol: false,
                data: q.data.trend.map((p) => [p.t, p.health]),
                color: '#15803d',
              },
            ],
          }
        : null,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [q.data, t],
  );
  let body;
  if (baseline.isPending) body = <Loading />;
  else if (baseline.error) body = <ErrorState error={baseline.error} />;
  else if (!hasBaseline) body = <Empty>{t('asset.noHealth')}</Empty>;
  else if (q.isPending) body = <Loading />;
  else if (q.error)
    body =
      isApiError(q.error) && q.error.status === 404 ? (
        <Empty>{t('asset.notAssessed')}</Empty>
      ) : (
        <ErrorState error={q.error} />
      );
  else if (q.data.status !== 'ok') body = <Empty>{q.data.reason}</Empty>;
  else {
    const r = q.data.rul;
    body = (
      <>
        <div className="kpis">
          <div className="kpi" data-testid="asset-health" data-source={q.data.combined.source}>
            <div className="value">{formatNumber(q.data.combined.health, 0)}</div>
            <div className="label">
              {t('asset.health')}
              {q.data.combined.source === 'diagnosis' && (
                <>
                  <br />
                  {t('asset.byDiagnosis', { baseline: formatNumber(q.data.latest.health, 0) })}
                </>
              )}
            </div>
          </div>
          <div className="kpi">
            <div className="value">
              {r.kind === 'trend' ? t('asset.hours', { value: formatNumber(r.hours, 0) }) : '—'}
            </div>
            <div className="label">
              {t('asset.rul')}
              {r.kind === 'trend' && (
                <>
                  <br />
                  {t('asset.interval')}: {formatNumber(r.lower, 0)} –{' '}
                  {r.upper === null ? '∞' : formatNumber(r.upper, 0)}
                </>
              )}
            </div>
          </div>
        </div>
        <p className="muted">{t('asset.assessedAt', { at: formatDateTime(q.data.assessedAt) })}</p>
        {option && <Chart option={option} label={t('asset.health')} height={180} />}
      </>
    );
  }
  return (
    <section className="card" aria-labelledby="health-title">
      <h2 id="health-title">{t('asset.health')}</h2>
      {body}
      <Link to={`/phm/assets/${asset.id}`}>{t('asset.phm')}</Link>
    </section>
  );
}
