// 甘特图 Gantt chart: one row per station (工位), the plan's bars above and what the shop floor
// reported below (actual, dark). A planner may drag a planned bar to another row or time; the
// drop asks the server to move it (POST plans/current/move), which checks eligibility, shifts
// and the routing and re-plans the rest, or says why not. Pixels map to (station, time) with
// the grid's fixed margins, so the drag needs nothing from the chart but its size. An operation
// that resumes after a break or a night is drawn as its running pieces (the gaps are the closed
// time); a sub-lot's bar carries its index ("sewing 1/2").
import { useMemo, useRef, useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, palette, timeAxis } from '../shell/chart';
import { formatDateTime } from '../shell/format';
import type { Gantt, PlannedOperation } from './types';

const GRID = { left: 72, right: 20, top: 36, bottom: 44 };
const HEIGHT_PER_ROW = 44;
const SNAP = 5 * 60_000;

export interface MoveRequest {
  op: PlannedOperation;
  station: string;
  start: number;
}

type Item = { value: [number, number, number, string, number, string]; itemStyle?: object };
type RenderApi = {
  value: (i: number) => number | string;
  coord: (v: number[]) => number[];
  size: (v: number[]) => number[];
  style: () => object;
};

const barName = (o: PlannedOperation) =>
  o.subLot ? `${o.operation} ${o.subLot.index}/${o.subLot.count}` : o.operation;

/** One bar per running piece: the segments of an operation interrupted by closed time. */
function pieces(ops: PlannedOperation[]) {
  return ops.flatMap((o) =>
    (o.segments ?? [[o.start, o.end]]).map(([start, end]) => ({ o, start: start!, end: end! })),
  );
}

export function GanttChart({
  gantt,
  onMove,
  canMove,
  now,
}: {
  gantt: Gantt;
  onMove: (m: MoveRequest) => void;
  canMove: boolean;
  /** When the data was read: a running operation's actual bar ends here. */
  now: number;
}) {
  const { t } = useTranslation('manufacturing');
  const rows = useMemo(() => gantt.stations.map((s) => s.code), [gantt]);
  const orders = useMemo(() => [...new Set(gantt.planned.map((o) => o.orderId))], [gantt]);
  const range = useMemo(() => {
    const times = [
      ...gantt.planned.flatMap((o) => [o.start, o.end]),
      ...gantt.actual.flatMap((a) => [a.start, a.end ?? now]),
    ];
    const from = Math.min(...times);
    const to = Math.max(...times);
    const pad = Math.max((to - from) * 0.03, 30 * 60_000);
    return { from: from - pad, to: to + pad };
  }, [gantt, now]);
  const height = GRID.top + GRID.bottom + Math.max(rows.length, 1) * HEIGHT_PER_ROW;
  const option = useMemo(() => {
    const bar =
      (upper: boolean) =>
      (_: unknown, api: RenderApi): object => {
        const row = Number(api.value(0));
        const a = api.coord([Number(api.value(1)), row]);
        const b = api.coord([Number(api.value(2)), row]);
        const band = api.size([0, 1])[1]!;
        const h = band * (upper ? 0.5 : 0.22);
        const y = a[1]! + (upper ? -band * 0.38 : band * 0.16);
        const width = Math.max(2, b[0]! - a[0]!);
        const rect = {
          type: 'rect',
          shape: { x: a[0], y, width, height: h, r: 2 },
          style: api.style(),
        };
        // The operation's name inside a planned bar wide enough to hold it.
        const name = upper ? String(api.value(5)) : '';
        if (!name || width < name.length * 7 + 8) return rect;
        const text = {
          type: 'text',
          silent: true,
          style: {
            text: name,
            x: a[0]! + 4,
            y: y + h / 2,
            verticalAlign: 'middle',
            fill: '#fff',
            fontSize: 11,
          },
        };
        return { type: 'group', children: [rect, text] };
      };
    const planned: Item[] = pieces(gantt.planned).map(({ o, start, end }) => ({
      value: [rows.indexOf(o.station), start, end, o.orderId, o.op, barName(o)],
      itemStyle: { color: palette[orders.indexOf(o.orderId) % palette.length] },
    }));
    const actual: Item[] = gantt.actual.map((a) => ({
      value: [rows.indexOf(a.station), a.start, a.end ?? now, a.orderId, a.op, ''],
    }));
    const tip = (p: { seriesName: string; value: Item['value'] }) => {
      const [, s, e, order, op, name] = p.value;
      return `${p.seriesName}<br/>${order} #${op} ${name}<br/>${formatDateTime(s)} – ${formatDateTime(e)}`;
    };
    return {
      animation: false,
      grid: { ...GRID, containLabel: false },
      legend: { top: 0, data: [t('gantt.planned'), t('gantt.actual')] },
      tooltip: { trigger: 'item', formatter: tip },
      xAxis: { ...timeAxis(range), min: range.from, max: range.to },
      yAxis: {
        type: 'category',
        data: rows,
        inverse: true,
        axisLabel: { color: '#334155' },
        splitLine: { show: true },
      },
      series: [
        {
          type: 'custom',
          name: t('gantt.planned'),
          renderItem: bar(true),
          encode: { x: [1, 2], y: 0 },
          data: planned,
          itemStyle: { color: palette[0] },
        },
        {
          type: 'custom',
          name: t('gantt.actual'),
          renderItem: bar(false),
          encode: { x: [1, 2], y: 0 },
          data: actual,
          itemStyle: { color: '#0f172a' },
        },
      ],
    };
  }, [gantt, rows, orders, range, now, t]);

  const surface = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{
    op: PlannedOperation;
    x0: number;
    t0: number;
    dx: number;
    row: number;
    width: number;
  } | null>(null);
  const at = (e: PointerEvent) => {
    const r = surface.current!.getBoundingClientRect();
    const w = r.width - GRID.left - GRID.right;
    const h = height - GRID.top - GRID.bottom;
    const x = e.clientX - r.left - GRID.left;
    const y = e.clientY - r.top - GRID.top;
    return {
      x,
      time: range.from + (x / w) * (range.to - range.from),
      row: Math.floor((y / h) * rows.length),
    };
  };
  const down = (e: PointerEvent) => {
    if (!canMove) return;
    const p = at(e);
    const op = gantt.planned.find(
      (o) => rows.indexOf(o.station) === p.row && o.start <= p.time && p.time <= o.end,
    );
    if (!op) return;
    surface.current!.setPointerCapture(e.pointerId);
    const width = surface.current!.clientWidth - GRID.left - GRID.right;
    setDrag({ op, x0: p.x, t0: p.time, dx: 0, row: p.row, width });
  };
  const move = (e: PointerEvent) => {
    if (!drag) return;
    const p = at(e);
    setDrag({ ...drag, dx: p.x - drag.x0, row: Math.min(rows.length - 1, Math.max(0, p.row)) });
  };
  const up = (e: PointerEvent) => {
    if (!drag) return;
    setDrag(null);
    const p = at(e);
    if (Math.abs(p.x - drag.x0) < 4 && p.row === rows.indexOf(drag.op.station)) return;
    const start = Math.round((drag.op.start + (p.time - drag.t0)) / SNAP) * SNAP;
    const row = Math.min(rows.length - 1, Math.max(0, p.row));
    onMove({ op: drag.op, station: rows[row]!, start });
  };
  const ghost = (() => {
    if (!drag) return null;
    const w = drag.width;
    const px = (v: number) => GRID.left + ((v - range.from) / (range.to - range.from)) * w;
    const band = (height - GRID.top - GRID.bottom) / rows.length;
    return {
      left: px(drag.op.start) + drag.dx,
      width: Math.max(4, px(drag.op.end) - px(drag.op.start)),
      top: GRID.top + drag.row * band + band * 0.12,
      height: band * 0.5,
    };
  })();
  return (
    <div
      ref={surface}
      className={`gantt-surface${drag ? ' dragging' : ''}`}
      data-testid="gantt"
      data-from={range.from}
      data-to={range.to}
      data-rows={rows.join(',')}
      data-pieces={pieces(gantt.planned).length}
      data-sublots={gantt.planned.filter((o) => o.subLot).length}
      data-grid={`${GRID.left},${GRID.right},${GRID.top},${GRID.bottom}`}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={() => setDrag(null)}
    >
      <Chart option={option} label={t('gantt.label')} height={height} notMerge />
      {ghost && <div className="gantt-ghost" style={ghost} aria-hidden="true" />}
    </div>
  );
}
