// 物料需求计划 (MRP): what the open production orders still need, netted against stock and open
// purchase orders; purchase proposals (quantity, date needed, order-by date) become purchase
// orders with one click; open purchase orders are received into stock.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ActionTable } from '../shell/action-table';
import { formatDate, formatNumber } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { mfgKey } from './api';
import { flowApi } from './flow-api';
import type { Requirements } from './flow-types';
import { MfgNav } from './nav';
import './manufacturing.css';

type Proposal = Requirements['proposals'][number];
const code = (s: string) => <code>{s}</code>;
const qty = (v: number, unit: string) => `${formatNumber(v, 3)} ${unit}`;

export function MaterialsPage() {
  const { t } = useTranslation('manufacturing');
  const mayWrite = useCan('production:write');
  const req = useQuery({ queryKey: [...mfgKey, 'requirements'], queryFn: flowApi.requirements });
  const pos = useQuery({
    queryKey: [...mfgKey, 'purchase-orders'],
    queryFn: flowApi.purchaseOrders,
  });
  const order = useAction(
    (p: Proposal) =>
      flowApi.createPurchaseOrder({ item: p.item, quantity: p.quantity, dueAt: p.neededAt }),
    {
      success: (po) => t('mat.ordered', { id: po.id, item: po.item }),
      invalidate: [
        [...mfgKey, 'requirements'],
        [...mfgKey, 'purchase-orders'],
      ],
    },
  );
  const receive = useAction((id: string) => flowApi.receive(id), {
    success: (po) => t('mat.received', { id: po.id }),
    invalidate: [
      [...mfgKey, 'requirements'],
      [...mfgKey, 'purchase-orders'],
    ],
  });
  return (
    <section aria-labelledby="mat-title">
      <MfgNav />
      <h1 id="mat-title">{t('mat.title')}</h1>
      <p className="muted">{t('mat.intro')}</p>
      <QueryView query={req}>
        {(r) => (
          <>
            <h2>{t('mat.proposals')}</h2>
            <div className="card table-wrap">
              {r.proposals.length === 0 ? (
                <p className="muted">{t('mat.noProposals')}</p>
              ) : (
                <ActionTable
                  testId="purchase-proposals"
                  rows={r.proposals}
                  rowKey={(p) => `${p.item}/${p.orderId}/${p.neededAt}`}
                  columns={[
                    { header: t('cfg.item'), cell: (p) => code(p.item) },
                    { header: t('mat.quantity'), cell: (p) => qty(p.quantity, p.unit) },
                    { header: t('mat.neededAt'), cell: (p) => formatDate(p.neededAt) },
                    {
                      header: t('mat.orderBy'),
                      cell: (p) => (
                        <span className={p.late ? 'mfg-late' : undefined}>
                          {formatDate(p.orderBy)}
                          {p.late ? ` · ${t('mat.late')}` : ''}
                        </span>
                      ),
                    },
                    { header: t('mat.forOrder'), cell: (p) => code(p.orderId) },
                  ]}
                  {...(mayWrite
                    ? {
                        actions: (p: Proposal) => (
                          <button
                            type="button"
                            disabled={order.isPending}
                            onClick={() => order.mutate(p)}
                          >
                            {t('mat.order')}
                          </button>
                        ),
                      }
                    : {})}
                />
              )}
              {r.expedite.map((x) => (
                <p key={`${x.purchaseOrderId}/${x.orderId}`} className="mfg-late">
                  {t('mat.expedite', {
                    po: x.purchaseOrderId,
                    item: x.item,
                    due: formatDate(x.dueAt),
                    needed: formatDate(x.neededAt),
                  })}
                </p>
              ))}
            </div>
            <h2>{t('mat.requirements')}</h2>
            <div className="card table-wrap">
              {r.items.length === 0 ? (
                <p className="muted">{t('mat.noRequirements')}</p>
              ) : (
                <ActionTable
                  testId="requirements"
                  rows={r.items}
                  rowKey={(i) => i.item}
                  columns={[
                    { header: t('cfg.item'), cell: (i) => code(i.item) },
                    { header: t('mat.gross'), cell: (i) => qty(i.gross, i.unit) },
                    { header: t('mat.onHand'), cell: (i) => qty(i.onHand, i.unit) },
                    { header: t('mat.scheduled'), cell: (i) => qty(i.scheduledReceipts, i.unit) },
                    {
                      header: t('mat.net'),
                      cell: (i) => (
                        <span className={i.net > 0 ? 'mfg-late' : undefined}>
                          {qty(i.net, i.unit)}
                        </span>
                      ),
                    },
                    { header: t('mat.orders'), cell: (i) => i.orders.length },
                  ]}
                />
              )}
            </div>
          </>
        )}
      </QueryView>
      <h2>{t('mat.purchaseOrders')}</h2>
      <div className="card table-wrap">
        <QueryView query={pos} isEmpty={(d) => d.length === 0} empty={t('mat.noPurchaseOrders')}>
          {(list) => (
            <ActionTable
              testId="purchase-orders"
              rows={list}
              rowKey={(p) => p.id}
              columns={[
                { header: t('orders.id'), cell: (p) => code(p.id) },
                { header: t('cfg.item'), cell: (p) => code(p.item) },
                { header: t('mat.quantity'), cell: (p) => qty(p.quantity, p.unit) },
                { header: t('mat.dueAt'), cell: (p) => formatDate(p.dueAt) },
                { header: t('orders.status'), cell: (p) => t(`mat.status.${p.status}`) },
              ]}
              {...(mayWrite
                ? {
                    actions: (p: (typeof list)[number]) =>
                      p.status === 'open' ? (
                        <button
                          type="button"
                          disabled={receive.isPending}
                          onClick={() => receive.mutate(p.id)}
                        >
                          {t('mat.receive')}
                        </button>
                      ) : (
                        '—'
                      ),
                  }
                : {})}
            />
          )}
        </QueryView>
      </div>
    </section>
  );
}
