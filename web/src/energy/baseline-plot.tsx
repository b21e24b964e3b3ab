// The frozen change-point model of a baseline (CalTRACK 2.0 §3.4: use per day = intercept +
// βHDD·max(0, HBP − T) + βCDD·max(0, T − CBP), T in °F) drawn against outdoor temperature in °C,
// with its balance points marked.
import { useTranslation } from 'react-i18next';
import { Chart } from '../shell/chart';
import { formatNumber } from '../shell/format';
import type { UsagePerDayParams } from './types';
import { use as registerCharts } from 'echarts/core';
import { MarkLineComponent } from 'echarts/components';

// Only this screen needs it (shell/chart.tsx keeps the common parts).
registerCharts([MarkLineComponent]);

const toC = (f: number) => ((f - 32) * 5) / 9;
const toF = (c: number) => (c * 9) / 5 + 32;

export function modelUse(p: UsagePerDayParams, tempF: number): number {
  const h = p.heatingBalancePoint !== undefined ? Math.max(0, p.heatingBalancePoint - tempF) : 0;
  const c = p.coolingBalancePoint !== undefined ? Math.max(0, tempF - p.coolingBalancePoint) : 0;
  return p.intercept + p.betaHdd * h + p.betaCdd * c;
}

export function BaselinePlot({ params, unit }: { params: UsagePerDayParams; unit: string }) {
  const { t } = useTranslation('energy');
  const line: Array<[number, number]> = [];
  for (let c = -15; c <= 40; c += 0.5) line.push([c, modelUse(params, toF(c))]);
  const marks: Array<{ xAxis: number; name: string }> = [];
  if (params.heatingBalancePoint !== undefined) {
    const c = toC(params.heatingBalancePoint);
    marks.push({ xAxis: c, name: t('contracts.heatingBp', { t: formatNumber(c, 1) }) });
  }
  if (params.coolingBalancePoint !== undefined) {
    const c = toC(params.coolingBalancePoint);
    marks.push({ xAxis: c, name: t('contracts.coolingBp', { t: formatNumber(c, 1) }) });
  }
  return (
    <>
      <Chart
        label={t('contracts.plotLabel')}
        testId="baseline-plot"
        height={300}
        option={{
          grid: { left: 60, right: 20, top: 40, bottom: 45 },
          tooltip: { trigger: 'axis' },
          xAxis: {
            type: 'value',
            min: -15,
            max: 40,
            name: t('contracts.outdoor'),
            nameLocation: 'middle',
            nameGap: 28,
          },
          yAxis: {
            type: 'value',
            name: `${t('contracts.perDay')} (${unit})`,
            axisLine: { onZero: false },
          },
          series: [
            {
              type: 'line',
              name: t('contracts.fitted'),
              showSymbol: false,
              data: line,
              markLine: {
                symbol: 'none',
                label: { formatter: '{b}', position: 'insideEndTop' },
                lineStyle: { type: 'dashed' },
                data: marks,
              },
            },
          ],
        }}
      />
      <ul className="balance-points">
        {marks.map((m) => (
          <li key={m.name}>{m.name}</li>
        ))}
      </ul>
      <p className="muted small">{t('contracts.noScatter')}</p>
    </>
  );
}
