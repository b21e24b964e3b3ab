// Heating (供热): one heat-exchange station's figures over the range — heat delivered, heat per
// heated area, supply/return/outdoor means — its weather-compensation curve (the station's own,
// else its model's) against the hourly supply temperatures it actually ran at, with the
// deviation from the curve; and the imbalance across the stations of its model (coefficient of
// variation of W/m², return-temperature spread, outliers). Station and range are in the URL.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ActionTable } from '../shell/action-table';
import { Chart, palette } from '../shell/chart';
import { formatNumber } from '../shell/format';
import { useAllAssets, useAssetModels } from '../shell/reference-queries';
import { useNow } from '../shell/use-now';
import { useCan } from '../shell/session';
import { Empty, QueryView } from '../shell/states';
import { CurveForm } from './curve-form';
import { EnergyNav } from './energy-nav';
import { KpiRow } from './kpi-row';
import './energy.css';

export interface CurvePoint {
  outdoorC: number;
  supplyC: number;
}
interface StationReport {
  assetId: string;
  hours: number;
  heatKw: number | null;
  heatedAreaM2: number | null;
  wPerM2: number | null;
  supplyC: number | null;
  returnC: number | null;
  outdoorC: number | null;
  curve: null | {
    source: 'asset' | 'model';
    points: CurvePoint[];
    deviation: {
      samples: number;
      meanK: number;
      meanAbsK: number;
      maxAbsK: number;
      withinTolerance: number;
    };
  };
}
interface Imbalance {
  stations: number;
  meanWPerM2: number | null;
  cv: number | null;
  returnSpreadK: number | null;
  outliers: Array<{ id: string; wPerM2: number; relative: number }>;
}
const DAY = 86_400_000;
const HOUR = 3_600_000;

export function HeatingPage() {
  const { t } = useTranslation('energy');
  const [params, setParams] = useSearchParams();
  const now = useNow(60_000);
  const models = useAssetModels();
  const assets = useAllAssets();
  const heatModels = new Set(
    (models.data ?? []).filter((m) => m.category === 'heat-station').map((m) => m.id),
  );
  const stations = (assets.data?.items ?? []).filter((a) => a.modelId && heatModels.has(a.modelId));
  const stationId = params.get('station') ?? stations[0]?.id ?? '';
  const station = stations.find((s) => s.id === stationId);
  const days = Number(params.get('days') ?? 7);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };
  const to = Math.ceil(now / HOUR) * HOUR;
  const range = { from: to - days * DAY, to };
  return (
    <section aria-labelledby="heating-title">
      <EnergyNav />
      <h1 id="heating-title">{t('heat.title')}</h1>
      <p className="muted">{t('heat.intro')}</p>
      <div className="toolbar">
        <label>
          {t('heat.station')}
          <select value={stationId} onChange={(e) => set('station', e.target.value)}>
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.serial})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('eff.range')}
          <select value={days} onChange={(e) => set('days', e.target.value)}>
            {[1, 7, 30].map((d) => (
              <option key={d} value={d}>
                {t('eff.days', { count: d })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {assets.isSuccess && models.isSuccess && !station && <Empty>{t('heat.none')}</Empty>}
      {station && (
        <>
          <StationView id={station.id} modelId={station.modelId!} range={range} />
          <ImbalanceView
            modelId={station.modelId!}
            range={range}
            name={(id) => stations.find((s) => s.id === id)?.name ?? id}
          />
        </>
      )}
    </section>
  );
}

type Range = { from: number; to: number };

/** Hourly (outdoor, supply) pairs the station ran at, from the 1 h rollups. */
function useOperatingPoints(id: string, range: Range) {
  return useQuery({
    queryKey: ['energy', 'heating', 'points', id, range],
    queryFn: async () => {
      const get = (channel: string) =>
        api.get('/api/v1/telemetry/rollup', {
          query: {
            asset: id,
            channel,
            from: String(range.from),
            to: String(range.to),
            bucket: '1h',
          },
        });
      const [outdoor, supply] = await Promise.all([get('outdoor_temp'), get('supply_temp')]);
      const at = new Map(outdoor.buckets.map((b) => [b.start, b.mean]));
      return supply.buckets.flatMap((b) =>
        at.has(b.start) ? [[at.get(b.start)!, b.mean] as [number, number]] : [],
      );
    },
  });
}

function StationView({ id, modelId, range }: { id: string; modelId: string; range: Range }) {
  const { t } = useTranslation('energy');
  const mayWrite = useCan('energy:write');
  const report = useQuery({
    queryKey: ['energy', 'heating', 'station', id, range],
    queryFn: () =>
      api.get<'/api/v1/energy/heating/stations/{id}', StationReport>(
        '/api/v1/energy/heating/stations/{id}',
        { path: { id }, query: range },
      ),
  });
  const points = useOperatingPoints(id, range);
  return (
    <QueryView query={report}>
      {(r) => (
        <>
          <KpiRow
            testId="heat-kpis"
            items={[
              { key: 'heat', label: t('heat.heatKw'), value: r.heatKw, unit: 'kW' },
              { key: 'wpm2', label: t('heat.wPerM2'), value: r.wPerM2, unit: 'W/m²' },
              { key: 'supply', label: t('heat.supply'), value: r.supplyC, unit: '°C' },
              { key: 'return', label: t('heat.return'), value: r.returnC, unit: '°C' },
              { key: 'outdoor', label: t('heat.outdoor'), value: r.outdoorC, unit: '°C' },
              { key: 'hours', label: t('heat.hours'), value: r.hours },
            ]}
          />
          {r.heatedAreaM2 === null && <p className="muted">{t('heat.noArea')}</p>}
          <div className="card">
            <h2>{t('heat.curve')}</h2>
            {r.curve ? (
              <p data-testid="curve-deviation">
                {t(r.curve.source === 'asset' ? 'heat.curveOwn' : 'heat.curveModel')}{' '}
                {t('heat.deviation', {
                  mean: formatNumber(r.curve.deviation.meanK, 1),
                  maxAbs: formatNumber(r.curve.deviation.maxAbsK, 1),
                  within: formatNumber(r.curve.deviation.withinTolerance * 100, 0),
                  samples: r.curve.deviation.samples,
                })}
              </p>
            ) : (
              <p className="muted" data-testid="curve-deviation">
                {t('heat.noCurve')}
              </p>
            )}
            <CurveChart curve={r.curve?.points ?? []} observed={points.data ?? []} />
            {mayWrite && (
              <CurveForm assetId={id} modelId={modelId} current={r.curve?.points ?? []} />
            )}
          </div>
        </>
      )}
    </QueryView>
  );
}

function CurveChart({
  curve,
  observed,
}: {
  curve: CurvePoint[];
  observed: Array<[number, number]>;
}) {
  const { t } = useTranslation('energy');
  const option = useMemo(
    () => ({
      color: palette,
      grid: { left: 48, right: 24, top: 32, bottom: 40 },
      legend: { top: 0 },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', name: t('heat.outdoorAxis'), nameLocation: 'middle', nameGap: 26 },
      // At the left edge, not where x = 0 °C crosses (its name collided with the legend there).
      yAxis: {
        type: 'value',
        name: t('heat.supplyAxis'),
        scale: true,
        axisLine: { onZero: false },
      },
      series: [
        {
          type: 'scatter',
          name: t('heat.observed'),
          symbolSize: 5,
          data: observed,
        },
        {
          type: 'line',
          name: t('heat.target'),
          data: curve.map((p) => [p.outdoorC, p.supplyC]),
        },
      ],
    }),
    [curve, observed, t],
  );
  return (
    <Chart
      option={option}
      label={t('heat.curveChart')}
      testId="curve-chart"
      notMerge
      height={300}
    />
  );
}

function ImbalanceView({
  modelId,
  range,
  name,
}: {
  modelId: string;
  range: Range;
  name: (id: string) => string;
}) {
  const { t } = useTranslation('energy');
  const q = useQuery({
    queryKey: ['energy', 'heating', 'imbalance', modelId, range],
    queryFn: () =>
      api.get<'/api/v1/energy/heating/imbalance', Imbalance>('/api/v1/energy/heating/imbalance', {
        query: { modelId, ...range },
      }),
  });
  return (
    <div className="card">
      <h2>{t('heat.imbalance')}</h2>
      <QueryView query={q}>
        {(b) => (
          <>
            <KpiRow
              testId="imbalance-kpis"
              items={[
                { key: 'n', label: t('heat.stations'), value: b.stations },
                { key: 'mean', label: t('heat.meanWPerM2'), value: b.meanWPerM2, unit: 'W/m²' },
                { key: 'cv', label: t('heat.cv'), value: b.cv },
                { key: 'spread', label: t('heat.returnSpread'), value: b.returnSpreadK, unit: 'K' },
              ]}
            />
            {b.outliers.length === 0 ? (
              <p className="muted">{t('heat.noOutliers')}</p>
            ) : (
              <div className="table-wrap">
                <ActionTable
                  caption={t('heat.outliers')}
                  rows={b.outliers}
                  rowKey={(o) => o.id}
                  columns={[
                    { header: t('heat.station'), cell: (o) => name(o.id) },
                    { header: t('heat.wPerM2'), cell: (o) => formatNumber(o.wPerM2) },
                    {
                      header: t('heat.relative'),
                      cell: (o) =>
                        `${o.relative > 0 ? '+' : ''}${formatNumber(o.relative * 100, 0)}%`,
                    },
                  ]}
                />
              </div>
            )}
          </>
        )}
      </QueryView>
    </div>
  );
}
