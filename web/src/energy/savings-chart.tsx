// Savings per settlement period with the 90 % uncertainty band of ASHRAE Guideline 14 (the
// statement's evidence.uncertainty.band): a band drawn as a stacked area from low to high.
import { useTranslation } from 'react-i18next';
import { Chart } from '../shell/chart';
import type { Statement } from './types';

export function SavingsChart({ statements }: { statements: Statement[] }) {
  const { t } = useTranslation('energy');
  const rows = [...statements].sort((a, b) => a.period.localeCompare(b.period));
  const band = (s: Statement) => s.evidence?.uncertainty?.band ?? 0;
  const unit = rows[0]?.evidence?.energy?.unit ?? 'kWh';
  return (
    <Chart
      label={t('contracts.savingsLabel')}
      testId="savings-chart"
      height={280}
      option={{
        grid: { left: 70, right: 20, top: 30, bottom: 40 },
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [t('contracts.band'), t('statement.savings')] },
        xAxis: { type: 'category', data: rows.map((s) => s.period) },
        yAxis: { type: 'value', name: unit, scale: true },
        series: [
          {
            name: t('contracts.low'),
            type: 'line',
            stack: 'band',
            symbol: 'none',
            lineStyle: { opacity: 0 },
            tooltip: { show: false },
            data: rows.map((s) => s.savingsKwh - band(s)),
          },
          {
            name: t('contracts.band'),
            type: 'line',
            stack: 'band',
            symbol: 'none',
            lineStyle: { opacity: 0 },
            areaStyle: { opacity: 0.25 },
            data: rows.map((s) => 2 * band(s)),
          },
          {
            name: t('statement.savings'),
            type: 'line',
            data: rows.map((s) => s.savingsKwh),
          },
        ],
      }}
    />
  );
}
