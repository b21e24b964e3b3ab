// Audit log (审计日志): newest first, 50 per page, filtered by object id; page and filter live
// in the URL so a view can be shared.
import { useState, type FormEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import { formatDateTime } from '../shell/format';
import { Empty, QueryView } from '../shell/states';
import { useCan } from '../shell/session';
import { AdminTabs } from './tabs';
import type { AuditRecord } from './types';

const PAGE = 50;

export function AuditPage() {
  const { t } = useTranslation('registry');
  const mayRead = useCan('audit:read');
  const [params, setParams] = useSearchParams();
  const entityId = params.get('entity') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [draft, setDraft] = useState(entityId);
  const audit = useQuery({
    enabled: mayRead,
    queryKey: ['registry', 'audit', entityId, page],
    queryFn: () =>
      api.get<'/api/v1/audit', AuditRecord[]>('/api/v1/audit', {
        // One extra row tells whether there is a next page.
        query: { limit: PAGE + 1, offset: (page - 1) * PAGE, entityId: entityId || undefined },
      }),
    placeholderData: keepPreviousData,
  });
  const go = (next: { entity?: string; page?: number }) => {
    const p = new URLSearchParams();
    const e = next.entity ?? entityId;
    if (e) p.set('entity', e);
    if ((next.page ?? 1) > 1) p.set('page', String(next.page));
    setParams(p);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ entity: draft.trim(), page: 1 });
  };
  return (
    <section aria-labelledby="audit-title">
      <AdminTabs />
      <h1 id="audit-title">{t('audit.title')}</h1>
      <p className="muted">{t('audit.intro')}</p>
      <form className="toolbar" onSubmit={submit} role="search" aria-label={t('audit.filter')}>
        <label>
          {t('audit.entity')}
          <input value={draft} maxLength={64} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <button type="submit">{t('audit.filter')}</button>
        {entityId && (
          <button
            type="button"
            onClick={() => {
              setDraft('');
              setParams(new URLSearchParams());
            }}
          >
            {t('audit.clear')}
          </button>
        )}
      </form>
      {!mayRead && <Empty>{t('common.noPermission')}</Empty>}
      {mayRead && (
        <div className="card table-wrap">
          <QueryView query={audit} isEmpty={(d) => d.length === 0} empty={t('audit.empty')}>
            {(rows) => (
              <>
                <table data-testid="audit-table">
                  <thead>
                    <tr>
                      <th>{t('audit.at')}</th>
                      <th>{t('audit.actor')}</th>
                      <th>{t('audit.action')}</th>
                      <th>{t('audit.entityType')}</th>
                      <th>{t('audit.entity')}</th>
                      <th>{t('audit.details')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.slice(0, PAGE).map((r) => (
                      <tr key={r.id}>
                        <td>{formatDateTime(r.at)}</td>
                        <td>{r.actor}</td>
                        <td>
                          <code>{r.action}</code>
                        </td>
                        <td>{r.entityType}</td>
                        <td>
                          <button
                            type="button"
                            className="link"
                            onClick={() => go({ entity: r.entityId })}
                          >
                            <code>{r.entityId}</code>
                          </button>
                        </td>
                        <td>
                          {r.details == null ? (
                            '—'
                          ) : (
                            <code style={{ wordBreak: 'break-all' }}>
                              {JSON.stringify(r.details).slice(0, 160)}
                            </code>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <div className="toolbar">
                  <button type="button" disabled={page <= 1} onClick={() => go({ page: page - 1 })}>
                    {t('audit.prev')}
                  </button>
                  <span>{t('audit.page', { page })}</span>
                  <button
                    type="button"
                    disabled={rows.length <= PAGE}
                    onClick={() => go({ page: page + 1 })}
                  >
                    {t('audit.next')}
                  </button>
                </div>
              </>
            )}
          </QueryView>
        </div>
      )}
    </section>
  );
}
