// History (历史): several channels on one time axis over a window (1 h … 7 d), zoom and pan with
// the wheel or the slider; the bucket follows the visible span (raw → 1m … 1d rollups, see
// buckets.ts), rollups drawn as mean with a min–max band. CSV export of the visible range.
import { useMemo, useRef, useState } from 'react';
import { useQueries } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, languageHeader } from '../api/client';
import type { AssetModel } from '../api/types';
import { Chart, palette, timeAxis, timeTooltip } from '../shell/chart';
import { useNotify } from '../shell/notices';
import { errorText, ErrorState } from '../shell/states';
import { bucketFor, type Bucket } from './buckets';
import { use as registerCharts } from 'echarts/core';
import { DataZoomComponent } from 'echarts/components';

// Only this screen needs it (shell/chart.tsx keeps the common parts).
registerCharts([DataZoomComponent]);

type Channel = AssetModel['channels'][number];
const windows = { h1: 3_600_000, h6: 6 * 3_600_000, d1: 86_400_000, d7: 7 * 86_400_000 } as const;
type WindowKey = keyof typeof windows;
interface Line {
  mean: Array<[number, number]>;
  min?: Array<[number, number]>;
  max?: Array<[number, number]>;
}

async function load(
  asset: string,
  ch: Channel,
  from: number,
  to: number,
  b: Bucket,
): Promise<Line> {
  const range = {
    asset,
    channel: ch.key,
    from: String(Math.floor(from)),
    to: String(Math.ceil(to)),
  };
  if (b.kind === 'raw') {
    const r = await api.get('/api/v1/telemetry/raw', { query: { ...range, limit: 20_000 } });
    return { mean: r.points as Array<[number, number]> };
  }
  const r = await api.get('/api/v1/telemetry/rollup', { query: { ...range, bucket: b.label } });
  return {
    mean: r.buckets.map((x) => [x.start, x.mean]),
    min: r.buckets.map((x) => [x.start, x.min]),
    max: r.buckets.map((x) => [x.start, x.max - x.min]),
  };
}

export function HistoryChart({
  assetId,
  serial,
  channels,
}: {
  assetId: string;
  serial: string;
  channels: Channel[];
}) {
  const { t } = useTranslation('assets');
  const notify = useNotify();
  const [params, setParams] = useSearchParams();
  const last = (params.get('last') as WindowKey | null) ?? 'd1';
  const span = windows[last] ?? windows.d1;
  // The window is fixed when chosen (not sliding), so zooming stays put while data arrives.
  const [win, setWin] = useState(() => ({ from: Date.now() - span, to: Date.now() }));
  const [view, setView] = useState(win);
  const choose = (key: string) => {
    const s = windows[key as WindowKey] ?? windows.d1;
    const w = { from: Date.now() - s, to: Date.now() };
    setWin(w);
    setView(w);
    setParams((p) => (p.set('last', key), p), { replace: true });
  };
  const interval = Math.min(...channels.map((c) => (c.expectedIntervalS ?? 60) * 1000));
  const bucket = bucketFor(view.to - view.from, interval);
  const bucketKey = bucket.kind === 'raw' ? 'raw' : bucket.label;
  const results = useQueries({
    queries: channels.map((c) => ({
      queryKey: ['history', assetId, c.key, view.from, view.to, bucketKey],
      queryFn: () => load(assetId, c, view.from, view.to, bucket),
      placeholderData: (prev: Line | undefined) => prev,
    })),
  });
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const onZoom = (r: { from: number; to: number }) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setView(r), 250);
  };

  const lines = results.map((r) => r.data);
  const option = useMemo(() => {
    const units = [...new Set(channels.map((c) => c.unit ?? ''))].slice(0, 2);
    const axisOf = (c: Channel) => Math.max(0, units.indexOf(c.unit ?? ''));
    const series = channels.flatMap((c, i) => {
      const l = lines[i];
      const name = `${c.name}${c.unit ? ` (${c.unit})` : ''}`;
      const color = palette[i % palette.length];
      const mean = {
        name,
        type: 'line',
        showSymbol: false,
        yAxisIndex: axisOf(c),
        data: l?.mean ?? [],
        color,
      };
      if (!l?.min) return [mean];
      const band = {
        type: 'line',
        stack: `band-${i}`,
        yAxisIndex: axisOf(c),
        showSymbol: false,
        silent: true,
        tooltip: { show: false },
        color,
      };
      return [
        mean,
        { ...band, name: `${name} min`, data: l.min, lineStyle: { opacity: 0 } },
        {
          ...band,
          name: `${name} ${t('asset.minMax')}`,
          data: l.max,
          lineStyle: { opacity: 0 },
          areaStyle: { opacity: 0.18 },
        },
      ];
    });
    return {
      color: palette,
      animation: false,
      grid: { left: 52, right: units.length > 1 ? 52 : 16, top: 40, bottom: 72 },
      legend: {
        top: 0,
        type: 'scroll',
        data: channels.map((c) => `${c.name}${c.unit ? ` (${c.unit})` : ''}`),
      },
      tooltip: timeTooltip(),
      xAxis: timeAxis(win),
      yAxis: units.map((u, i) => ({
        type: 'value',
        scale: true,
        name: u,
        position: i ? 'right' : 'left',
        splitLine: { show: i === 0 },
      })),
      dataZoom: [
        {
          type: 'inside',
          xAxisIndex: 0,
          filterMode: 'none',
          startValue: view.from,
          endValue: view.to,
        },
        {
          type: 'slider',
          xAxisIndex: 0,
          filterMode: 'none',
          startValue: view.from,
          endValue: view.to,
          bottom: 10,
          height: 22,
          labelFormatter: () => '',
        },
      ],
      series,
    };
  }, [channels, lines, win, view, t]);

  async function exportCsv() {
    const q = new URLSearchParams({
      assets: assetId,
      channels: channels.map((c) => c.key).join(','),
      from: String(Math.floor(view.from)),
      to: String(Math.ceil(view.to)),
    });
    try {
      const res = await fetch(`/api/v1/telemetry/export.csv?${q}`, {
        credentials: 'same-origin',
        headers: { 'accept-language': languageHeader() },
      });
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
      const text = await res.text();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
      a.download = `${serial}-${new Date(view.from).toISOString().slice(0, 16)}.csv`;
      a.click();
      URL.revokeObjectURL(a.href);
      notify(
        'success',
        t('asset.exported', { count: Math.max(0, text.trim().split('\n').length - 1) }),
      );
    } catch (e) {
      notify('error', errorText(t, e));
    }
  }

  const failed = results.find((r) => r.error);
  return (
    <div>
      <div className="toolbar">
        <label>
          {t('asset.range')}
          <select value={last} onChange={(e) => choose(e.target.value)}>
            {(Object.keys(windows) as WindowKey[]).map((k) => (
              <option key={k} value={k}>
                {t(`asset.last.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          {t('asset.bucket')}:{' '}
          <strong data-testid="bucket" data-bucket={bucketKey}>
            {bucket.kind === 'raw' ? t('asset.raw') : bucketText(t, bucket.ms)}
          </strong>
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => void exportCsv()}>
          {t('asset.exportCsv')}
        </button>
      </div>
      {failed ? <ErrorState error={failed.error} retry={() => void failed.refetch()} /> : null}
      <Chart
        option={option}
        notMerge
        onZoom={onZoom}
        label={t('asset.historyLabel', { channels: channels.map((c) => c.name).join('、') })}
        height={340}
        testId="history-chart"
      />
      <p className="muted">{t('asset.zoomHint')}</p>
    </div>
  );
}

function bucketText(t: TFunction<'assets'>, ms: number): string {
  if (ms >= 86_400_000) return t('asset.buckets.d', { n: ms / 86_400_000 });
  if (ms >= 3_600_000) return t('asset.buckets.h', { n: ms / 3_600_000 });
  return t('asset.buckets.m', { n: ms / 60_000 });
}
