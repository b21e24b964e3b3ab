// Audit log (审计日志): newest first, 50 per page, filtered by object id; the filter and the
// page's cursor live in the URL so a view can be shared. Earlier pages are the cursors walked
// to reach this one (the list is paged by keyset, server/paging.ts).
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
import { Actor } from '../shell/actor';

const PAGE = 50;

export function AuditPage() {
  const { t } = useTranslation('registry');
  const mayRead = useCan('audit:read');
  const [params, setParams] = useSearchParams();
  const entityId = params.get('entity') ?? '';
  const trail = params.getAll('after');
  const page = trail.length + 1;
  const [draft, setDraft] = useState(entityId);
  const audit = useQuery({
    enabled: mayRead,
    queryKey: ['registry', 'audit', entityId, trail.at(-1)],
    queryFn: () =>
      api.get<'/api/v1/audit', { items: AuditRecord[]; nextCursor: string | null }>(
        '/api/v1/audit',
        {
          query: { limit: PAGE, cursor: trail.at(-1), entityId: entityId || undefined },
        },
      ),
    placeholderData: keepPreviousData,
  });
  const go = (next: { entity?: string; trail?: string[] }) => {
    const p = new URLSearchParams();
    const e = next.entity ?? entityId;
    if (e) p.set('entity', e);
    for (const c of next.trail ?? []) p.append('after', c);
    setParams(p);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ entity: draft.trim() });
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
          <QueryView query={audit} isEmpty={(d) => d.items.length === 0} empty={t('audit.empty')}>
            {({ items: rows, nextCursor }) => (
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
                    {rows.map((r) => (
                      <tr key={r.id}>
                        <td>{formatDateTime(r.at)}</td>
                        <td>
                          <Actor actor={r.actor} name={r.actorName} />
                        </td>
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
                  <button
                    type="button"
                    disabled={page <= 1}
                    onClick={() => go({ trail: trail.slice(0, -1) })}
                  >
                    {t('audit.prev')}
                  </button>
                  <span>{t('audit.page', { page })}</span>
                  <button
                    type="button"
                    disabled={nextCursor === null}
                    onClick={() => nextCursor && go({ trail: [...trail, nextCursor] })}
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
