// Efficiency benchmark (能效对标): chiller COP (cooling energy ÷ compressor energy over the
// range) per asset of a model's installed base, or per site of a customer, ranked, with the
// median and the best (GET /api/v1/energy/efficiency/benchmark). Choices are in the URL.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ActionTable } from '../shell/action-table';
import { Chart, palette } from '../shell/chart';
import { formatNumber } from '../shell/format';
import { useAllAssets, useAssetModels, useCustomers } from '../shell/reference-queries';
import { useNow } from '../shell/use-now';
import { QueryView } from '../shell/states';
import { EnergyNav } from './energy-nav';
import { KpiRow } from './kpi-row';
import './energy.css';
import { use as registerCharts } from 'echarts/core';
import { MarkLineComponent } from 'echarts/components';

// Only this screen needs it (shell/chart.tsx keeps the common parts).
registerCharts([MarkLineComponent]);

interface Benchmark {
  by: 'asset' | 'site';
  median: number | null;
  best: number | null;
  count: number;
  missing: number;
  rows: Array<{ id: string; value: number; rank: number; percentile: number; gapToBest: number }>;
}
const DAY = 86_400_000;
const ranges = [7, 30] as const;

export function EfficiencyPage() {
  const { t } = useTranslation('energy');
  const [params, setParams] = useSearchParams();
  const now = useNow(60_000);
  const models = useAssetModels();
  const customers = useCustomers();
  const assets = useAllAssets();
  const chillers = (models.data ?? []).filter((m) => m.category === 'chiller');
  const customerId = params.get('customerId') ?? '';
  const modelId = customerId ? '' : (params.get('modelId') ?? chillers[0]?.id ?? '');
  const days = Number(params.get('days') ?? 7);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (k === 'modelId') next.delete('customerId');
    if (k === 'customerId') next.delete('modelId');
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  // Whole hours, so the query key (and the cache) holds while the page is open.
  const to = Math.ceil(now / 3_600_000) * 3_600_000;
  const bench = useQuery({
    queryKey: ['energy', 'benchmark', modelId, customerId, days, to],
    enabled: !!(modelId || customerId),
    queryFn: () =>
      api.get<'/api/v1/energy/efficiency/benchmark', Benchmark>(
        '/api/v1/energy/efficiency/benchmark',
        {
          query: {
            ...(customerId ? { customerId } : { modelId }),
            from: to - days * DAY,
            to,
          },
        },
      ),
  });
  const assetName = new Map((assets.data?.items ?? []).map((a) => [a.id, `${a.name}`]));
  const label = (b: Benchmark, id: string) =>
    b.by === 'asset' ? (assetName.get(id) ?? id) : id === '(no site)' ? t('eff.noSite') : id;
  return (
    <section aria-labelledby="eff-title">
      <EnergyNav />
      <h1 id="eff-title">{t('eff.title')}</h1>
      <p className="muted">{t('eff.intro')}</p>
      <div className="toolbar">
        <label>
          {t('eff.model')}
          <select value={modelId} onChange={(e) => set('modelId', e.target.value)}>
            <option value="">—</option>
            {chillers.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('eff.customer')}
          <select value={customerId} onChange={(e) => set('customerId', e.target.value)}>
            <option value="">—</option>
            {(customers.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('eff.range')}
          <select value={days} onChange={(e) => set('days', e.target.value)}>
            {ranges.map((d) => (
              <option key={d} value={d}>
                {t('eff.days', { count: d })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryView query={bench} isEmpty={(b) => b.count === 0} empty={t('eff.empty')}>
        {(b) => <BenchmarkView b={b} label={(id) => label(b, id)} />}
      </QueryView>
    </section>
  );
}

function BenchmarkView({ b, label }: { b: Benchmark; label: (id: string) => string }) {
  const { t } = useTranslation('energy');
  const option = useMemo(
    () => ({
      color: palette,
      grid: { left: 48, right: 24, top: 24, bottom: 64 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatNumber(v) },
      xAxis: {
        type: 'category',
        data: b.rows.map((r) => label(r.id)),
        axisLabel: { rotate: 30, color: '#334155' },
      },
      yAxis: { type: 'value', name: 'COP', min: 0 },
      series: [
        {
          type: 'bar',
          name: 'COP',
          data: b.rows.map((r) => r.value),
          markLine:
            b.median === null
              ? undefined
              : {
                  symbol: 'none',
                  label: { formatter: `${t('eff.median')} ${formatNumber(b.median)}` },
                  data: [{ yAxis: b.median }],
                },
        },
      ],
    }),
    [b, label, t],
  );
  return (
    <>
      <KpiRow
        testId="eff-kpis"
        items={[
          { key: 'median', label: t('eff.median'), value: b.median },
          { key: 'best', label: t('eff.best'), value: b.best },
          { key: 'count', label: t(b.by === 'asset' ? 'eff.assets' : 'eff.sites'), value: b.count },
          { key: 'missing', label: t('eff.missing'), value: b.missing },
        ]}
      />
      <div className="card">
        <Chart option={option} label={t('eff.chart')} testId="eff-chart" notMerge height={300} />
      </div>
      <div className="card table-wrap">
        <ActionTable
          caption={t('eff.title')}
          rows={b.rows}
          rowKey={(r) => r.id}
          columns={[
            { header: t('eff.rank'), cell: (r) => r.rank },
            { header: t(b.by === 'asset' ? 'eff.asset' : 'eff.site'), cell: (r) => label(r.id) },
            { header: 'COP', cell: (r) => formatNumber(r.value) },
            { header: t('eff.percentile'), cell: (r) => `${formatNumber(r.percentile * 100, 0)}%` },
            { header: t('eff.gap'), cell: (r) => `${formatNumber(r.gapToBest * 100, 1)}%` },
          ]}
        />
      </div>
    </>
  );
}
