// The region charts: Jiangsu's cities on a longitude/latitude plane over the shipped province
// outline (no tiles, no network), coloured by D on a red → green ramp; a unit's radar of its
// normalised indicators; and the trend of its D. Radar is registered here, so it stays out of
// the landing screen's chunk.
import { useEffect, useMemo, useState } from 'react';
import { use as registerCharts } from 'echarts/core';
import { RadarChart } from 'echarts/charts';
import { RadarComponent } from 'echarts/components';
import { Chart } from '../shell/chart';
import { outlineUrl } from '../assets';
import type { EvalRow, Indicator } from './queries';

registerCharts([RadarChart, RadarComponent]);

/** Seats of the 13 prefecture-level cities (longitude, latitude; rounded to 0.01°). */
export const CITY_SEATS: Record<string, [number, number]> = {
  nanjing: [118.8, 32.06],
  wuxi: [120.31, 31.49],
  xuzhou: [117.28, 34.2],
  changzhou: [119.97, 31.81],
  suzhou: [120.58, 31.3],
  nantong: [120.89, 31.98],
  lianyungang: [119.22, 34.6],
  huaian: [119.02, 33.61],
  yancheng: [120.16, 33.35],
  yangzhou: [119.41, 32.39],
  zhenjiang: [119.45, 32.2],
  taizhou: [119.92, 32.46],
  suqian: [118.28, 33.96],
};

/** Colour of D: the ten classes from red (imbalance) through amber to green (coordination). */
export function colourOfD(d: number): string {
  const x = Math.max(0, Math.min(1, d));
  const hue = Math.round(120 * Math.max(0, (x - 0.3) / 0.6));
  return `hsl(${Math.min(120, hue)}, 65%, 40%)`;
}

type Ring = number[][];
function useJiangsu(): Ring[] | null {
  const [rings, setRings] = useState<Ring[] | null>(null);
  useEffect(() => {
    let live = true;
    void fetch(outlineUrl)
      .then(
        (r) =>
          r.json() as Promise<{
            features: Array<{
              properties: { name: string };
              geometry: { coordinates: number[][][][] };
            }>;
          }>,
      )
      .then((o) => {
        const js = o.features.filter((f) => f.properties.name === 'Jiangsu');
        if (live) setRings(js.flatMap((f) => f.geometry.coordinates.map((p) => p[0] as Ring)));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return rings;
}

export function CityMap({
  rows,
  label,
  onCity,
  height = 340,
}: {
  rows: EvalRow[];
  label: string;
  onCity?: (unit: string) => void;
  height?: number;
}) {
  const rings = useJiangsu();
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 8, top: 8, bottom: 8 },
      tooltip: {
        formatter: (p: { data: { name: string; value: number[] } }) =>
          `${p.data.name} D = ${(p.data.value[2] ?? 0).toFixed(3)}`,
      },
      xAxis: { type: 'value', min: 116.3, max: 122, show: false },
      yAxis: { type: 'value', min: 30.7, max: 35.2, show: false },
      series: [
        ...(rings
          ? [
              {
                type: 'custom',
                silent: true,
                z: 0,
                tooltip: { show: false },
                data: rings.map((r) => r[0]),
                renderItem: (
                  params: { dataIndex: number },
                  api: { coord: (p: number[]) => number[] },
                ) => ({
                  type: 'polygon',
                  shape: { points: rings[params.dataIndex]!.map((p) => api.coord(p)) },
                  style: { fill: '#eef4f6', stroke: '#0e7490', lineWidth: 1.2 },
                }),
              },
            ]
          : []),
        {
          type: 'scatter',
          z: 2,
          symbolSize: 22,
          data: rows
            .filter((r) => CITY_SEATS[r.unit] ?? CITY_SEATS[r.city])
            .map((r) => {
              const [lon, lat] = CITY_SEATS[r.unit] ?? CITY_SEATS[r.city]!;
              return {
                name: r.name || r.unit,
                unit: r.unit,
                value: [lon, lat, r.D],
                itemStyle: { color: colourOfD(r.D) },
              };
            }),
          label: {
            show: true,
            position: 'right',
            fontSize: 11,
            color: '#1e293b',
            formatter: (p: { name: string; value: number[] }) =>
              `${p.name} ${(p.value[2] ?? 0).toFixed(2)}`,
          },
          labelLayout: { hideOverlap: true },
        },
      ],
    }),
    [rows, rings],
  );
  return (
    <Chart
      option={option}
      notMerge
      label={label}
      height={height}
      testId="region-map"
      onClick={(p) => {
        const u = (p.data as { unit?: string } | undefined)?.unit;
        if (u && onCity) onCity(u);
      }}
    />
  );
}

/** Breaks an axis name into lines (radar names do not wrap by themselves): at spaces for
 * English, every `cjk` characters for Chinese, so long names stay inside the chart. */
export function wrapName(name: string, width = 16, cjk = 7): string {
  if (!name.includes(' ')) return name.replace(new RegExp(`(.{${cjk}})(?=.)`, 'gu'), '$1\n');
  const lines: string[] = [];
  let line = '';
  for (const word of name.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

export function UnitRadar({
  row,
  indicators,
  names,
  label,
  height = 280,
}: {
  row: EvalRow;
  indicators: Indicator[];
  names: (i: Indicator) => string;
  label: string;
  height?: number;
}) {
  const option = useMemo(
    () => ({
      tooltip: {},
      radar: {
        radius: '58%',
        indicator: indicators.map((i) => ({ name: wrapName(names(i)), max: 1 })),
        axisName: { fontSize: 10, color: '#334155' },
      },
      series: [
        {
          type: 'radar',
          data: [
            {
              name: row.name || row.unit,
              value: indicators.map((i) => row.normalised[i.key] ?? 0),
              areaStyle: { opacity: 0.25 },
            },
          ],
        },
      ],
    }),
    [row, indicators, names],
  );
  return <Chart option={option} notMerge label={label} height={height} testId="region-radar" />;
}

export function TrendChart({
  series,
  label,
  height = 220,
}: {
  series: Array<{ year: number; D: number }>;
  label: string;
  height?: number;
}) {
  const option = useMemo(
    () => ({
      grid: { left: 44, right: 16, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: series.map((s) => String(s.year)) },
      yAxis: { type: 'value', name: 'D', min: 0, max: 1 },
      series: [
        { type: 'line', name: 'D', data: series.map((s) => Number(s.D.toFixed(4))), symbolSize: 6 },
      ],
    }),
    [series],
  );
  return <Chart option={option} notMerge label={label} height={height} testId="region-trend" />;
}
