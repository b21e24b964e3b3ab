// 设备综合效率 OEE per station over the last days (ISO 22400-2: availability × performance ×
// quality) and 产能负荷 capacity load: planned minutes against shift minutes per station per day.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Chart, palette } from '../shell/chart';
import { QueryView } from '../shell/states';
import { mfgApi, mfgKey } from './api';
import { MfgNav } from './nav';
import type { DayLoad, StationOee } from './types';
import './manufacturing.css';

const DAY = 86_400_000;
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

export function PerformancePage() {
  const { t } = useTranslation('manufacturing');
  const [params, setParams] = useSearchParams();
  const days = Math.min(92, Math.max(1, Number(params.get('days')) || 7));
  // Fixed when the page opens, so the query key is stable across renders.
  const [to] = useState(() => Math.floor(Date.now() / 60_000) * 60_000);
  const oee = useQuery({
    queryKey: [...mfgKey, 'oee', days],
    queryFn: () => mfgApi.oee(to - days * DAY, to),
  });
  const capacity = useQuery({
    queryKey: [...mfgKey, 'capacity', days],
    queryFn: () => mfgApi.capacity(to, days),
  });
  return (
    <section aria-labelledby="perf-title">
      <MfgNav />
      <h1 id="perf-title">{t('perf.title')}</h1>
      <div className="toolbar">
        <label>
          {t('perf.days')}
          <select
            value={days}
            onChange={(e) => setParams({ days: e.target.value }, { replace: true })}
          >
            {[1, 7, 14, 28].map((d) => (
              <option key={d} value={d}>
                {t('perf.dayCount', { count: d })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="grid">
        <div className="card">
          <h2>{t('perf.oeeTitle')}</h2>
          <QueryView query={oee} isEmpty={(d) => d.length === 0} empty={t('perf.noStations')}>
            {(rows) => (
              <>
                {rows.every((r) => r.oee === null && r.flags.length === 0) && (
                  <p className="muted" data-testid="oee-none">
                    {t('perf.noReports')}
                  </p>
                )}
                <OeeChart rows={rows} />
                <OeeFlags rows={rows} />
              </>
            )}
          </QueryView>
        </div>
        <div className="card">
          <h2>{t('perf.capacity')}</h2>
          <QueryView
            query={capacity}
            isEmpty={(d) => d.stations.length === 0}
            empty={t('perf.noStations')}
          >
            {(c) => <CapacityChart rows={c.stations} />}
          </QueryView>
        </div>
      </div>
    </section>
  );
}

/** Stations whose inputs contradict each other: the server's flags instead of a number. */
function OeeFlags({ rows }: { rows: StationOee[] }) {
  const { t, i18n } = useTranslation('manufacturing');
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const flagged = rows.filter((r) => r.flags.length > 0);
  if (flagged.length === 0) return null;
  return (
    <div className="mfg-flags" role="status" data-testid="oee-flags">
      <p>{t('perf.flags')}</p>
      <ul>
        {flagged.flatMap((r) =>
          r.flags.map((f, i) => (
            <li key={`${r.station}/${i}`}>
              <strong>{r.station}</strong>:{' '}
              {t(`perf.flag.${f.code}`, {
                pct: f.performance === undefined ? '' : Math.round(f.performance * 1000) / 10,
                order: f.orderName?.[lang] ?? f.orderId ?? '',
                op: f.op ?? '',
              })}
            </li>
          )),
        )}
      </ul>
    </div>
  );
}

function OeeChart({ rows }: { rows: StationOee[] }) {
  const { t } = useTranslation('manufacturing');
  const option = useMemo(() => {
    const keys = ['availability', 'effectiveness', 'quality', 'oee'] as const;
    return {
      color: palette,
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v == null ? '—' : `${v}%`) },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: rows.map((r) => r.station) },
      yAxis: { type: 'value', max: 100, name: '%' },
      series: keys.map((k) => ({
        type: 'bar',
        name: t(`perf.${k}`),
        data: rows.map((r) => pct(r[k])),
      })),
    };
  }, [rows, t]);
  return <Chart option={option} label={t('perf.oeeLabel')} testId="oee-chart" notMerge />;
}

function CapacityChart({ rows }: { rows: DayLoad[] }) {
  const { t } = useTranslation('manufacturing');
  const option = useMemo(() => {
    const days = [...new Set(rows.map((r) => r.day))];
    const stations = [...new Set(rows.map((r) => r.station))];
    return {
      color: palette,
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v == null ? '—' : `${v}%`) },
      // Below the legend: with many stations the legend fills the top line, over the axis name.
      grid: { left: 48, right: 16, top: 56, bottom: 32 },
      xAxis: { type: 'category', data: days.map((d) => d.slice(5)) },
      yAxis: { type: 'value', name: '%', nameGap: 8 },
      series: stations.map((s) => ({
        type: 'bar',
        name: s,
        data: days.map((d) =>
          pct(rows.find((r) => r.station === s && r.day === d)?.utilisation ?? null),
        ),
      })),
    };
  }, [rows]);
  return <Chart option={option} label={t('perf.capacityLabel')} testId="capacity-chart" notMerge />;
}
