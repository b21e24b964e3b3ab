// ISA-18.2 (IEC 62682) alarm-system performance over the last 24 hours
// (GET /api/v1/alarms/kpis): rates against the standard's targets, and the most frequent
// alarms and assets ("bad actors") as bar charts.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { AlarmKpis as Kpis } from '../api/types';
import { Chart } from '../shell/chart';
import { formatNumber } from '../shell/format';
import { Empty, QueryView } from '../shell/states';

function bars(
  items: Array<{ key: string; count: number }>,
  color: string,
  label: (key: string) => string,
) {
  const top = items.slice(0, 8).reverse();
  // A phone leaves the bars room too; ECharts measures a truncated label a little short, hence
  // the left margin that keeps its first letters inside the card.
  const labelWidth = Math.min(180, Math.round(window.innerWidth * 0.35));
  return {
    grid: { left: 16, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: top.map((i) => label(i.key)),
      axisLabel: { width: labelWidth, overflow: 'truncate' },
    },
    series: [{ type: 'bar', data: top.map((i) => i.count), color }],
  };
}

/** `nameOf` turns an asset id into its name; keys are `asset` or `asset|rule`. */
export function AlarmKpis({ nameOf }: { nameOf: (assetId: string) => string }) {
  const { t } = useTranslation('monitoring');
  const [range] = useState(() => ({ from: Date.now() - 86_400_000, to: Date.now() }));
  const q = useQuery({
    queryKey: ['alarms', 'kpis', range.from],
    queryFn: () => api.get<'/api/v1/alarms/kpis', Kpis>('/api/v1/alarms/kpis', { query: range }),
    refetchInterval: 60_000,
  });
  const charts = useMemo(
    () =>
      q.data && {
        top: bars(q.data.topAlarms, '#b45309', (k) =>
          k
            .split('|')
            .map((p, i) => (i ? p : nameOf(p)))
            .join(' · '),
        ),
        actors: bars(q.data.badActors, '#be123c', nameOf),
      },
    [q.data, nameOf],
  );
  return (
    <section className="card" aria-labelledby="kpi-title">
      <h2 id="kpi-title">{t('alarms.kpis')}</h2>
      <p className="muted">{t('alarms.kpiTarget')}</p>
      <QueryView query={q}>
        {(k) => (
          <>
            <div className="kpis" data-testid="alarm-kpis">
              {[
                [t('alarms.activations'), formatNumber(k.activations)],
                [t('alarms.perOperator'), formatNumber(k.alarmsPer10MinPerOperator)],
                [t('alarms.peak'), formatNumber(k.peakPer10Min)],
                [t('alarms.floodPercent'), `${formatNumber(k.percentTimeInFlood, 1)} %`],
                [t('alarms.stale'), formatNumber(k.staleAlarms)],
                [t('alarms.chattering'), formatNumber(k.chatteringAlarms.length)],
                [t('alarms.topShare'), `${formatNumber(k.topTenSharePercent, 0)} %`],
              ].map(([label, value]) => (
                <div className="kpi" key={label}>
                  <div className="value">{value}</div>
                  <div className="label">{label}</div>
                </div>
              ))}
            </div>
            <div className="grid">
              <div>
                <h3>{t('alarms.topAlarms')}</h3>
                {k.topAlarms.length ? (
                  <Chart option={charts!.top} label={t('alarms.topAlarms')} height={220} />
                ) : (
                  <Empty />
                )}
              </div>
              <div>
                <h3>{t('alarms.badActors')}</h3>
                {k.badActors.length ? (
                  <Chart option={charts!.actors} label={t('alarms.badActors')} height={220} />
                ) : (
                  <Empty />
                )}
              </div>
            </div>
          </>
        )}
      </QueryView>
    </section>
  );
}
