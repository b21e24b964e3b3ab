// RUL ranking: one row per asset, shortest RUL on top. The interval [lower, upper] is a floating
// bar (an invisible bar up to `lower`, stacked with a visible one of width upper − lower) and
// the estimate a dot on it; an open upper bound (the slower trend never reaches the threshold)
// runs to the axis end, drawn lighter.
import { useTranslation } from 'react-i18next';
import { Chart, type ChartOption } from '../shell/chart';
import { formatNumber } from '../shell/format';
import type { RulRow } from './types';

export function RulChart({ ranked, names }: { ranked: RulRow[]; names: Map<string, string> }) {
  const { t } = useTranslation('phm');
  const rows = ranked.filter((a) => a.rul !== null).slice(0, 20);
  if (rows.length === 0) return null;
  const finiteMax = Math.max(...rows.map((a) => a.upper ?? a.rul ?? 0));
  const axisMax = Math.ceil((finiteMax * 1.15) / 10) * 10 || 10;
  const label = (a: RulRow) => names.get(a.assetId) ?? a.assetId;
  const option: ChartOption = {
    grid: { left: 8, right: 24, top: 28, bottom: 36, containLabel: true },
    legend: { top: 0, data: [t('health.interval'), t('health.estimate')] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: Array<{ dataIndex: number }>) => {
        const a = rows[rows.length - 1 - (params[0]?.dataIndex ?? 0)];
        if (!a) return '';
        const up = a.upper === null ? t('health.open') : formatNumber(a.upper, 0);
        return `${label(a)}<br/>${t('health.estimate')}: ${formatNumber(a.rul ?? 0, 0)} h<br/>${t(
          'health.interval',
        )}: ${formatNumber(a.lower ?? 0, 0)} – ${up} h`;
      },
    },
    xAxis: {
      type: 'value',
      name: t('health.rulAxis'),
      max: axisMax,
      nameLocation: 'middle',
      nameGap: 24,
    },
    // Reversed so the most urgent asset is on top.
    yAxis: { type: 'category', data: [...rows].reverse().map(label) },
    series: [
      {
        type: 'bar',
        stack: 'interval',
        silent: true,
        itemStyle: { color: 'transparent' },
        data: [...rows].reverse().map((a) => a.lower ?? 0),
      },
      {
        name: t('health.interval'),
        type: 'bar',
        stack: 'interval',
        barWidth: 12,
        data: [...rows].reverse().map((a) => ({
          value: (a.upper ?? axisMax) - (a.lower ?? 0),
          itemStyle: { color: '#5b8ff9', opacity: a.upper === null ? 0.35 : 0.8 },
        })),
      },
      {
        name: t('health.estimate'),
        type: 'scatter',
        symbolSize: 10,
        itemStyle: { color: '#c0392b' },
        data: [...rows].reverse().map((a) => a.rul ?? 0),
      },
    ],
  };
  return (
    <Chart
      option={option}
      label={t('health.chartLabel')}
      height={Math.max(160, 40 + rows.length * 28)}
      notMerge
      testId="rul-chart"
    />
  );
}
