// 补货 replenishment: order-up-to proposals per SKU and store; accepting one releases a
// small-batch production order, rejecting it closes it. The status filter is in the URL.
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ActionTable } from '../shell/action-table';
import { formatDateTime } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { mfgApi, mfgKey } from './api';
import { MfgNav } from './nav';
import type { Proposal } from './types';
import './manufacturing.css';

const statuses = ['proposed', 'accepted', 'rejected', 'superseded'] as const;

export function ReplenishmentPage() {
  const { t } = useTranslation('manufacturing');
  const mayWrite = useCan('production:write');
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'proposed';
  const list = useQuery({
    queryKey: [...mfgKey, 'proposals', status],
    queryFn: () => mfgApi.proposals(status === 'all' ? undefined : status),
  });
  const decide = useAction(
    ({ p, decision }: { p: Proposal; decision: 'accept' | 'reject' }) =>
      mfgApi.decide(p.id, decision),
    {
      success: (_r, { p, decision }) =>
        t(decision === 'accept' ? 'repl.accepted' : 'repl.rejected', {
          sku: p.sku,
          store: p.store,
        }),
      invalidate: [mfgKey],
    },
  );
  return (
    <section aria-labelledby="repl-title">
      <MfgNav />
      <h1 id="repl-title">{t('repl.title')}</h1>
      <p className="muted">{t('repl.intro')}</p>
      <div className="toolbar">
        <label>
          {t('orders.status')}
          <select
            value={status}
            onChange={(e) => setParams({ status: e.target.value }, { replace: true })}
          >
            {[...statuses, 'all'].map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="card table-wrap">
        <QueryView query={list} isEmpty={(d) => d.length === 0} empty={t('repl.empty')}>
          {(rows) => (
            <ActionTable
              rows={rows}
              rowKey={(p) => p.id}
              columns={[
                { header: 'SKU', cell: (p) => <code>{p.sku}</code> },
                { header: t('repl.store'), cell: (p) => p.store },
                { header: t('orders.quantity'), cell: (p) => p.quantity },
                {
                  header: t('orders.status'),
                  cell: (p) => <span className="badge">{t(`status.${p.status}`)}</span>,
                },
                { header: t('repl.createdAt'), cell: (p) => formatDateTime(p.createdAt) },
              ]}
              actionsHeader={t('orders.productionOrder')}
              actions={(p) =>
                p.productionOrderId ? (
                  <code>{p.productionOrderId}</code>
                ) : mayWrite && p.status === 'proposed' ? (
                  <span className="row">
                    <button
                      type="button"
                      className="primary"
                      disabled={decide.isPending}
                      onClick={() => decide.mutate({ p, decision: 'accept' })}
                    >
                      {t('repl.accept')}
                    </button>
                    <button
                      type="button"
                      disabled={decide.isPending}
                      onClick={() => decide.mutate({ p, decision: 'reject' })}
                    >
                      {t('repl.reject')}
                    </button>
                  </span>
                ) : (
                  '—'
                )
              }
            />
          )}
        </QueryView>
      </div>
    </section>
  );
}
