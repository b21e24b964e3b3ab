// Envelope evidence of a bearing diagnosis: for each defect frequency (BPFO, BPFI, BSF, FTF) and
// its harmonics, a bar at the observed peak frequency whose height is the peak over the local
// noise floor in dB (≥ 6 dB reads as a clear line; Randall & Antoni 2011 §2), with the 6 dB line
// marked. Bars at the same frequency axis make the harmonic family of the fault visible.
import { useTranslation } from 'react-i18next';
import { Chart, palette, type ChartOption } from '../shell/chart';
import { formatNumber } from '../shell/format';
import type { BearingDiagnosis } from './types';
import { use as registerCharts } from 'echarts/core';
import { MarkLineComponent } from 'echarts/components';

// Only this screen needs the 6 dB line (shell/chart.tsx keeps the common parts).
registerCharts([MarkLineComponent]);

export function EvidenceChart({ diagnosis }: { diagnosis: BearingDiagnosis }) {
  const { t } = useTranslation('phm');
  const ev = diagnosis.evidence;
  const maxHz = Math.max(...ev.flatMap((e) => e.harmonics.map((h) => h.peakHz)), 1);
  const option: ChartOption = {
    grid: { left: 8, right: 24, top: 48, bottom: 36, containLabel: true },
    legend: { top: 0, data: ev.map((e) => `${e.kind} ${formatNumber(e.frequencyHz, 1)} Hz`) },
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesName: string; data: [number, number, number] }) =>
        `${p.seriesName}<br/>${t('bearing.harmonic', { n: p.data[2] })}: ${formatNumber(
          p.data[0],
          1,
        )} Hz<br/>${t('bearing.ratio')}: ${formatNumber(p.data[1], 1)} dB`,
    },
    xAxis: {
      type: 'value',
      name: t('bearing.frequency'),
      nameLocation: 'middle',
      nameGap: 24,
      min: 0,
      max: Math.ceil((maxHz * 1.08) / 10) * 10,
    },
    // Name left-aligned over the axis, so it does not run off the card's left edge.
    yAxis: { type: 'value', name: t('bearing.ratio'), nameTextStyle: { align: 'left' } },
    series: ev.map((e, i) => ({
      name: `${e.kind} ${formatNumber(e.frequencyHz, 1)} Hz`,
      type: 'bar',
      barWidth: 6,
      barGap: '-100%',
      itemStyle: { color: palette[i % palette.length] },
      data: e.harmonics.map((h) => [h.peakHz, Math.max(0, h.ratioDb), h.harmonic]),
      ...(i === 0
        ? {
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { type: 'dashed', color: '#888' },
              label: { formatter: t('bearing.clear'), position: 'insideEndTop' },
              data: [{ yAxis: 6 }],
            },
          }
        : {}),
    })),
  };
  return (
    <Chart
      option={option}
      label={t('bearing.chartLabel')}
      height={280}
      notMerge
      testId="bearing-evidence"
    />
  );
}
