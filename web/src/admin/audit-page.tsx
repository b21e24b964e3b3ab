// The audit view (审计查看): the platform's audit administrator reads every tenant (or one), a
// tenant's reads its own; filters by actor, action, outcome and time, pages by cursor, and
// shows whether the hash chain is intact (GET /api/v1/audit/chain).
import { useState } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { formatDateTime } from '../shell/format';
import { useCan, useSession } from '../shell/session';
import { Empty } from '../shell/states';
import { Actor } from '../shell/actor';

interface Filters {
  tenantId: string;
  actor: string;
  action: string;
  outcome: '' | 'success' | 'failure';
}
const none: Filters = { tenantId: '', actor: '', action: '', outcome: '' };

export function AuditPage() {
  const { t } = useTranslation('admin');
  const me = useSession().data;
  // A customer's users read their own audit elsewhere (GET /api/v1/audit).
  const mayRead = useCan('audit:read') && !me?.customerIds;
  const platform = me?.tenantId === null;
  const [draft, setDraft] = useState<Filters>(none);
  const [filters, setFilters] = useState<Filters>(none);
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== ''));
  const records = useInfiniteQuery({
    queryKey: ['admin', 'audit', query],
    queryFn: ({ pageParam }) =>
      api.get('/api/v1/audit/records', {
        query: { ...query, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) },
      }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: mayRead,
  });
  const chain = useQuery({
    queryKey: ['admin', 'audit', 'chain'],
    queryFn: () => api.get('/api/v1/audit/chain'),
    enabled: mayRead,
  });
  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [k]: e.target.value });
  if (!mayRead)
    return (
      <section aria-labelledby="audit-title">
        <h1 id="audit-title">{t('audit.title')}</h1>
        <Empty>{t('audit.noPermission')}</Empty>
      </section>
    );
  const items = records.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <p className="muted">{platform ? t('audit.introPlatform') : t('audit.introTenant')}</p>
      {chain.data && (
        <p
          className={chain.data.ok ? 'badge ok' : 'badge bad'}
          role="status"
          data-testid="chain-status"
        >
          {chain.data.ok
            ? t('audit.chainOk', { count: chain.data.records })
            : t('audit.chainBroken', {
                seq: chain.data.problem?.seq ?? '?',
                kind: t(`audit.problem.${chain.data.problem?.kind ?? 'head'}`),
              })}
        </p>
      )}
      <form
        className="card toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        {platform && (
          <label>
            {t('audit.tenant')}
            <input value={draft.tenantId} onChange={set('tenantId')} placeholder="tn_…" />
          </label>
        )}
        <label>
          {t('audit.actor')}
          <input value={draft.actor} onChange={set('actor')} placeholder="admin@… / user:us_…" />
        </label>
        <label>
          {t('audit.action')}
          <input value={draft.action} onChange={set('action')} placeholder="auth.*" />
        </label>
        <label>
          {t('audit.outcome')}
          <select value={draft.outcome} onChange={set('outcome')}>
            <option value="">{t('audit.any')}</option>
            <option value="success">{t('audit.success')}</option>
            <option value="failure">{t('audit.failure')}</option>
          </select>
        </label>
        <button type="submit">{t('audit.apply')}</button>
      </form>
      <div className="card table-wrap">
        {items.length === 0 && !records.isPending ? (
          <Empty>{t('audit.empty')}</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('audit.at')}</th>
                {platform && <th>{t('audit.tenant')}</th>}
                <th>{t('audit.actor')}</th>
                <th>{t('audit.action')}</th>
                <th>{t('audit.outcome')}</th>
                <th>{t('audit.object')}</th>
                <th>{t('audit.address')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.at)}</td>
                  {platform && <td>{r.tenantId ?? t('audit.platform')}</td>}
                  <td>
                    <Actor actor={r.actor} name={r.actorName} />
                  </td>
                  <td>
                    <code>{r.action}</code>
                  </td>
                  <td className={r.outcome === 'failure' ? 'bad' : undefined}>
                    {t(`audit.${r.outcome}`)}
                  </td>
                  <td>
                    {r.entityType} {r.entityId}
                  </td>
                  <td>{addressOf(r.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {records.hasNextPage && (
        <button
          type="button"
          disabled={records.isFetchingNextPage}
          onClick={() => void records.fetchNextPage()}
        >
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}

const addressOf = (details: unknown): string =>
  details && typeof details === 'object' && 'address' in details
    ? String((details as { address: unknown }).address)
    : '';
