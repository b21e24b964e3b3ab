// Assessment schedules (评估计划): per asset model, the active model of a kind assesses every
// asset every N minutes over the last M hours and writes health_index and rul_hours back, so
// rules and work-order policies act on them. One schedule per kind and asset model (PUT
// replaces it); engineers (phm:write) create and delete them.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { formatDateTime } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { PhmTabs } from './tabs';
import { fetchAssetModels, fetchSchedules, schedulesKey } from './queries';
import type { Schedule } from './types';

export function SchedulesPage() {
  const { t } = useTranslation('phm');
  const mayWrite = useCan('phm:write');
  const schedules = useQuery({ queryKey: schedulesKey, queryFn: fetchSchedules });
  const assetModels = useQuery({ queryKey: ['phm', 'asset-models'], queryFn: fetchAssetModels });
  const modelName = new Map((assetModels.data ?? []).map((m) => [m.id, m.name]));
  const remove = useAction(
    (s: Schedule) => api.delete('/api/v1/phm/schedules/{id}', { path: { id: s.id } }),
    { success: () => t('schedules.deleted'), invalidate: [schedulesKey] },
  );
  return (
    <section aria-labelledby="schedules-title">
      <PhmTabs />
      <h1 id="schedules-title">{t('schedules.title')}</h1>
      <p className="muted">{t('schedules.intro')}</p>
      {mayWrite && <CreateSchedule assetModels={assetModels.data ?? []} />}
      <div className="card table-wrap">
        <QueryView query={schedules} isEmpty={(d) => d.length === 0} empty={t('schedules.empty')}>
          {(list) => (
            <table data-testid="schedules-table">
              <thead>
                <tr>
                  <th>{t('models.assetModel')}</th>
                  <th>{t('models.kind')}</th>
                  <th>{t('schedules.interval')}</th>
                  <th>{t('schedules.window')}</th>
                  <th>{t('schedules.nextRun')}</th>
                  <th>{t('schedules.lastRun')}</th>
                  {mayWrite && <th>{t('models.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.id}>
                    <td>{modelName.get(s.assetModelId) ?? s.assetModelId}</td>
                    <td>{t(`models.kinds.${s.kind}`)}</td>
                    <td>{t('schedules.minutes', { n: s.intervalMinutes })}</td>
                    <td>{t('schedules.hours', { n: s.windowHours })}</td>
                    <td>{formatDateTime(s.nextRunAt)}</td>
                    <td>
                      {s.lastRunAt === null
                        ? '—'
                        : `${formatDateTime(s.lastRunAt)} · ${t('schedules.result', {
                            ok: s.lastResult?.ok ?? 0,
                            skipped:
                              (s.lastResult?.insufficientData ?? 0) + (s.lastResult?.failed ?? 0),
                          })}`}
                    </td>
                    {mayWrite && (
                      <td className="actions">
                        <button
                          type="button"
                          disabled={remove.isPending}
                          onClick={() => remove.mutate(s)}
                        >
                          {t('schedules.delete')}
                        </button>
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

function CreateSchedule({ assetModels }: { assetModels: Array<{ id: string; name: string }> }) {
  const { t } = useTranslation('phm');
  const [modelId, setModelId] = useState('');
  const [minutes, setMinutes] = useState('60');
  const [hours, setHours] = useState('168');
  const [kind, setKind] = useState<Schedule['kind']>('health-baseline');
  const chosen = modelId || assetModels[0]?.id || '';
  const create = useAction(
    () =>
      api.put<'/api/v1/phm/schedules', Schedule>('/api/v1/phm/schedules', {
        kind,
        assetModelId: chosen,
        intervalMinutes: Number(minutes),
        windowHours: Number(hours),
      }),
    { success: () => t('schedules.created'), invalidate: [schedulesKey] },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="panel toolbar" onSubmit={submit} aria-label={t('schedules.create')}>
      <label>
        {t('models.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as Schedule['kind'])}>
          {(['health-baseline', 'rul'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`models.kinds.${k}`)}
            </option>
          ))}
        </select>
      </label>
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
        {t('schedules.intervalMinutes')}
        <input
          type="number"
          min={5}
          max={10080}
          required
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
        />
      </label>
      <label>
        {t('schedules.windowHours')}
        <input
          type="number"
          min={1}
          max={8784}
          required
          value={hours}
          onChange={(e) => setHours(e.target.value)}
        />
      </label>
      <button type="submit" className="primary" disabled={create.isPending || !chosen}>
        {t('schedules.create')}
      </button>
    </form>
  );
}
