// Live chart (实时): the last minutes of the chosen channels, seeded from raw history and moved
// by the SSE stream (/api/v1/telemetry/stream) as points are acknowledged.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { openStream } from '../api/sse';
import type { AssetModel, LivePoint } from '../api/types';
import { Chart, palette, timeAxis, timeTooltip } from '../shell/chart';
import { formatNumber, formatTime } from '../shell/format';
import { useNow } from '../shell/use-now';

const WINDOW_MS = 15 * 60_000;
type Series = Record<string, Array<[number, number]>>;

export function LiveChart({
  assetId,
  channels,
}: {
  assetId: string;
  channels: AssetModel['channels'];
}) {
  const { t } = useTranslation('assets');
  const [data, setData] = useState<Series>({});
  const [connected, setConnected] = useState(false);
  const keys = channels.map((c) => c.key).join(',');

  useEffect(() => {
    let closed = false;
    const seed = async () => {
      const from = Date.now() - WINDOW_MS;
      const entries = await Promise.all(
        keys.split(',').map(async (ch) => {
          const r = await api
            .get('/api/v1/telemetry/raw', {
              query: { asset: assetId, channel: ch, from: String(from) },
            })
            .catch(() => ({ points: [] as Array<[number, number]> }));
          return [ch, r.points as Array<[number, number]>] as const;
        }),
      );
      if (!closed) setData((d) => merge(Object.fromEntries(entries), d));
    };
    const close = openStream<LivePoint[]>(
      `/api/v1/telemetry/stream?assets=${encodeURIComponent(assetId)}&channels=${encodeURIComponent(keys)}`,
      {
        event: 'points',
        onOpen: () => {
          setConnected(true);
          void seed();
        },
        onData: (points) => {
          const add: Series = {};
          for (const p of points) (add[p.channel] ??= []).push([p.ts, p.value]);
          setData((d) => merge(d, add));
        },
      },
    );
    return () => {
      closed = true;
      close();
    };
  }, [assetId, keys]);

  const now = useNow(1000);
  const lastTs = Math.max(0, ...Object.values(data).map((s) => s[s.length - 1]?.[0] ?? 0));
  const option = useMemo(() => {
    const to = Math.max(now, lastTs);
    return {
      color: palette,
      animation: false,
      grid: { left: 48, right: 16, top: 36, bottom: 44 },
      legend: { top: 0, type: 'scroll' },
      tooltip: timeTooltip(),
      xAxis: timeAxis({ from: to - WINDOW_MS, to }),
      yAxis: { type: 'value', scale: true },
      series: channels.map((c) => ({
        name: `${c.name}${c.unit ? ` (${c.unit})` : ''}`,
        type: 'line',
        showSymbol: false,
        data: data[c.key] ?? [],
      })),
    };
  }, [channels, data, lastTs, now]);

  const latest = channels.map((c) => ({ c, p: data[c.key]?.[data[c.key]!.length - 1] }));
  return (
    <div>
      <div className="row" aria-live="off">
        <span className={`badge ${connected ? 'status-running' : 'status-offline'}`}>
          {connected ? t('asset.connected') : t('asset.waiting')}
        </span>
        {latest.map(({ c, p }) =>
          p ? (
            <span key={c.key} className="muted" data-testid={`latest-${c.key}`}>
              {c.name}: <strong>{formatNumber(p[1])}</strong> {c.unit} · {formatTime(p[0])}
            </span>
          ) : null,
        )}
      </div>
      <Chart
        option={option}
        notMerge
        lastTs={lastTs || undefined}
        label={t('asset.liveLabel', { channel: channels.map((c) => c.name).join('、') })}
        height={260}
        testId="live-chart"
      />
    </div>
  );
}

function merge(a: Series, b: Series): Series {
  const out: Series = { ...a };
  const cutoff = Date.now() - WINDOW_MS;
  for (const [k, pts] of Object.entries(b)) {
    const m = new Map((out[k] ?? []).map((p) => [p[0], p[1]]));
    for (const [ts, v] of pts) m.set(ts, v);
    out[k] = [...m].filter(([ts]) => ts >= cutoff).sort((x, y) => x[0] - y[0]);
  }
  return out;
}
