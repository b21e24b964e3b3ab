// Service KPIs (服务指标) per asset, model, customer, contract or technician over a period:
// availability against the contract's target, SLA compliance and first-time fix as a bar chart,
// and every KPI in a table; the provider may download the CSV. Dates are days in Asia/Shanghai.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import { Chart, type ChartOption } from '../shell/chart';
import { formatNumber } from '../shell/format';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { kpiDimensions, type KpiDimension, type KpiReport } from './types';
import './service.css';

const DAY = 86_400_000;
const dayStart = (d: string) => Date.parse(`${d}T00:00:00+08:00`);
const dayOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const pct = (v: number | null) => (v === null ? '—' : `${formatNumber(v * 100, 1)} %`);
const num = (v: number | null, d = 1) => (v === null ? '—' : formatNumber(v, d));
const yuan = (fen: number | null) => (fen === null ? '—' : formatNumber(fen / 100, 2));

function kpiUrl(dim: KpiDimension, from: number, to: number, csv = false) {
  return `/api/v1/service/kpis?groupBy=${dim}&from=${from}&to=${to}${csv ? '&format=csv' : ''}`;
}

export function KpiPage() {
  const { t } = useTranslation('service');
  const [dim, setDim] = useState<KpiDimension>('asset');
  // Lazy initial state: the clock is read once, on mount.
  const [fromDay, setFrom] = useState(() => dayOf(Date.now() - 90 * DAY));
  const [toDay, setTo] = useState(() => dayOf(Date.now()));
  const from = dayStart(fromDay);
  const to = dayStart(toDay) + DAY;
  const provider = useCan('service:write');
  const report = useQuery({
    queryKey: ['service', 'kpis', dim, from, to],
    queryFn: () => request<KpiReport>('get', kpiUrl(dim, from, to)),
    enabled: to > from,
  });
  return (
    <section aria-labelledby="kpi-title" data-testid="service-kpis">
      <h1 id="kpi-title">{t('kpi.title')}</h1>
      <p className="muted">{t('kpi.intro')}</p>
      <div className="toolbar">
        <label>
          {t('kpi.dimension')}
          <select value={dim} onChange={(e) => setDim(e.target.value as KpiDimension)}>
            {kpiDimensions.map((d) => (
              <option key={d} value={d}>
                {t(`kpi.by.${d}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('kpi.from')}
          <input
            type="date"
            value={fromDay}
            max={toDay}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label>
          {t('kpi.to')}
          <input type="date" value={toDay} min={fromDay} onChange={(e) => setTo(e.target.value)} />
        </label>
        {provider && (
          <a className="wo-request" href={kpiUrl(dim, from, to, true)} download>
            {t('kpi.csv')}
          </a>
        )}
      </div>
      <QueryView query={report} isEmpty={(r) => r.groups.length === 0} empty={t('kpi.empty')}>
        {(r) => <KpiBody report={r} />}
      </QueryView>
    </section>
  );
}

function KpiBody({ report }: { report: KpiReport }) {
  const { t } = useTranslation('service');
  const g = report.groups;
  const option: ChartOption = {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${formatNumber(Number(v), 1)} %` },
    legend: {},
    grid: { left: 48, right: 16, bottom: 64, top: 40 },
    xAxis: {
      type: 'category',
      data: g.map((x) => x.label),
      axisLabel: { rotate: g.length > 6 ? 30 : 0 },
    },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    series: [
      { name: t('kpi.availability'), type: 'bar', data: g.map((x) => share(x.availability)) },
      { name: t('kpi.target'), type: 'line', data: g.map((x) => share(x.availabilityTarget)) },
      { name: t('kpi.sla'), type: 'bar', data: g.map((x) => share(x.sla.compliance)) },
      { name: t('kpi.ftf'), type: 'bar', data: g.map((x) => share(x.firstTimeFixRate)) },
    ],
  };
  return (
    <>
      <div className="card">
        <Chart option={option} notMerge label={t('kpi.chart')} height={300} testId="kpi-chart" />
      </div>
      <div className="card table-wrap">
        <table data-testid="kpi-table">
          <thead>
            <tr>
              <th>{t(`kpi.by.${report.dimension}`)}</th>
              <th>{t('kpi.failures')}</th>
              <th>{t('kpi.mtbf')}</th>
              <th>{t('kpi.mttr')}</th>
              <th>{t('kpi.availability')}</th>
              <th>{t('kpi.ftf')}</th>
              <th>{t('kpi.sla')}</th>
              <th>{t('kpi.backlog')}</th>
              <th>{t('kpi.labour')}</th>
              <th>{t('kpi.cost')}</th>
              <th>{t('kpi.revenue')}</th>
            </tr>
          </thead>
          <tbody>
            {g.map((x) => (
              <tr key={x.key ?? ''}>
                <td>{x.key === null ? t('kpi.none') : x.label}</td>
                <td>{x.failures}</td>
                <td>{num(x.mtbfHours)}</td>
                <td>{num(x.mttrHours)}</td>
                <td>
                  {pct(x.availability)}
                  {x.availabilityTarget !== null && (
                    <div
                      className={`muted ${x.availability !== null && x.availability < x.availabilityTarget ? 'kpi-below' : ''}`}
                    >
                      {t('kpi.targetIs', { target: pct(x.availabilityTarget) })}
                    </div>
                  )}
                </td>
                <td>{pct(x.firstTimeFixRate)}</td>
                <td>
                  {pct(x.sla.compliance)}
                  <div className="muted">
                    {x.sla.met}/{x.sla.measured}
                  </div>
                </td>
                <td>
                  {x.backlog.count}
                  {x.backlog.meanAgeHours !== null && (
                    <div className="muted">
                      {t('kpi.age', { hours: num(x.backlog.meanAgeHours) })}
                    </div>
                  )}
                </td>
                <td>{num(x.labourHours)}</td>
                <td>{yuan(x.costFen)}</td>
                <td>{yuan(x.revenueFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const share = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
