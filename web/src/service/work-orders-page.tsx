// Work orders (工单): every order in the caller's scope (a customer user sees only its own),
// filtered by state (kept in the URL), each with its asset, priority, state and SLA clocks.
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { PriorityBadge, SlaCell, StateBadge } from './badges';
import { useAssets, useWorkOrders } from './queries';
import { workOrderStates } from './types';

/** Asset name and serial by id, from the one shared asset list. */
export function useAssetLabel() {
  const assets = useAssets().data;
  return (id: string) => {
    const a = assets?.find((x) => x.id === id);
    return { name: a?.name ?? id, serial: a?.serial ?? '' };
  };
}

export function WorkOrdersPage() {
  const { t } = useTranslation('service');
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const list = useWorkOrders(status || undefined);
  const assetOf = useAssetLabel();
  const mayRequest = useCan('service:request');
  const mayPlan = useCan('service:work');
  return (
    <section aria-labelledby="wo-title">
      <h1 id="wo-title">{t('list.title')}</h1>
      <p className="muted">{t('list.intro')}</p>
      <div className="toolbar">
        <label>
          {t('list.state')}
          <select
            value={status}
            onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}
          >
            <option value="">{t('list.all')}</option>
            {workOrderStates.map((s) => (
              <option key={s} value={s}>
                {t(`state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {mayPlan && <Link to="/service/plans">{t('plan.link')}</Link>}
        {mayRequest && (
          <Link className="wo-request" to="/service/request">
            {t('list.request')}
          </Link>
        )}
      </div>
      <div className="card table-wrap">
        <QueryView query={list} isEmpty={(d) => d.length === 0} empty={t('list.empty')}>
          {(rows) => (
            <table>
              <thead>
                <tr>
                  <th>{t('list.order')}</th>
                  <th>{t('list.asset')}</th>
                  <th>{t('list.priority')}</th>
                  <th>{t('list.state')}</th>
                  <th>{t('list.response')}</th>
                  <th>{t('list.resolution')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((o) => {
                  const a = assetOf(o.assetId);
                  return (
                    <tr key={o.id}>
                      <td>
                        <Link to={`/service/work-orders/${o.id}`}>{o.title}</Link>
                      </td>
                      <td>
                        {a.name}
                        {a.serial && <div className="muted">{a.serial}</div>}
                      </td>
                      <td>
                        <PriorityBadge priority={o.priority} />
                      </td>
                      <td>
                        <StateBadge state={o.status} />
                      </td>
                      <td>
                        <SlaCell clock={o.sla.response} />
                      </td>
                      <td>
                        <SlaCell clock={o.sla.resolution} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </QueryView>
      </div>
    </section>
  );
}
