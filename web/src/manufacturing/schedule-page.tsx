// 排产 scheduling: the current plan as a Gantt (planned against actual per station), re-plan,
// move an operation (drag on the Gantt, or the form below for keyboard users) with the
// server's check, and what-if with an added shift.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber, timeZoneLabel } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { mfgApi, mfgKey } from './api';
import { GanttChart, type MoveRequest } from './gantt';
import { LateOrders } from './late-orders';
import { MfgNav, fromLocalInput, toLocalInput } from './nav';
import type { Gantt, PlannedOperation, ProductionOrder } from './types';
import { WhatIfPanel } from './what-if';
import './manufacturing.css';

const ganttKey = [...mfgKey, 'gantt'];

export function SchedulePage() {
  const { t } = useTranslation('manufacturing');
  const mayWrite = useCan('production:write');
  const gantt = useQuery({ queryKey: ganttKey, queryFn: mfgApi.gantt });
  const pos = useQuery({
    queryKey: [...mfgKey, 'production-orders'],
    queryFn: mfgApi.productionOrders,
  });
  // Only once a plan exists (the Gantt names it): no 404 before the first plan.
  const planId = gantt.data?.planId ?? null;
  const current = useQuery({
    queryKey: [...mfgKey, 'plan', planId],
    queryFn: mfgApi.currentPlan,
    enabled: planId !== null,
  });
  const [selected, setSelected] = useState<PlannedOperation | null>(null);
  const [objective, setObjective] = useState<'tardiness' | 'makespan'>('tardiness');
  const [batch, setBatch] = useState('');
  const transferBatch = Number(batch) >= 1 ? Math.floor(Number(batch)) : undefined;
  const planBody = { timeLimitMs: 2000, objective, ...(transferBatch ? { transferBatch } : {}) };
  const plan = useAction(() => mfgApi.plan(planBody), {
    success: (r) =>
      t('plan.done', {
        count: r.operations.length,
        tardiness: formatNumber(r.totalTardinessMinutes, 0),
      }),
    invalidate: [mfgKey],
  });
  const move = useAction(
    (m: MoveRequest) =>
      mfgApi.move({ orderId: m.op.orderId, op: m.op.op, station: m.station, start: m.start }),
    {
      success: (r, m) => {
        setSelected(null);
        return t('move.done', {
          op: `${m.op.orderId} ${m.op.operation}`,
          station: r.moved.station,
          start: formatDateTime(r.moved.start),
          tardiness: formatNumber(r.totalTardinessMinutes, 0),
        });
      },
      invalidate: [mfgKey],
    },
  );
  return (
    <section aria-labelledby="schedule-title">
      <MfgNav />
      <h1 id="schedule-title">{t('plan.title')}</h1>
      {mayWrite && (
        <div className="toolbar">
          <label>
            {t('plan.objective')}
            <select
              name="objective"
              value={objective}
              onChange={(e) => setObjective(e.target.value as 'tardiness' | 'makespan')}
            >
              <option value="tardiness">{t('plan.byTardiness')}</option>
              <option value="makespan">{t('plan.byMakespan')}</option>
            </select>
          </label>
          <label>
            {t('plan.batch')}
            <input
              type="number"
              name="transferBatch"
              min={1}
              step={1}
              value={batch}
              onChange={(e) => setBatch(e.target.value)}
            />
          </label>
          <button
            type="button"
            className="primary"
            disabled={plan.isPending}
            onClick={() => plan.mutate(undefined)}
          >
            {plan.isPending ? t('plan.running') : t('plan.run')}
          </button>
          <span className="muted">{t('plan.hint')}</span>
        </div>
      )}
      {current.data && <LateOrders late={current.data.late ?? []} />}
      <QueryView
        query={gantt}
        isEmpty={(g) => g.planned.length === 0 && g.actual.length === 0}
        empty={t('plan.empty')}
      >
        {(g) => (
          <>
            <div className="card" aria-busy={move.isPending}>
              <h2>{t('gantt.title')}</h2>
              <p className="muted">{mayWrite ? t('gantt.dragHint') : t('gantt.readOnly')}</p>
              <GanttChart
                gantt={g}
                now={gantt.dataUpdatedAt}
                canMove={mayWrite && !move.isPending}
                onMove={move.mutate}
              />
            </div>
            <OperationsTable
              gantt={g}
              mayWrite={mayWrite}
              onSelect={setSelected}
              selected={selected}
            />
            {selected && (
              <MoveForm
                op={selected}
                gantt={g}
                orders={pos.data ?? []}
                pending={move.isPending}
                onMove={move.mutate}
                onCancel={() => setSelected(null)}
              />
            )}
          </>
        )}
      </QueryView>
      {mayWrite && <WhatIfPanel stations={gantt.data?.stations.map((s) => s.code) ?? []} />}
    </section>
  );
}

function OperationsTable(props: {
  gantt: Gantt;
  mayWrite: boolean;
  selected: PlannedOperation | null;
  onSelect: (o: PlannedOperation) => void;
}) {
  const { t } = useTranslation('manufacturing');
  const ops = [...props.gantt.planned].sort((a, b) => a.start - b.start);
  return (
    <details className="card">
      <summary>{t('gantt.table', { count: ops.length })}</summary>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('orders.productionOrder')}</th>
              <th>{t('gantt.operation')}</th>
              <th>{t('gantt.station')}</th>
              <th>{t('gantt.start')}</th>
              <th>{t('gantt.end')}</th>
              {props.mayWrite && (
                <th>
                  <span className="sr-only">{t('move.adjust')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {ops.map((o) => (
              <tr key={`${o.orderId}/${o.op}/${o.subLot?.index ?? 0}`}>
                <td>
                  <code>{o.orderId}</code>
                </td>
                <td>
                  {o.operation}
                  {o.subLot && <span className="muted"> · {t('gantt.subLot', o.subLot)}</span>}
                  {o.segments && (
                    <span className="muted">
                      {' '}
                      · {t('gantt.pieces', { count: o.segments.length })}
                    </span>
                  )}
                </td>
                <td>{o.station}</td>
                <td>{formatDateTime(o.start)}</td>
                <td>{formatDateTime(o.end)}</td>
                {props.mayWrite && (
                  <td>
                    <button
                      type="button"
                      aria-label={t('move.adjustOp', { op: `${o.orderId} ${o.operation}` })}
                      onClick={() => props.onSelect(o)}
                    >
                      {t('move.adjust')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function MoveForm(props: {
  op: PlannedOperation;
  gantt: Gantt;
  orders: ProductionOrder[];
  pending: boolean;
  onMove: (m: MoveRequest) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('manufacturing');
  const { op } = props;
  const eligible =
    props.orders.find((p) => p.id === op.orderId)?.routing[op.op]?.stations.map((s) => s.station) ??
    props.gantt.stations.map((s) => s.code);
  const [station, setStation] = useState(op.station);
  const [start, setStart] = useState(toLocalInput(op.start));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onMove({ op, station, start: fromLocalInput(start) });
  };
  return (
    <form
      className="panel toolbar"
      onSubmit={submit}
      aria-label={t('move.title', { op: `${op.orderId} ${op.operation}` })}
      data-testid="move-form"
    >
      <strong>{t('move.title', { op: `${op.orderId} ${op.operation}` })}</strong>
      <label>
        {t('gantt.station')}
        <select name="station" value={station} onChange={(e) => setStation(e.target.value)}>
          {eligible.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('move.start', { tz: timeZoneLabel() })}
        <input
          type="datetime-local"
          name="start"
          required
          value={start}
          onChange={(e) => setStart(e.target.value)}
        />
      </label>
      <button type="submit" className="primary" disabled={props.pending}>
        {t('move.submit')}
      </button>
      <button type="button" onClick={props.onCancel}>
        {t('move.cancel')}
      </button>
    </form>
  );
}
