// One work order: details, both SLA clocks, the transitions its state allows (service:work),
// dispatch suggestions with their reasons and an assign button (service:write), reserved spare
// parts and the history. A customer user gets no internal notes, labour or costs from the server
// and sees no buttons but the ones its role may use.
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatDateTime, formatNumber } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { PriorityBadge, SlaCell, StateBadge } from './badges';
import {
  assign,
  keys,
  transition,
  useHistory,
  useParts,
  useReservations,
  useSuggestions,
  useTechnicians,
  useWorkOrder,
} from './queries';
import {
  nextStates,
  type DispatchReason,
  type SlaClock,
  type WorkOrder,
  type WorkOrderState,
} from './types';
import { useAssetLabel } from './work-orders-page';
import { Attachments, Checklist, SignOffCard } from './work-order-field';
import { VisitConfirmation, WorkOrderAlarm } from './alarm-and-rating';

export function WorkOrderPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('service');
  const q = useWorkOrder(id);
  return (
    <section aria-labelledby="wo-title">
      <p>
        <Link to="/service/work-orders">← {t('order.back')}</Link>
      </p>
      <QueryView query={q}>{(o) => <WorkOrderBody o={o} />}</QueryView>
    </section>
  );
}

function WorkOrderBody({ o }: { o: WorkOrder }) {
  const { t } = useTranslation('service');
  const canWork = useCan('service:work');
  const canDispatch = useCan('service:write');
  const asset = useAssetLabel()(o.assetId);
  const techs = useTechnicians(canWork).data;
  const techName = (id: string | null) =>
    id === null ? t('order.unassigned') : (techs?.find((x) => x.id === id)?.name ?? id);
  return (
    <article data-testid="work-order">
      <header className="toolbar wo-head">
        <h1 id="wo-title">{o.title}</h1>
        <StateBadge state={o.status} />
        <PriorityBadge priority={o.priority} />
      </header>
      <WorkOrderAlarm o={o} />
      <div className="grid">
        <div className="card">
          <h2>{t('order.details')}</h2>
          <dl className="props">
            <dt>{t('order.asset')}</dt>
            <dd>
              {asset.name} ·{' '}
              <Link to={`/service/assets/${o.assetId}/passport`}>{t('passport.link')}</Link>
            </dd>
            <dt>{t('order.serial')}</dt>
            <dd>{asset.serial || '—'}</dd>
            <dt>{t('order.source')}</dt>
            <dd>{t(`source.${o.source}`)}</dd>
            <dt>{t('order.technician')}</dt>
            <dd data-testid="technician">{techName(o.technicianId)}</dd>
            <dt>{t('order.createdAt')}</dt>
            <dd>{formatDateTime(o.createdAt)}</dd>
            {o.description && (
              <>
                <dt>{t('order.description')}</dt>
                <dd>{o.description}</dd>
              </>
            )}
            {o.internalNotes !== undefined && (
              <>
                <dt>{t('order.internalNotes')}</dt>
                <dd data-testid="internal-notes">{o.internalNotes || '—'}</dd>
                <dt>{t('order.labour')}</dt>
                <dd>{formatNumber(o.labourMinutes ?? 0, 0)}</dd>
                <dt>{t('order.cost')}</dt>
                <dd>{formatNumber((o.costFen ?? 0) / 100, 2)} CNY</dd>
              </>
            )}
          </dl>
        </div>
        <div className="card">
          <h2>{t('order.sla')}</h2>
          {o.sla.response || o.sla.resolution ? (
            <dl className="props">
              <Clock label={t('sla.response')} clock={o.sla.response} />
              <Clock label={t('sla.resolution')} clock={o.sla.resolution} />
            </dl>
          ) : (
            <p className="muted">{t('order.noContract')}</p>
          )}
        </div>
      </div>
      {canWork && <Transitions o={o} />}
      <Checklist o={o} />
      <Attachments target="work-orders" id={o.id} kinds={['photo', 'report', 'signature']} />
      <SignOffCard o={o} />
      {canDispatch && ['new', 'planned'].includes(o.status) && <Dispatch o={o} />}
      {canWork && <Reservations id={o.id} />}
      <VisitConfirmation o={o} />
      <History id={o.id} />
    </article>
  );
}

function Clock({ label, clock }: { label: string; clock: SlaClock | null }) {
  const { t } = useTranslation('service');
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <SlaCell clock={clock} />
        {clock && (
          <div className="muted">
            {t('sla.elapsed', {
              elapsed: formatNumber(clock.elapsedMinutes, 0),
              target: formatNumber(clock.targetMinutes, 0),
            })}
          </div>
        )}
      </dd>
    </>
  );
}

/** The state machine's next states as buttons; "assigned" goes through dispatch instead. */
function Transitions({ o }: { o: WorkOrder }) {
  const { t } = useTranslation('service');
  const move = useAction((to: WorkOrderState) => transition(o, to), {
    success: (r) => t('order.moved', { title: r.title, state: t(`state.${r.status}`) }),
    invalidate: [keys.all],
  });
  const next = nextStates[o.status].filter((s) => s !== 'assigned');
  return (
    <div className="card">
      <h2>{t('order.actions')}</h2>
      {next.length === 0 ? (
        <p className="muted">{t('order.noActions')}</p>
      ) : (
        <div className="wo-actions">
          {next.map((s) => (
            <button
              key={s}
              type="button"
              className={s === 'cancelled' ? undefined : 'primary'}
              disabled={move.isPending}
              onClick={() => move.mutate(s)}
            >
              {t(`to.${s}`)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** A dispatch reason (server code + parameters) in the console's language. */
function whyText(t: TFunction<'service'>, r: DispatchReason): string {
  switch (r.code) {
    case 'skills':
      return r.params.lacks
        ? t('why.skillsLacking', r.params)
        : t('why.skills', { have: r.params.have, need: r.params.need });
    case 'distance':
      return t('why.distance', { km: formatNumber(r.params.km, 1) });
    case 'load':
      return t('why.load', { count: r.params.count });
    case 'urgent':
      return t('why.urgent', { hours: formatNumber(r.params.hours, 1) });
    case 'no-skill-required':
    case 'no-location':
      return t(`why.${r.code}`);
  }
}

function Dispatch({ o }: { o: WorkOrder }) {
  const { t } = useTranslation('service');
  const q = useSuggestions(o.id, true);
  const act = useAction((s: { id: string; name: string }) => assign(o, s.id), {
    success: (_r, s) => t('order.assigned', { name: s.name }),
    invalidate: [keys.all],
  });
  return (
    <div className="card table-wrap" data-testid="dispatch">
      <h2>{t('order.dispatch')}</h2>
      <p className="muted">{t('order.dispatchIntro')}</p>
      <QueryView query={q} isEmpty={(d) => d.length === 0} empty={t('order.noSuggestions')}>
        {(rows) => (
          <table>
            <thead>
              <tr>
                <th>{t('order.technician')}</th>
                <th className="num">{t('order.score')}</th>
                <th>{t('order.reasons')}</th>
                <th>
                  <span className="sr-only">{t('order.assign', { name: '' })}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.technicianId}>
                  <td>{s.name}</td>
                  <td className="num">{formatNumber(s.score, 1)}</td>
                  <td>
                    {s.why ? (
                      <ul className="reasons">
                        {s.why.map((r) => (
                          <li key={r.code}>{whyText(t, r)}</li>
                        ))}
                      </ul>
                    ) : (
                      <ul className="reasons" lang="en">
                        {s.reasons.map((r) => (
                          <li key={r}>{r}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="primary"
                      disabled={act.isPending}
                      onClick={() => act.mutate({ id: s.technicianId, name: s.name })}
                    >
                      {t('order.assign', { name: s.name })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </div>
  );
}

function Reservations({ id }: { id: string }) {
  const { t } = useTranslation('service');
  const q = useReservations(id, true);
  const parts = useParts(true).data;
  const partName = (pid: string) => parts?.find((p) => p.id === pid)?.name ?? pid;
  return (
    <div className="card table-wrap">
      <h2>{t('order.reservations')}</h2>
      <QueryView query={q} isEmpty={(d) => d.length === 0} empty={t('order.noReservations')}>
        {(rows) => (
          <table>
            <thead>
              <tr>
                <th>{t('order.part')}</th>
                <th className="num">{t('order.qty')}</th>
                <th className="num">{t('order.consumed')}</th>
                <th className="num">{t('order.released')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{partName(r.partId)}</td>
                  <td className="num">{r.qty}</td>
                  <td className="num">{r.consumed}</td>
                  <td className="num">{r.released}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </div>
  );
}

function History({ id }: { id: string }) {
  const { t } = useTranslation('service');
  const q = useHistory(id);
  return (
    <div className="card table-wrap">
      <h2>{t('order.history')}</h2>
      <QueryView query={q} isEmpty={(d) => d.length === 0} empty={t('order.historyEmpty')}>
        {(rows) => (
          <table>
            <thead>
              <tr>
                <th>{t('order.when')}</th>
                <th>{t('order.change')}</th>
                <th>{t('order.note')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e, i) => (
                <tr key={i}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>
                    {e.from ? `${t(`state.${e.from}`)} → ` : ''}
                    {t(`state.${e.to}`)}
                  </td>
                  <td>{e.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </div>
  );
}
