// RUL training from the asset model's own recorded failures (从资产失效记录训练): the engineer
// picks the sensor channels and states when each failed asset failed; each failed asset's hourly
// history up to that time is one run-to-failure unit (POST /api/v1/phm/models/rul with
// source.kind 'telemetry'; the server holds back units to validate on). The RUL target is only as
// good as that date (src/phm/service/rul-jobs.ts), so the screen does not guess one: a retired
// asset's retirement time is offered as its end of life, to be corrected when the machine stopped
// earlier, and every other asset stays out until a time is entered.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { AssetModel, LifecycleEvent } from '../api/types';
import { fromZonedInput, toZonedInput } from '../shell/format';
import { useAction } from '../shell/notices';
import { fetchAssets } from './queries';
import type { TrainingJob } from './types';

/** Channels the assessments write back: outputs of the models, never inputs. */
const WRITTEN_BACK = /^(health_index|rul_(lower_|upper_)?hours)$/;

/** When each retired asset of the list was retired (its lifecycle's last move to retired). */
async function retiredAt(assets: { id: string; lifecycle: string }[]) {
  const out: Record<string, number> = {};
  for (const a of assets.filter((x) => x.lifecycle === 'retired')) {
    const events = await api.get<'/api/v1/assets/{id}/lifecycle', LifecycleEvent[]>(
      '/api/v1/assets/{id}/lifecycle',
      { path: { id: a.id } },
    );
    const last = events.filter((e) => e.to === 'retired').at(-1);
    if (last) out[a.id] = last.at;
  }
  return out;
}

export function FailuresForm({
  assetModels,
  chosen,
  setChosen,
  onStarted,
}: {
  assetModels: AssetModel[];
  chosen: string;
  setChosen: (id: string) => void;
  onStarted: (jobId: string) => void;
}) {
  const { t } = useTranslation('phm');
  const model = assetModels.find((m) => m.id === chosen);
  const channels = (model?.channels ?? [])
    .filter((c) => c.dataType !== 'string' && !WRITTEN_BACK.test(c.key))
    .map((c) => c.key);
  const assets = useQuery({
    queryKey: ['phm', 'assets', chosen],
    enabled: chosen !== '',
    queryFn: () => fetchAssets(chosen),
  });
  const retired = useQuery({
    queryKey: ['phm', 'retired', chosen, assets.data?.length],
    enabled: assets.isSuccess,
    queryFn: () => retiredAt(assets.data ?? []),
  });
  const [picked, setPicked] = useState<string[]>([]);
  const [ends, setEnds] = useState<Record<string, string>>({});
  const [trees, setTrees] = useState(400);
  const [cap, setCap] = useState(125);
  const endOf = (id: string) =>
    ends[id] ?? (retired.data?.[id] !== undefined ? toZonedInput(retired.data[id]) : '');
  const failures = (assets.data ?? [])
    .filter((a) => endOf(a.id) !== '')
    .map((a) => ({ assetId: a.id, failedAt: fromZonedInput(endOf(a.id)) }));
  const start = useAction(
    () =>
      api.post<'/api/v1/phm/models/rul', TrainingJob>('/api/v1/phm/models/rul', {
        assetModelId: chosen,
        source: { kind: 'telemetry', failures },
        sensorChannels: channels.filter((c) => picked.includes(c)),
        trees,
        cap,
      }),
    {
      success: (j) => {
        onStarted(j.id);
        return t('rul.started');
      },
    },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate(undefined);
  };
  const toggle = (c: string, on: boolean) =>
    setPicked(on ? [...picked, c] : picked.filter((x) => x !== c));
  return (
    <form className="card" onSubmit={submit} aria-label={t('rul.failures.train')}>
      <h2>{t('rul.failures.title')}</h2>
      <p className="muted">{t('rul.failures.intro')}</p>
      <div className="toolbar">
        <label>
          {t('models.assetModel')}
          <select value={chosen} onChange={(e) => setChosen(e.target.value)}>
            {assetModels.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('rul.trees')}
          <input
            type="number"
            min={20}
            max={2000}
            value={trees}
            onChange={(e) => setTrees(Number(e.target.value))}
          />
        </label>
        <label>
          {t('rul.failures.cap')}
          <input
            type="number"
            min={10}
            max={10_000}
            value={cap}
            onChange={(e) => setCap(Number(e.target.value))}
          />
        </label>
      </div>
      <fieldset className="channels">
        <legend>{t('rul.failures.channels')}</legend>
        {channels.map((c) => (
          <label key={c} className="check">
            <input
              type="checkbox"
              checked={picked.includes(c)}
              onChange={(e) => toggle(c, e.target.checked)}
            />
            {c}
          </label>
        ))}
      </fieldset>
      <div className="table-wrap">
        <table data-testid="rul-failures">
          <thead>
            <tr>
              <th>{t('health.asset')}</th>
              <th>{t('rul.failures.stage')}</th>
              <th>{t('rul.failures.failedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {(assets.data ?? []).map((a) => (
              <tr key={a.id}>
                <td>
                  {a.name} ({a.serial})
                </td>
                <td>{a.lifecycle === 'retired' ? t('rul.failures.retired') : '—'}</td>
                <td>
                  <input
                    type="datetime-local"
                    aria-label={`${t('rul.failures.failedAt')} ${a.serial}`}
                    value={endOf(a.id)}
                    onChange={(e) => setEnds({ ...ends, [a.id]: e.target.value })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted" data-testid="rul-failures-count">
        {t('rul.failures.count', { n: failures.length, channels: picked.length })}
      </p>
      <button
        type="submit"
        className="primary"
        disabled={start.isPending || !chosen || picked.length === 0 || failures.length === 0}
      >
        {t('rul.failures.train')}
      </button>
    </form>
  );
}
