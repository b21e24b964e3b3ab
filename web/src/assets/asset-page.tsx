// Asset page (资产详情): properties and lifecycle, live chart, history, the asset's open alarms,
// PHM health index and RUL with its interval where the asset model has a health baseline.
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Asset, AssetModel, LifecycleEvent } from '../api/types';
import { formatDate, formatDateTime, formatNumber } from '../shell/format';
import { Empty, ErrorState, Loading, QueryView } from '../shell/states';
import { HealthCard } from './health-card';
import { HistoryChart } from './history-chart';
import { LiveChart } from './live-chart';
import { useCustomers, useModels, useOpenAlarms } from './queries';
import { Actor } from '../shell/actor';

export function AssetPage() {
  const { t } = useTranslation('assets');
  const { id = '' } = useParams();
  const asset = useQuery({
    queryKey: ['asset', id],
    queryFn: () => api.get('/api/v1/assets/{id}', { path: { id } }) as Promise<Asset>,
  });
  const models = useModels();
  if (asset.isPending || models.isPending) return <Loading />;
  if (asset.error) return <ErrorState error={asset.error} retry={() => void asset.refetch()} />;
  const a = asset.data;
  const model = models.data?.find((m) => m.id === a.modelId);
  return (
    <div>
      <p>
        <Link to="/fleet">← {t('asset.back')}</Link>
      </p>
      <h1>
        {a.name} <span className="muted">{a.serial}</span>
      </h1>
      <div className="grid">
        <Properties asset={a} model={model} />
        <Lifecycle asset={a} />
      </div>
      <Channels asset={a} model={model} />
      <div className="grid">
        <AssetAlarms asset={a} />
        <HealthCard asset={a} />
      </div>
    </div>
  );
}

function Properties({ asset: a, model }: { asset: Asset; model: AssetModel | undefined }) {
  const { t } = useTranslation('assets');
  const customers = useCustomers();
  const customer = customers.data?.find((c) => c.id === a.customerId);
  return (
    <section className="card" aria-labelledby="props-title">
      <h2 id="props-title">{t('asset.properties')}</h2>
      <dl className="props">
        <dt>{t('asset.serial')}</dt>
        <dd>{a.serial}</dd>
        <dt>{t('asset.model')}</dt>
        <dd>{model?.name ?? '—'}</dd>
        <dt>{t('asset.customer')}</dt>
        <dd>{customer?.name ?? '—'}</dd>
        <dt>{t('asset.site')}</dt>
        <dd>{a.site || '—'}</dd>
        <dt>{t('asset.location')}</dt>
        <dd>
          {a.latitude !== null && a.longitude !== null
            ? `${a.latitude.toFixed(4)}°N, ${a.longitude.toFixed(4)}°E`
            : '—'}
        </dd>
        <dt>{t('asset.installDate')}</dt>
        <dd>{a.installDate ?? '—'}</dd>
        <dt>{t('fleet.lifecycle')}</dt>
        <dd>{t(`lifecycle.${a.lifecycle}`)}</dd>
        {Object.entries(a.properties).map(([k, v]) => {
          const p = model?.properties.find((x) => x.key === k);
          return (
            <div key={k} className="contents">
              <dt>{p?.name ?? k}</dt>
              <dd>
                {typeof v === 'number' ? formatNumber(v) : String(v)} {p?.unit ?? ''}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

function Lifecycle({ asset }: { asset: Asset }) {
  const { t } = useTranslation('assets');
  const q = useQuery({
    queryKey: ['asset', asset.id, 'lifecycle'],
    queryFn: () =>
      api.get<'/api/v1/assets/{id}/lifecycle', LifecycleEvent[]>('/api/v1/assets/{id}/lifecycle', {
        path: { id: asset.id },
      }),
  });
  return (
    <section className="card" aria-labelledby="lc-title">
      <h2 id="lc-title">{t('asset.lifecycle')}</h2>
      <QueryView query={q} isEmpty={(d) => d.length === 0}>
        {(events) => (
          <ol className="timeline">
            {events.map((e) => (
              <li key={e.id}>
                <strong>{t(`lifecycle.${e.to}`, { defaultValue: e.to })}</strong>{' '}
                <span className="muted">
                  {formatDate(e.at)} · <Actor actor={e.actor} name={e.actorName} />
                  {e.note ? ` · ${e.note}` : ''}
                </span>
              </li>
            ))}
          </ol>
        )}
      </QueryView>
    </section>
  );
}

function Channels({ asset, model }: { asset: Asset; model: AssetModel | undefined }) {
  const { t } = useTranslation('assets');
  const [params, setParams] = useSearchParams();
  const all = (model?.channels ?? []).filter((c) => c.dataType !== 'string');
  if (!all.length)
    return (
      <section className="card">
        <Empty>{t('asset.noChannels')}</Empty>
      </section>
    );
  const chosen = params
    .get('ch')
    ?.split(',')
    .filter((k) => all.some((c) => c.key === k));
  const channels = chosen?.length ? all.filter((c) => chosen.includes(c.key)) : all.slice(0, 2);
  const toggle = (key: string) =>
    setParams(
      (p) => {
        const set = new Set(channels.map((c) => c.key));
        if (set.has(key)) set.delete(key);
        else set.add(key);
        if (set.size) p.set('ch', [...set].join(','));
        return p;
      },
      { replace: true },
    );
  return (
    <>
      <fieldset className="card channels">
        <legend>{t('asset.channels')}</legend>
        {all.map((c) => (
          <label key={c.key} className="check">
            <input type="checkbox" checked={channels.includes(c)} onChange={() => toggle(c.key)} />
            {c.name}
            {c.unit ? ` (${c.unit})` : ''}
          </label>
        ))}
      </fieldset>
      <section className="card" aria-labelledby="live-title">
        <h2 id="live-title">{t('asset.live')}</h2>
        <LiveChart assetId={asset.id} channels={channels} />
      </section>
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('asset.history')}</h2>
        <HistoryChart assetId={asset.id} serial={asset.serial} channels={channels} />
      </section>
    </>
  );
}

function AssetAlarms({ asset }: { asset: Asset }) {
  const { t } = useTranslation('assets');
  const alarms = useOpenAlarms();
  return (
    <section className="card" aria-labelledby="alarms-title">
      <h2 id="alarms-title">{t('asset.alarms')}</h2>
      <QueryView
        query={alarms}
        isEmpty={(d) => !d.some((a) => a.asset === asset.id)}
        empty={t('asset.noAlarms')}
      >
        {(list) => (
          <ul className="plain">
            {list
              .filter((a) => a.asset === asset.id)
              .map((a) => (
                <li key={a.id}>
                  <span className={`badge sev-${a.severity}`}>
                    {t(`severity.${a.severity}`, { ns: 'monitoring' })}
                  </span>{' '}
                  {a.ruleId} · {formatDateTime(a.raisedAt)} ·{' '}
                  {t(`state.${a.status}`, { ns: 'monitoring' })}
                </li>
              ))}
            <li>
              <Link to={`/alarms?asset=${asset.id}`}>
                {t('menu.alarms', { ns: 'monitoring' })} →
              </Link>
            </li>
          </ul>
        )}
      </QueryView>
    </section>
  );
}
