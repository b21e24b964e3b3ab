// 客户订单 customer orders (release to production), 生产订单 production orders and 在制品 WIP.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { mfgApi, mfgKey } from './api';
import { MfgNav } from './nav';
import type { CustomerOrder } from './types';
import './manufacturing.css';

export function OrdersPage() {
  const { t } = useTranslation('manufacturing');
  const mayWrite = useCan('production:write');
  const cos = useQuery({
    queryKey: [...mfgKey, 'customer-orders'],
    queryFn: mfgApi.customerOrders,
  });
  const pos = useQuery({
    queryKey: [...mfgKey, 'production-orders'],
    queryFn: mfgApi.productionOrders,
  });
  const wip = useQuery({ queryKey: [...mfgKey, 'wip'], queryFn: mfgApi.wip });
  const release = useAction((co: CustomerOrder) => mfgApi.release(co.id), {
    success: (po, co) => t('orders.released', { co: co.id, po: po.id }),
    invalidate: [mfgKey],
  });
  return (
    <section aria-labelledby="orders-title">
      <MfgNav />
      <h1 id="orders-title">{t('orders.title')}</h1>
      <h2>{t('orders.customer')}</h2>
      <div className="card table-wrap">
        <QueryView query={cos} isEmpty={(d) => d.length === 0} empty={t('orders.noCustomer')}>
          {(list) => (
            <table data-testid="customer-orders">
              <thead>
                <tr>
                  <th>{t('orders.id')}</th>
                  <th>{t('orders.reference')}</th>
                  <th>SKU</th>
                  <th>{t('orders.quantity')}</th>
                  <th>{t('orders.due')}</th>
                  <th>{t('orders.status')}</th>
                  <th>{t('orders.productionOrder')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((co) => (
                  <tr key={co.id}>
                    <td>
                      <code>{co.id}</code>
                    </td>
                    <td>{co.reference}</td>
                    <td>
                      <code>{co.sku}</code>
                    </td>
                    <td>{co.quantity}</td>
                    <td>{formatDate(co.dueAt)}</td>
                    <td>
                      <span className="badge">{t(`status.${co.status}`)}</span>
                    </td>
                    <td>
                      {co.productionOrderId ? (
                        <code>{co.productionOrderId}</code>
                      ) : mayWrite && co.status === 'open' ? (
                        <button
                          type="button"
                          disabled={release.isPending}
                          onClick={() => release.mutate(co)}
                        >
                          {t('orders.release')}
                        </button>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </div>
      <h2>{t('orders.production')}</h2>
      <div className="card table-wrap">
        <QueryView query={pos} isEmpty={(d) => d.length === 0} empty={t('orders.noProduction')}>
          {(list) => (
            <table data-testid="production-orders">
              <thead>
                <tr>
                  <th>{t('orders.id')}</th>
                  <th>{t('orders.source')}</th>
                  <th>SKU</th>
                  <th>{t('orders.quantity')}</th>
                  <th>{t('orders.due')}</th>
                  <th>{t('orders.routing')}</th>
                  <th>{t('orders.status')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((po) => (
                  <tr key={po.id}>
                    <td>
                      <code>{po.id}</code>
                    </td>
                    <td>{t(`source.${po.source}`)}</td>
                    <td>
                      <code>{po.sku}</code>
                    </td>
                    <td>{po.quantity}</td>
                    <td>{po.dueAt ? formatDate(po.dueAt) : '—'}</td>
                    <td>{po.routing.map((r) => r.operation).join(' → ')}</td>
                    <td>
                      <span className="badge">{t(`status.${po.status}`)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </div>
      <h2>{t('orders.wip')}</h2>
      <div className="card table-wrap">
        <QueryView query={wip} isEmpty={(d) => d.length === 0} empty={t('orders.noWip')}>
          {(list) => (
            <table>
              <thead>
                <tr>
                  <th>{t('orders.id')}</th>
                  <th>SKU</th>
                  <th>{t('orders.progress')}</th>
                  <th>{t('orders.running')}</th>
                  <th>{t('orders.due')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((w) => (
                  <tr key={w.orderId}>
                    <td>
                      <code>{w.orderId}</code>
                    </td>
                    <td>
                      <code>{w.sku}</code>
                    </td>
                    <td>
                      <progress
                        max={w.operations}
                        value={w.finishedOperations}
                        aria-label={t('orders.progress')}
                      >
                        {w.finishedOperations}/{w.operations}
                      </progress>{' '}
                      {w.finishedOperations}/{w.operations}
                    </td>
                    <td>
                      {w.running
                        .map(
                          (r) =>
                            `${r.operation} @ ${r.station ?? '?'}${r.startedAt ? ` ${formatDateTime(r.startedAt)}` : ''}`,
                        )
                        .join('; ') || '—'}
                    </td>
                    <td>{w.dueAt ? formatDate(w.dueAt) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </div>
    </section>
  );
}
