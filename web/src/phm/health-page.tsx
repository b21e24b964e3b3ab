// Installed-base health (健康与寿命): KPIs over each asset's health as its own page shows it (the
// worse of the baseline and the latest bearing diagnosis, GET /api/v1/phm/health), the RUL
// ranking with intervals, and the table. "Assess all" (phm:write) assesses every asset whose asset model
// has an active health baseline and writes the scores back as telemetry.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import { formatDateTime, formatNumber } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { PhmTabs } from './tabs';
import {
  assessmentsKey,
  fetchAssets,
  fetchFleetHealth,
  fetchModels,
  fleetHealthKey,
  modelsKey,
} from './queries';
import { RulChart } from './rul-chart';
import { healthBand, rankByRul, type FleetHealth, type HealthAssessment } from './types';

const bandClass = { good: 'status-running', watch: 'sev-major', poor: 'sev-critical' } as const;

export function HealthPage() {
  const { t } = useTranslation('phm');
  const mayAssess = useCan('phm:write');
  const assessments = useQuery({ queryKey: fleetHealthKey, queryFn: fetchFleetHealth });
  const models = useQuery({ queryKey: modelsKey, queryFn: fetchModels });
  const assets = useQuery({ queryKey: ['phm', 'assets'], queryFn: () => fetchAssets() });
  const names = new Map((assets.data ?? []).map((a) => [a.id, `${a.name} (${a.serial})`]));
  const baselines = (models.data ?? []).filter(
    (m) => m.kind === 'health-baseline' && m.status === 'active',
  );
  const assessAll = useAction(
    async () => {
      let ok = 0;
      let skipped = 0;
      for (const m of baselines) {
        for (const a of await fetchAssets(m.assetModelId)) {
          const r = await api.post<'/api/v1/phm/assets/{id}/assess', HealthAssessment>(
            '/api/v1/phm/assets/{id}/assess',
            {},
            { path: { id: a.id } },
          );
          if (r.status === 'ok') ok++;
          else skipped++;
        }
      }
      return { ok, skipped };
    },
    { success: (r) => t('health.assessed', r), invalidate: [assessmentsKey] },
  );
  return (
    <section aria-labelledby="health-title">
      <PhmTabs />
      <h1 id="health-title">{t('health.title')}</h1>
      <p className="muted">{t('health.intro')}</p>
      {mayAssess && (
        <div className="toolbar">
          <button
            type="button"
            className="primary"
            disabled={assessAll.isPending || baselines.length === 0}
            onClick={() => assessAll.mutate()}
          >
            {t('health.assessAll')}
          </button>
          {models.isSuccess && baselines.length === 0 && (
            <span className="muted">
              {t('health.noBaseline')} <Link to="/phm/models">{t('menu.models')}</Link>
            </span>
          )}
        </div>
      )}
      <QueryView query={assessments} isEmpty={(d) => d.length === 0} empty={t('health.empty')}>
        {(items) => <Overview items={items} names={names} />}
      </QueryView>
    </section>
  );
}

function Overview({ items, names }: { items: FleetHealth[]; names: Map<string, string> }) {
  const { t } = useTranslation('phm');
  const ranked = rankByRul(items);
  const mean = ranked.reduce((s, a) => s + a.health, 0) / ranked.length;
  const poor = ranked.filter((a) => healthBand(a.health) === 'poor').length;
  const soonest = ranked.find((a) => a.rul !== null);
  return (
    <>
      <div className="kpis">
        <div className="kpi">
          <div className="value">{ranked.length}</div>
          <div className="label">{t('health.kpiAssessed')}</div>
        </div>
        <div className="kpi">
          <div className="value">{formatNumber(mean, 0)}</div>
          <div className="label">{t('health.kpiMean')}</div>
        </div>
        <div className="kpi">
          <div className="value">{poor}</div>
          <div className="label">{t('health.kpiPoor')}</div>
        </div>
        <div className="kpi">
          <div className="value">
            {soonest?.rul != null ? `${formatNumber(soonest.rul, 0)} h` : '—'}
          </div>
          <div className="label">{t('health.kpiSoonest')}</div>
        </div>
      </div>
      <section className="card" aria-labelledby="rul-title">
        <h2 id="rul-title">{t('health.ranking')}</h2>
        <RulChart ranked={ranked} names={names} />
        <div className="table-wrap">
          <table data-testid="rul-table">
            <thead>
              <tr>
                <th>{t('health.asset')}</th>
                <th>{t('health.health')}</th>
                <th>{t('health.rul')}</th>
                <th>{t('health.range')}</th>
                <th>{t('health.model')}</th>
                <th>{t('health.at')}</th>
              </tr>
            </thead>
            <tbody>
              {ranked.map((a) => {
                const band = healthBand(a.health);
                return (
                  <tr key={a.assetId}>
                    <td>
                      <Link to={`/phm/assets/${a.assetId}`}>
                        {names.get(a.assetId) ?? a.assetId}
                      </Link>
                    </td>
                    <td>
                      {formatNumber(a.health, 0)}{' '}
                      <span className={`badge ${bandClass[band]}`}>{t(`health.band.${band}`)}</span>
                      {a.source === 'diagnosis' && a.diagnosis && (
                        <span className="muted" data-testid="health-by-diagnosis">
                          {t('health.byDiagnosis', { label: a.diagnosis.label })}
                        </span>
                      )}
                    </td>
                    <td>{a.rul === null ? t('health.noTrend') : formatNumber(a.rul, 0)}</td>
                    <td>
                      {a.rul === null
                        ? '—'
                        : `${formatNumber(a.lower ?? 0, 0)} – ${
                            a.upper === null ? t('health.open') : formatNumber(a.upper, 0)
                          }`}
                    </td>
                    <td>v{a.modelVersion}</td>
                    <td>{formatDateTime(a.assessedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
