// Alarms console (告警): the open alarms, kept live by /api/v1/alarms/stream, filtered by
// severity, state, customer and model (in the URL), with acknowledge, shelve, assign and
// comment for roles that may, and the ISA-18.2 performance KPIs as charts.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, request } from '../api/client';
import { openStream } from '../api/sse';
import type { Alarm, AlarmChange, AssetModel, AssetPage, Customer } from '../api/types';
import { openAlarmList } from '../api/alarm-list';
import { formatDateTime, formatNumber } from '../shell/format';
import { useCan, useSession } from '../shell/session';
import { Empty, QueryView } from '../shell/states';
import { AlarmActions } from './alarm-actions';
import { AlarmKpis } from './alarm-kpis';
import { Actor } from '../shell/actor';

export const alarmsKey = ['alarms', 'open'];
const severities = ['critical', 'major', 'minor', 'warning'] as const;
const states = ['active', 'acknowledged', 'cleared-unacknowledged', 'shelved'] as const;
const stateOf = (a: Alarm) => (a.suppressedBy?.kind === 'shelved' ? 'shelved' : a.status);

/** Applies one change from the stream to the cached list; an alarm closes when cleared and acknowledged. */
function applyChange(list: Alarm[] | undefined, c: AlarmChange): Alarm[] | undefined {
  if (!list) return list;
  const rest = list.filter((a) => a.id !== c.alarm.id);
  const closed = !c.alarm.active && c.alarm.acknowledged;
  if (closed) return rest;
  // The stream sends the alarm as stored (people by id); names the list already knows carry over.
  const names = new Map<string, string | null | undefined>();
  for (const a of list) for (const m of a.comments) names.set(m.by, m.byName);
  const alarm = {
    ...c.alarm,
    comments: c.alarm.comments.map((m) => ({ ...m, byName: m.byName ?? names.get(m.by) })),
  };
  return [alarm, ...rest].sort((x, y) => y.lastRaisedAt - x.lastRaisedAt);
}

function useLiveAlarms() {
  const qc = useQueryClient();
  const [live, setLive] = useState(false);
  // Changes that arrive while the list is being read are kept and applied to what the read
  // returns: its snapshot may predate them, and storing it as is would drop an alarm raised
  // meanwhile (seen when the stream opened, and re-read the list, just before a raise).
  const reading = useRef(new Set<AlarmChange[]>());
  const q = useQuery({
    queryKey: alarmsKey,
    queryFn: async () => {
      const meanwhile: AlarmChange[] = [];
      reading.current.add(meanwhile);
      try {
        const list = await openAlarmList();
        return meanwhile.reduce<Alarm[]>((l, c) => applyChange(l, c) ?? l, list);
      } finally {
        reading.current.delete(meanwhile);
      }
    },
  });
  useEffect(
    () =>
      openStream<AlarmChange>('/api/v1/alarms/stream', {
        event: 'alarm',
        // No replay on reconnect: re-read the list (README, alarms/stream).
        onOpen: () => {
          setLive(true);
          void qc.invalidateQueries({ queryKey: alarmsKey });
        },
        onData: (c) => {
          for (const meanwhile of reading.current) meanwhile.push(c);
          qc.setQueryData<Alarm[]>(alarmsKey, (l) => applyChange(l, c));
        },
      }),
    [qc],
  );
  return { q, live };
}

/** The work order each alarm caused (service context, GET /service/alarm-links). */
function useAlarmWorkOrders() {
  const enabled = useCan('service:read');
  const q = useQuery({
    queryKey: ['service', 'alarm-links'],
    queryFn: () =>
      request<{ items: Array<{ alarmId: string; workOrderId: string }> }>(
        'get',
        '/api/v1/service/alarm-links',
      ),
    enabled,
  });
  return useMemo(
    () => new Map((q.data?.items ?? []).map((l) => [l.alarmId, l.workOrderId])),
    [q.data],
  );
}

export function AlarmsPage() {
  const { t } = useTranslation('monitoring');
  const workOrderOf = useAlarmWorkOrders();
  const [params, setParams] = useSearchParams();
  const me = useSession().data;
  const { q, live } = useLiveAlarms();
  const assets = useQuery({
    queryKey: ['assets', 'all'],
    queryFn: () =>
      api.get('/api/v1/assets', { query: { pageSize: 500, sort: 'name' } }) as Promise<AssetPage>,
  });
  const models = useQuery({
    queryKey: ['asset-models'],
    queryFn: () => api.get<'/api/v1/asset-models', AssetModel[]>('/api/v1/asset-models'),
  });
  const customers = useQuery({
    queryKey: ['customers'],
    queryFn: () => api.get('/api/v1/customers') as Promise<Customer[]>,
  });
  const byId = useMemo(
    () => new Map((assets.data?.items ?? []).map((a) => [a.id, a])),
    [assets.data],
  );
  const f = Object.fromEntries(
    ['severity', 'state', 'customer', 'model', 'asset'].map((k) => [k, params.get(k) ?? '']),
  ) as Record<'severity' | 'state' | 'customer' | 'model' | 'asset', string>;
  const set = (k: string, v: string) =>
    setParams((p) => (v ? p.set(k, v) : p.delete(k), p), { replace: true });
  const filter = (a: Alarm) => {
    const asset = byId.get(a.asset);
    return (
      (!f.severity || a.severity === f.severity) &&
      (!f.state || stateOf(a) === f.state) &&
      (!f.customer || asset?.customerId === f.customer) &&
      (!f.model || asset?.modelId === f.model) &&
      (!f.asset || a.asset === f.asset)
    );
  };
  const select = (k: string, label: string, options: Array<[string, string]>) => (
    <label>
      {label}
      <select value={f[k as keyof typeof f]} onChange={(e) => set(k, e.target.value)}>
        <option value="">{t('alarms.all')}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div>
      <div className="row">
        <h1>{t('alarms.title')}</h1>
        <span className="spacer" />
        <Link to="/alarms/journal">{t('journal.link')}</Link>
        <Link to="/alarms/subscriptions">{t('subs.link')}</Link>
        <span
          className={`badge ${live ? 'status-running' : 'status-offline'}`}
          data-testid="alarms-live"
        >
          {live ? t('alarms.liveOn') : t('alarms.liveOff')}
        </span>
      </div>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label={t('alarms.title')}>
        {select(
          'severity',
          t('alarms.severity'),
          severities.map((s) => [s, t(`severity.${s}`)]),
        )}
        {select(
          'state',
          t('alarms.state'),
          states.map((s) => [s, t(`state.${s}`)]),
        )}
        {select(
          'customer',
          t('alarms.customer'),
          (customers.data ?? []).map((c) => [c.id, c.name]),
        )}
        {select(
          'model',
          t('alarms.model'),
          (models.data ?? []).map((m) => [m.id, m.name]),
        )}
      </form>
      <section className="card" aria-labelledby="alarm-list">
        <QueryView query={q}>
          {(all) => {
            const shown = all.filter(filter);
            return (
              <>
                <h2 id="alarm-list">{t('alarms.count', { count: shown.length })}</h2>
                {shown.length === 0 ? (
                  <Empty>{t('alarms.none')}</Empty>
                ) : (
                  <ul className="alarm-list">
                    {shown.map((a) => (
                      <AlarmItem
                        key={a.id}
                        alarm={a}
                        assetName={byId.get(a.asset)?.name ?? a.asset}
                        workOrderId={workOrderOf.get(a.id)}
                      />
                    ))}
                  </ul>
                )}
              </>
            );
          }}
        </QueryView>
      </section>
      {me && me.customerIds === null && <AlarmKpis nameOf={(id) => byId.get(id)?.name ?? id} />}
    </div>
  );
}

function AlarmItem({
  alarm: a,
  assetName,
  workOrderId,
}: {
  alarm: Alarm;
  assetName: string;
  workOrderId?: string | undefined;
}) {
  const { t } = useTranslation('monitoring');
  return (
    <li
      className={`alarm alarm-${a.severity}`}
      data-testid="alarm"
      data-rule={a.ruleId}
      data-state={stateOf(a)}
    >
      <div className="row">
        <span className={`badge sev-${a.severity}`}>{t(`severity.${a.severity}`)}</span>
        <Link to={`/assets/${a.asset}`}>{assetName}</Link>
        <code>{a.ruleId}</code>
        <Link to={`/alarms/journal?alarmId=${encodeURIComponent(a.id)}`}>
          {t('journal.history')}
        </Link>
        <span className="badge alarm-state" data-testid="alarm-state">
          {t(`state.${stateOf(a)}`)}
        </span>
        {workOrderId && (
          <Link to={`/service/work-orders/${workOrderId}`} data-testid="alarm-work-order">
            {t('alarms.workOrder')} {workOrderId}
          </Link>
        )}
      </div>
      <div className="row muted small">
        <span>
          {t('alarms.raisedAt')}: {formatDateTime(a.raisedAt)}
        </span>
        {a.value !== undefined && (
          <span>
            {t('alarms.value')}: {formatNumber(a.value)}
          </span>
        )}
        {a.repeatCount > 0 && (
          <span>
            {t('alarms.repeats')}: {a.repeatCount}
          </span>
        )}
        {a.assignee && (
          <span>
            {t('alarms.assignee')}: {a.assignee}
          </span>
        )}
        {a.suppressedBy && <span>{a.suppressedBy.reason}</span>}
      </div>
      {a.comments.length > 0 && (
        <ul className="comments" aria-label={t('alarms.comments')}>
          {a.comments.map((c) => (
            <li key={`${c.at}-${c.by}`}>
              <span className="muted">
                {formatDateTime(c.at)} <Actor actor={c.by} name={c.byName} />:
              </span>{' '}
              {c.text}
            </li>
          ))}
        </ul>
      )}
      <AlarmActions alarm={a} assetName={assetName} />
    </li>
  );
}
