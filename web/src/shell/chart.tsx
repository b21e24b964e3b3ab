// The one chart component: Apache ECharts, tree-shaken (only the charts and components below
// are bundled; a part only some screens need — data zoom, mark lines — is registered by those
// screens with echarts' `use`, so it stays out of the landing screen's chunk). Pass an ECharts
// option; time axes should use timeAxis() so they name the tenant time zone. After each draw the
// container carries data-drawn (draw count), data-axis-name (the x axis name drawn) and
// data-last-ts (the newest timestamp drawn, from the `lastTs` prop) for tests and the benchmark.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { formatAxisTime, formatDateTime, timeZoneLabel } from './format';

echarts.use([
  BarChart,
  CustomChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
  LabelLayout,
]);

export type ChartOption = EChartsCoreOption;

export interface ChartProps {
  option: ChartOption;
  /** Accessible name of the chart (it is an image to assistive technology). */
  label: string;
  height?: number | string;
  /** Replace the whole option instead of merging (when series come and go). */
  notMerge?: boolean;
  lastTs?: number;
  /** Called with the visible x range after the user zooms or pans. */
  onZoom?: (range: { from: number; to: number }) => void;
  onClick?: (params: { data?: unknown; name?: string; seriesName?: string }) => void;
  testId?: string;
}

export function Chart({
  option,
  label,
  height = 320,
  notMerge,
  lastTs,
  onZoom,
  onClick,
  testId,
}: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const drawn = useRef(0);
  const lastTsRef = useRef(lastTs);
  const handlers = useRef({ onZoom, onClick });
  useEffect(() => {
    lastTsRef.current = lastTs;
    handlers.current = { onZoom, onClick };
  });

  useEffect(() => {
    const node = el.current!;
    const c = echarts.init(node, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('finished', () => {
      drawn.current += 1;
      // The first draw's time since navigation, for the console benchmark (bench/console.ts).
      if (drawn.current === 1 && node.dataset.testid)
        performance.mark(`drawn:${node.dataset.testid}`);
      node.dataset.drawn = String(drawn.current);
      // The x axis name as drawn (a time axis names the tenant's zone, e.g. UTC+8).
      const axis = (c.getOption() as { xAxis?: Array<{ name?: string }> }).xAxis?.[0]?.name;
      if (axis) node.dataset.axisName = axis;
      if (lastTsRef.current !== undefined) node.dataset.lastTs = String(lastTsRef.current);
    });
    c.on('datazoom', () => {
      const dz = (c.getOption() as { dataZoom?: Array<{ startValue?: number; endValue?: number }> })
        .dataZoom?.[0];
      if (dz?.startValue !== undefined && dz.endValue !== undefined)
        handlers.current.onZoom?.({ from: Number(dz.startValue), to: Number(dz.endValue) });
    });
    c.on('click', (p) => handlers.current.onClick?.(p as never));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(node);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // No animation: an operator wants the value now, and 'finished' follows the draw at once.
    chart.current?.setOption(
      { animation: false, ...option },
      notMerge ? { notMerge: true } : { lazyUpdate: false },
    );
  }, [option, notMerge]);

  return (
    <div
      ref={el}
      className="chart"
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ height, width: '100%' }}
    />
  );
}

/** An x axis of time in the tenant's zone, named "UTC+8" (the glossary's rule for every time axis). */
export function timeAxis(range?: { from: number; to: number }): object {
  const span = range ? range.to - range.from : 86_400_000;
  return {
    type: 'time',
    name: timeZoneLabel(),
    nameLocation: 'end',
    nameGap: 8,
    nameTextStyle: {
      align: 'right',
      verticalAlign: 'top',
      padding: [28, 0, 0, 0],
      color: '#475569',
    },
    ...(range ? { min: range.from, max: range.to } : {}),
    axisLabel: {
      hideOverlap: true,
      formatter: (v: number) => formatAxisTime(v, span),
      color: '#334155',
    },
    splitLine: { show: false },
  };
}

/** Tooltip whose time header is in the tenant's zone. */
export function timeTooltip(unit?: string): object {
  return {
    trigger: 'axis',
    valueFormatter: (v: unknown) =>
      typeof v === 'number' ? `${v.toFixed(2)}${unit ? ` ${unit}` : ''}` : String(v),
    axisPointer: { label: { formatter: (p: { value: number }) => formatDateTime(p.value) } },
  };
}

/** The brand palette, chosen for contrast on white. */
export const palette = [
  '#0e7490',
  '#b45309',
  '#7c3aed',
  '#15803d',
  '#be123c',
  '#1d4ed8',
  '#4d7c0f',
];
