// 客户订单 customer orders (release to production), 生产订单 production orders and 在制品 WIP.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ActionTable } from '../shell/action-table';
import { formatDate, formatDateTime } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { mfgApi, mfgKey } from './api';
import { MfgNav } from './nav';
import { OrderMaterialsPanel } from './order-materials';
import type { CustomerOrder } from './types';
import './manufacturing.css';

const code = (s: string) => <code>{s}</code>;

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
  const [materialsOf, setMaterialsOf] = useState<string | null>(null);
  const release = useAction((co: CustomerOrder) => mfgApi.release(co.id), {
    success: (po, co) => t('orders.released', { co: co.id, po: po.id }),
    invalidate: [mfgKey],
  });
  const status = (s: string) => <span className="badge">{t(`status.${s}`)}</span>;
  return (
    <section aria-labelledby="orders-title">
      <MfgNav />
      <h1 id="orders-title">{t('orders.title')}</h1>
      <h2>{t('orders.customer')}</h2>
      <div className="card table-wrap">
        <QueryView query={cos} isEmpty={(d) => d.length === 0} empty={t('orders.noCustomer')}>
          {(list) => (
            <ActionTable
              testId="customer-orders"
              rows={list}
              rowKey={(co) => co.id}
              columns={[
                { header: t('orders.id'), cell: (co) => code(co.id) },
                { header: t('orders.reference'), cell: (co) => co.reference },
                { header: 'SKU', cell: (co) => code(co.sku) },
                { header: t('orders.quantity'), cell: (co) => co.quantity },
                { header: t('orders.due'), cell: (co) => formatDate(co.dueAt) },
                { header: t('orders.status'), cell: (co) => status(co.status) },
              ]}
              actionsHeader={t('orders.productionOrder')}
              actions={(co) =>
                co.productionOrderId ? (
                  code(co.productionOrderId)
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
                )
              }
            />
          )}
        </QueryView>
      </div>
      <h2>{t('orders.production')}</h2>
      <div className="card table-wrap">
        <QueryView query={pos} isEmpty={(d) => d.length === 0} empty={t('orders.noProduction')}>
          {(list) => (
            <ActionTable
              testId="production-orders"
              rows={list}
              rowKey={(po) => po.id}
              columns={[
                { header: t('orders.id'), cell: (po) => code(po.id) },
                { header: t('orders.source'), cell: (po) => t(`source.${po.source}`) },
                { header: 'SKU', cell: (po) => code(po.sku) },
                { header: t('orders.quantity'), cell: (po) => po.quantity },
                { header: t('orders.due'), cell: (po) => (po.dueAt ? formatDate(po.dueAt) : '—') },
                {
                  header: t('orders.routing'),
                  cell: (po) => po.routing.map((r) => r.operation).join(' → '),
                },
                { header: t('orders.status'), cell: (po) => status(po.status) },
              ]}
              actionsHeader={t('issue.column')}
              actions={(po) => (
                <button
                  type="button"
                  aria-pressed={materialsOf === po.id}
                  onClick={() => setMaterialsOf(materialsOf === po.id ? null : po.id)}
                >
                  {t('issue.open')}
                </button>
              )}
            />
          )}
        </QueryView>
      </div>
      {materialsOf && <OrderMaterialsPanel key={materialsOf} orderId={materialsOf} />}
      <h2>{t('orders.wip')}</h2>
      <div className="card table-wrap">
        <QueryView query={wip} isEmpty={(d) => d.length === 0} empty={t('orders.noWip')}>
          {(list) => (
            <ActionTable
              rows={list}
              rowKey={(w) => w.orderId}
              columns={[
                { header: t('orders.id'), cell: (w) => code(w.orderId) },
                { header: 'SKU', cell: (w) => code(w.sku) },
                {
                  header: t('orders.progress'),
                  cell: (w) => (
                    <>
                      <progress
                        max={w.operations}
                        value={w.finishedOperations}
                        aria-label={t('orders.progress')}
                      >
                        {w.finishedOperations}/{w.operations}
                      </progress>{' '}
                      {w.finishedOperations}/{w.operations}
                    </>
                  ),
                },
                {
                  header: t('orders.running'),
                  cell: (w) =>
                    w.running
                      .map(
                        (r) =>
                          `${r.operation} @ ${r.station ?? '?'}${r.startedAt ? ` ${formatDateTime(r.startedAt)}` : ''}`,
                      )
                      .join('; ') || '—',
                },
                { header: t('orders.due'), cell: (w) => (w.dueAt ? formatDate(w.dueAt) : '—') },
              ]}
            />
          )}
        </QueryView>
      </div>
    </section>
  );
}
