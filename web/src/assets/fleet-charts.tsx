// The fleet overview's charts: the sites on a longitude/latitude plane (an ECharts scatter on
// value axes, so no map tiles and no network) over a shipped outline of China and Jiangsu
// (outline/README.md), coloured by their worst status and sized by asset count; and the assets
// per model by status. The outline is data, not code: a hashed JSON file fetched after the first
// draw (3.3 KB gzip), not a JavaScript module, so the landing screen's script stays within issue
// 14's 350 KB budget.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../shell/chart';
import outlineUrl from './outline/china-jiangsu.json?url';
import type { FleetRow } from './fleet-page';
import { statuses, type FleetStatus } from './fleet-status';

const colour: Record<FleetStatus, string> = {
  running: '#15803d',
  alarm: '#b91c1c',
  offline: '#64748b',
};
/** Tooltips are HTML: data (site names) is escaped. */
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const rank: Record<FleetStatus, number> = { running: 0, offline: 1, alarm: 2 };

type Ring = number[][];
interface Outline {
  features: Array<{ properties: { name: string }; geometry: { coordinates: number[][][][] } }>;
}
/** Outer rings of the outline's polygons, each with its feature's name. */
// In data order: China first, then Jiangsu opaque over it (the two sources differ at the coast).
type Rings = Array<{ name: string; ring: Ring }>;
const ringsOf = (outline: Outline): Rings =>
  outline.features.flatMap((f) =>
    f.geometry.coordinates.map((poly) => ({ name: f.properties.name, ring: poly[0] as Ring })),
  );
/** Jiangsu's bounding box (from the outline), so the view does not move when it arrives. */
const jiangsu = [
  [116.36, 30.76],
  [121.98, 35.12],
];

function useOutline(): { rings: Rings; names: string } | null {
  const [outline, setOutline] = useState<{ rings: Rings; names: string } | null>(null);
  useEffect(() => {
    let live = true;
    void fetch(outlineUrl)
      .then((r) => r.json() as Promise<Outline>)
      .then((o) => {
        if (live)
          setOutline({
            rings: ringsOf(o),
            names: o.features.map((f) => f.properties.name.toLowerCase()).join(','),
          });
      })
      // Without the outline the sites still draw on their axes.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return outline;
}

/** The view: Jiangsu and every site, with a margin (the rest of China is clipped). */
function bounds(points: number[][]) {
  const xs = points.map((p) => p[0]!);
  const ys = points.map((p) => p[1]!);
  const r = (v: number, up: boolean) => (up ? Math.ceil(v * 2) : Math.floor(v * 2)) / 2;
  return {
    x: [r(Math.min(...xs) - 0.3, false), r(Math.max(...xs) + 0.6, true)],
    y: [r(Math.min(...ys) - 0.3, false), r(Math.max(...ys) + 0.3, true)],
  };
}

const outlineSeries = (rings: Rings) => ({
  type: 'custom',
  silent: true,
  clip: true,
  z: 0,
  tooltip: { show: false },
  data: rings.map((r) => r.ring[0]),
  renderItem: (params: { dataIndex: number }, api: { coord: (p: number[]) => number[] }) => {
    const r = rings[params.dataIndex]!;
    const province = r.name === 'Jiangsu';
    return {
      type: 'polygon',
      shape: { points: r.ring.map((p) => api.coord(p)) },
      style: province
        ? { fill: '#e7f1f4', stroke: '#0e7490', lineWidth: 1.2 }
        : { fill: '#f8fafc', stroke: '#94a3b8', lineWidth: 1 },
    };
  },
});

export function FleetCharts({
  rows,
  onSite,
}: {
  rows: FleetRow[];
  onSite: (site: string) => void;
}) {
  const { t } = useTranslation('assets');
  const outline = useOutline();
  const sites = useMemo(() => {
    const m = new Map<string, { lon: number; lat: number; n: number; status: FleetStatus }>();
    for (const r of rows) {
      const { site, longitude: lon, latitude: lat } = r.asset;
      if (lon === null || lat === null) continue;
      const s = m.get(site) ?? { lon, lat, n: 0, status: 'running' as FleetStatus };
      s.n += 1;
      if (rank[r.status] > rank[s.status]) s.status = r.status;
      m.set(site, s);
    }
    return [...m];
  }, [rows]);

  const map = useMemo(() => {
    const view = bounds([...jiangsu, ...sites.map(([, s]) => [s.lon, s.lat])]);
    return {
      grid: { left: 56, right: 24, top: 16, bottom: 40 },
      tooltip: {
        formatter: (p: { data: { name: string; value: number[]; status: FleetStatus } }) =>
          `${escape(p.data.name)}<br/>${t(`status.${p.data.status}`)} · ${p.data.value[2]} ${t('fleet.assets')}`,
      },
      xAxis: {
        type: 'value',
        // Room on the right for the site names.
        min: view.x[0],
        max: view.x[1],
        splitLine: { show: false },
        name: t('fleet.longitude'),
        nameLocation: 'middle',
        nameGap: 26,
        axisLabel: { formatter: '{value}°E' },
      },
      yAxis: {
        type: 'value',
        min: view.y[0],
        max: view.y[1],
        splitLine: { show: false },
        name: t('fleet.latitude'),
        axisLabel: { formatter: '{value}°N' },
      },
      series: [
        ...(outline ? [outlineSeries(outline.rings)] : []),
        {
          type: 'scatter',
          z: 2,
          data: sites.map(([name, s]) => ({
            name,
            value: [s.lon, s.lat, s.n],
            status: s.status,
            itemStyle: { color: colour[s.status] },
          })),
          symbolSize: (v: number[]) => 10 + 6 * Math.sqrt(v[2] ?? 1),
          label: {
            show: true,
            position: 'right',
            formatter: (p: { name: string }) => p.name,
            fontSize: 11,
            color: '#334155',
          },
          labelLayout: { hideOverlap: true },
        },
      ],
    };
  }, [sites, outline, t]);

  const byModel = useMemo(() => {
    const models = [...new Set(rows.map((r) => r.model))].sort();
    return {
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: models, axisLabel: { width: 150, overflow: 'truncate' } },
      series: statuses.map((s) => ({
        name: t(`status.${s}`),
        type: 'bar',
        stack: 'status',
        color: colour[s],
        data: models.map((m) => rows.filter((r) => r.model === m && r.status === s).length),
      })),
    };
  }, [rows, t]);

  return (
    <div className="grid">
      <section
        className="card"
        aria-labelledby="fleet-map"
        {...(outline ? { 'data-outline': outline.names } : {})}
      >
        <h2 id="fleet-map">{t('fleet.map')}</h2>
        <Chart
          option={map}
          notMerge
          label={t('fleet.mapLabel', { count: sites.length })}
          height={300}
          testId="fleet-map"
          onClick={(p) => p.name && onSite(p.name)}
        />
      </section>
      <section className="card" aria-labelledby="fleet-models">
        <h2 id="fleet-models">{t('fleet.byModel')}</h2>
        <Chart option={byModel} notMerge label={t('fleet.byModel')} height={300} />
      </section>
    </div>
  );
}
