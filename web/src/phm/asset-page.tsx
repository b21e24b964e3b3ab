// PHM of one asset (资产健康): the latest stored assessment (GET …/health only reads; 404 until the
// first) with "assess now" (POST …/assess computes, logs and writes back), and the latest
// bearing diagnosis from a vibration waveform (BearingCard). The health shown is the API's
// `combined` figure: the worse of the baseline and the diagnosis, with the reason beneath.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, isApiError } from '../api/client';
import type { Asset } from '../api/types';
import { formatDateTime, formatNumber } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { Empty, ErrorState, Loading } from '../shell/states';
import { BearingCard, faultOf } from './bearing-card';
import { PhmTabs } from './tabs';
import { assessmentsKey } from './queries';
import { healthBand, type HealthAssessment, type LatestHealth } from './types';

const bandClass = { good: 'status-running', watch: 'sev-major', poor: 'sev-critical' } as const;
const notFound = (e: unknown) => isApiError(e) && e.status === 404;

export function AssetPhmPage() {
  const { t } = useTranslation('phm');
  const { id = '' } = useParams();
  const asset = useQuery({
    queryKey: ['assets', id],
    queryFn: () => api.get('/api/v1/assets/{id}', { path: { id } }) as Promise<Asset>,
  });
  const title = asset.data ? `${asset.data.name} (${asset.data.serial})` : id;
  return (
    <section aria-labelledby="asset-phm-title">
      <PhmTabs />
      <h1 id="asset-phm-title">
        {t('asset.title')}: {title}
      </h1>
      <p className="muted">
        {t('asset.intro')} <Link to={`/assets/${id}`}>{t('asset.open')}</Link>
      </p>
      <HealthCard assetId={id} />
      <BearingCard assetId={id} />
    </section>
  );
}

function HealthCard({ assetId }: { assetId: string }) {
  const { t } = useTranslation('phm');
  const mayAssess = useCan('phm:write');
  const key = ['phm', 'health', assetId];
  const q = useQuery({
    queryKey: key,
    retry: (n, e) => !notFound(e) && n < 2,
    queryFn: () =>
      api.get<'/api/v1/phm/assets/{id}/health', LatestHealth>('/api/v1/phm/assets/{id}/health', {
        path: { id: assetId },
      }),
  });
  const assess = useAction(
    () =>
      api.post<'/api/v1/phm/assets/{id}/assess', HealthAssessment>(
        '/api/v1/phm/assets/{id}/assess',
        {},
        { path: { id: assetId } },
      ),
    {
      success: (r) => (r.status === 'ok' ? t('asset.assessedNow') : r.reason),
      invalidate: [key, assessmentsKey],
    },
  );
  let body;
  if (q.isPending) body = <Loading />;
  else if (q.error)
    body = notFound(q.error) ? (
      <Empty>{t('asset.notAssessed')}</Empty>
    ) : (
      <ErrorState error={q.error} retry={() => void q.refetch()} />
    );
  else {
    const h = q.data;
    // The figure to show hears the bearing diagnosis (the worse of the two; API `combined`).
    const c = h.combined;
    const band = healthBand(c.health);
    const d = c.diagnosis;
    const fault = d
      ? (() => {
          const f = faultOf(d.label);
          return f ? `${t(`bearing.fault.${f}`)} (${d.label})` : d.label;
        })()
      : '';
    const why =
      d === null
        ? null
        : c.source === 'diagnosis'
          ? t('asset.byDiagnosis', {
              fault,
              severity: t(`bearing.severity.${d.level}`, { defaultValue: d.level }),
              confidence: formatNumber((c.confidence ?? 0) * 100, 0),
              baseline: formatNumber(c.baselineHealth, 0),
              health: formatNumber(c.health, 0),
            })
          : t('asset.byBaseline', { fault });
    body = (
      <>
        <div className="kpis" data-testid="latest-assessment">
          <div className="kpi">
            <div className="value">
              {formatNumber(c.health, 0)}{' '}
              <span className={`badge ${bandClass[band]}`}>{t(`health.band.${band}`)}</span>
            </div>
            <div className="label">{t('health.health')}</div>
          </div>
          <div className="kpi">
            <div className="value">
              {h.rul.kind === 'trend' ? `${formatNumber(h.rul.hours, 0)} h` : t('health.noTrend')}
            </div>
            <div className="label">
              {t('health.rul')}
              {h.rul.kind === 'trend' &&
                ` · ${formatNumber(h.rul.lower, 0)} – ${
                  h.rul.upper === null ? t('health.open') : formatNumber(h.rul.upper, 0)
                }`}
            </div>
          </div>
          <div className="kpi">
            <div className="value">{formatDateTime(h.assessedAt)}</div>
            <div className="label">
              {t('health.at')} · v{h.modelVersion}
            </div>
          </div>
        </div>
        {why && (
          <p className="muted" data-testid="health-reason" data-source={c.source}>
            {why}
          </p>
        )}
      </>
    );
  }
  return (
    <section className="card" aria-labelledby="latest-title">
      <h2 id="latest-title">{t('asset.latest')}</h2>
      {mayAssess && (
        <div className="toolbar">
          <button
            type="button"
            className="primary"
            disabled={assess.isPending}
            onClick={() => assess.mutate()}
          >
            {t('asset.assessNow')}
          </button>
        </div>
      )}
      {body}
    </section>
  );
}
