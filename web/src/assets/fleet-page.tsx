// Fleet overview (设备总览): the service manager's first screen. Assets by customer, site and
// model with their status, counts and KPIs, a map of the sites drawn from latitude/longitude
// (no tile server), and search and filters kept in the URL so a view can be bookmarked.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Asset } from '../api/types';
import { formatDateTime, formatNumber } from '../shell/format';
import { Empty, ErrorState, Loading } from '../shell/states';
import { useNow } from '../shell/use-now';
import { FleetCharts } from './fleet-charts';
import { statuses, statusOf, type FleetStatus } from './fleet-status';
import { useAllAssets, useCustomers, useModels, useOpenAlarms } from './queries';

export interface FleetRow {
  asset: Asset;
  customer: string;
  model: string;
  status: FleetStatus;
  lastTs: number | undefined;
}

function useLatest(assets: Asset[] | undefined, channels: string[]) {
  return useQuery({
    queryKey: ['fleet', 'latest', channels.join(',')],
    enabled: !!assets && channels.length > 0,
    refetchInterval: 30_000,
    queryFn: () => api.get('/api/v1/telemetry/latest', { query: { channels: channels.join(',') } }),
  });
}

export function FleetPage() {
  const { t } = useTranslation('assets');
  const [params, setParams] = useSearchParams();
  const assets = useAllAssets();
  const models = useModels();
  const customers = useCustomers();
  const alarms = useOpenAlarms();
  const channels = useMemo(
    () => [...new Set((models.data ?? []).flatMap((m) => m.channels.map((c) => c.key)))].sort(),
    [models.data],
  );
  const latest = useLatest(assets.data?.items, channels);
  const now = useNow(30_000);

  const rows = useMemo<FleetRow[]>(() => {
    if (!assets.data || !models.data) return [];
    const last = new Map<string, number>();
    for (const p of latest.data ?? [])
      last.set(p.assetId, Math.max(last.get(p.assetId) ?? 0, p.ts));
    return assets.data.items
      .filter((a) => a.level === 'asset')
      .map((a) => {
        const model = models.data.find((m) => m.id === a.modelId);
        return {
          asset: a,
          customer: customers.data?.find((c) => c.id === a.customerId)?.name ?? '—',
          model: model?.name ?? '—',
          status: statusOf(a, model, last.get(a.id), alarms.data ?? [], now),
          lastTs: last.get(a.id),
        };
      });
  }, [assets.data, models.data, customers.data, alarms.data, latest.data, now]);

  const f = {
    q: params.get('q') ?? '',
    customer: params.get('customer') ?? '',
    site: params.get('site') ?? '',
    model: params.get('model') ?? '',
    status: params.get('status') ?? '',
  };
  const set = (k: keyof typeof f, v: string) =>
    setParams(
      (p) => {
        if (v) p.set(k, v);
        else p.delete(k);
        return p;
      },
      { replace: true },
    );
  const q = f.q.trim().toLowerCase();
  const shown = rows.filter(
    (r) =>
      (!q || r.asset.name.toLowerCase().includes(q) || r.asset.serial.toLowerCase().includes(q)) &&
      (!f.customer || r.asset.customerId === f.customer) &&
      (!f.site || r.asset.site === f.site) &&
      (!f.model || r.asset.modelId === f.model) &&
      (!f.status || r.status === f.status),
  );

  if (assets.isPending || models.isPending) return <Loading />;
  const error = assets.error ?? models.error;
  if (error) return <ErrorState error={error} retry={() => void assets.refetch()} />;
  const sites = [...new Set(rows.map((r) => r.asset.site).filter(Boolean))].sort();
  const count = (s: FleetStatus) => shown.filter((r) => r.status === s).length;
  const openAlarms = (alarms.data ?? []).filter((a) =>
    shown.some((r) => r.asset.id === a.asset),
  ).length;
  const kpis = [
    { key: 'total', label: t('fleet.total'), value: shown.length },
    { key: 'running', label: t('status.running'), value: count('running') },
    { key: 'alarm', label: t('status.alarm'), value: count('alarm') },
    { key: 'offline', label: t('status.offline'), value: count('offline') },
    { key: 'alarms', label: t('fleet.openAlarms'), value: openAlarms },
    { key: 'sites', label: t('fleet.sites'), value: new Set(shown.map((r) => r.asset.site)).size },
  ];

  return (
    <div>
      <h1>{t('fleet.title')}</h1>
      <form className="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('fleet.search')}
          <input
            type="search"
            value={f.q}
            placeholder={t('fleet.searchPlaceholder')}
            onChange={(e) => set('q', e.target.value)}
          />
        </label>
        <Select
          label={t('fleet.customer')}
          value={f.customer}
          onChange={(v) => set('customer', v)}
          options={(customers.data ?? []).map((c) => [c.id, c.name])}
          all={t('fleet.all')}
        />
        <Select
          label={t('fleet.site')}
          value={f.site}
          onChange={(v) => set('site', v)}
          options={sites.map((s) => [s, s])}
          all={t('fleet.all')}
        />
        <Select
          label={t('fleet.model')}
          value={f.model}
          onChange={(v) => set('model', v)}
          options={(models.data ?? []).map((m) => [m.id, m.name])}
          all={t('fleet.all')}
        />
        <Select
          label={t('fleet.status')}
          value={f.status}
          onChange={(v) => set('status', v)}
          options={statuses.map((s) => [s, t(`status.${s}`)])}
          all={t('fleet.all')}
        />
        {[...params.keys()].length > 0 && (
          <button type="button" onClick={() => setParams({}, { replace: true })}>
            {t('fleet.reset')}
          </button>
        )}
      </form>
      <div className="kpis" data-testid="fleet-kpis">
        {kpis.map((k) => (
          <div className={`kpi kpi-${k.key}`} key={k.key}>
            <div className="value">{formatNumber(k.value)}</div>
            <div className="label">{k.label}</div>
          </div>
        ))}
      </div>
      <FleetCharts rows={shown} onSite={(s) => set('site', s)} />
      <section className="card table-wrap" aria-labelledby="fleet-assets">
        <h2 id="fleet-assets">
          {t('fleet.assets')} <span className="muted">({shown.length})</span>
        </h2>
        {shown.length === 0 ? (
          <Empty>{t('fleet.none')}</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('fleet.name')}</th>
                <th>{t('fleet.serial')}</th>
                <th className="hide-phone">{t('fleet.customer')}</th>
                <th>{t('fleet.site')}</th>
                <th className="hide-phone">{t('fleet.model')}</th>
                <th>{t('fleet.status')}</th>
                <th className="hide-phone">{t('fleet.lifecycle')}</th>
                <th className="hide-phone">{t('fleet.lastData')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.asset.id}>
                  <td>
                    <Link to={`/assets/${r.asset.id}`}>{r.asset.name}</Link>
                  </td>
                  <td>{r.asset.serial}</td>
                  <td className="hide-phone">{r.customer}</td>
                  <td>{r.asset.site}</td>
                  <td className="hide-phone">{r.model}</td>
                  <td>
                    <span className={`badge status-${r.status}`}>{t(`status.${r.status}`)}</span>
                  </td>
                  <td className="hide-phone">{t(`lifecycle.${r.asset.lifecycle}`)}</td>
                  <td className="hide-phone">{r.lastTs ? formatDateTime(r.lastTs) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted">{t('fleet.offlineRule')}</p>
      </section>
    </div>
  );
}

function Select(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: Array<[string, string]>;
  all: string;
}) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{props.all}</option>
        {props.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}
