// PHM model registry (PHM 模型): every version of every model with its training period and data;
// engineers (phm:write) train a health baseline for an asset model, retrain a version on a new
// healthy period, and activate an older version.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { formatDate, formatDateTime, formatNumber } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { ModelMetrics } from './model-metrics';
import { PhmTabs } from './tabs';
import { assessmentsKey, fetchAssetModels, fetchModels, modelsKey } from './queries';
import type { RegisteredModel } from './types';

const DAY = 86_400_000;
/** A date input (tenant day, UTC+8) as epoch ms at its start. */
const dayStart = (d: string): number => Date.parse(`${d}T00:00:00+08:00`);
const dayInput = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

export function ModelsPage() {
  const { t } = useTranslation('phm');
  const mayWrite = useCan('phm:write');
  const models = useQuery({ queryKey: modelsKey, queryFn: fetchModels });
  const assetModels = useQuery({ queryKey: ['phm', 'asset-models'], queryFn: fetchAssetModels });
  const modelName = new Map((assetModels.data ?? []).map((m) => [m.id, m.name]));
  const [period, setPeriod] = useState(() => ({
    from: dayInput(Date.now() - 14 * DAY),
    to: dayInput(Date.now() + DAY),
  }));
  const activate = useAction(
    (m: RegisteredModel) =>
      api.post<'/api/v1/phm/models/{id}/activate', RegisteredModel>(
        '/api/v1/phm/models/{id}/activate',
        {},
        { path: { id: m.id } },
      ),
    {
      success: (_r, m) => t('models.activated', { version: m.version }),
      invalidate: [modelsKey, assessmentsKey],
    },
  );
  const retrain = useAction(
    (m: RegisteredModel) =>
      api.post<'/api/v1/phm/models/{id}/retrain', RegisteredModel>(
        '/api/v1/phm/models/{id}/retrain',
        { from: dayStart(period.from), to: dayStart(period.to) },
        { path: { id: m.id } },
      ),
    { success: (r) => t('models.retrained', { version: r.version }), invalidate: [modelsKey] },
  );
  return (
    <section aria-labelledby="models-title">
      <PhmTabs />
      <h1 id="models-title">{t('models.title')}</h1>
      <p className="muted">{t('models.intro')}</p>
      {mayWrite && (
        <Train assetModels={assetModels.data ?? []} period={period} setPeriod={setPeriod} />
      )}
      <div className="card table-wrap">
        <QueryView query={models} isEmpty={(d) => d.length === 0} empty={t('models.empty')}>
          {(list) => (
            <table data-testid="models-table">
              <thead>
                <tr>
                  <th>{t('models.assetModel')}</th>
                  <th>{t('models.kind')}</th>
                  <th>{t('models.version')}</th>
                  <th>{t('models.status')}</th>
                  <th>{t('models.period')}</th>
                  <th>{t('models.assets')}</th>
                  <th>{t('models.points')}</th>
                  <th>{t('models.channels')}</th>
                  <th>{t('models.validation')}</th>
                  <th>{t('models.createdAt')}</th>
                  {mayWrite && <th>{t('models.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {list.map((m) => (
                  <tr key={m.id}>
                    <td>{modelName.get(m.assetModelId) ?? m.assetModelId}</td>
                    <td>{t(`models.kinds.${m.kind}`)}</td>
                    <td>v{m.version}</td>
                    <td>
                      <span
                        className={`badge ${m.status === 'active' ? 'status-running' : 'muted'}`}
                      >
                        {t(`models.${m.status}`)}
                      </span>
                    </td>
                    {/* A bearing model is trained from files, not from a period of assets. */}
                    <td>
                      {m.kind === 'bearing'
                        ? '—'
                        : `${formatDate(m.training.from)} – ${formatDate(m.training.to)}`}
                    </td>
                    <td>{m.kind === 'bearing' ? '—' : m.training.assetCount}</td>
                    <td>{formatNumber(m.training.points, 0)}</td>
                    <td>{m.training.channels.join(', ')}</td>
                    <td>
                      <ModelMetrics m={m} />
                    </td>
                    <td>{formatDateTime(m.createdAt)}</td>
                    {mayWrite && (
                      <td className="actions">
                        {m.status !== 'active' && (
                          <button
                            type="button"
                            disabled={activate.isPending}
                            onClick={() => activate.mutate(m)}
                          >
                            {t('models.activate')} v{m.version}
                          </button>
                        )}
                        {m.kind === 'health-baseline' && m.status === 'active' && (
                          <button
                            type="button"
                            disabled={retrain.isPending}
                            onClick={() => retrain.mutate(m)}
                          >
                            {t('models.retrain')}
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </div>
    </section>
  );
}

function Train({
  assetModels,
  period,
  setPeriod,
}: {
  assetModels: Array<{ id: string; name: string }>;
  period: { from: string; to: string };
  setPeriod: (p: { from: string; to: string }) => void;
}) {
  const { t } = useTranslation('phm');
  const [modelId, setModelId] = useState('');
  const chosen = modelId || assetModels[0]?.id || '';
  const train = useAction(
    () =>
      api.post<'/api/v1/phm/models/health-baseline', RegisteredModel>(
        '/api/v1/phm/models/health-baseline',
        { modelId: chosen, from: dayStart(period.from), to: dayStart(period.to) },
      ),
    {
      success: (r) =>
        t('models.trained', {
          kind: t(`models.kinds.${r.kind}`),
          version: r.version,
          points: r.training.points,
        }),
      invalidate: [modelsKey],
    },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    train.mutate();
  };
  return (
    <form className="panel toolbar" onSubmit={submit} aria-label={t('models.train')}>
      <label>
        {t('models.assetModel')}
        <select value={chosen} onChange={(e) => setModelId(e.target.value)}>
          {assetModels.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('models.from')}
        <input
          type="date"
          required
          value={period.from}
          onChange={(e) => setPeriod({ ...period, from: e.target.value })}
        />
      </label>
      <label>
        {t('models.to')}
        <input
          type="date"
          required
          value={period.to}
          onChange={(e) => setPeriod({ ...period, to: e.target.value })}
        />
      </label>
      <button type="submit" className="primary" disabled={train.isPending || !chosen}>
        {t('models.train')}
      </button>
    </form>
  );
}
