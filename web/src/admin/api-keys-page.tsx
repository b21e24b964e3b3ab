// API keys (API 密钥): list, create (the key is shown once), revoke. Only roles with
// apikey:write see the page's data and its buttons.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ApiKey } from '../api/types';
import { formatDateTime } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan, useSession } from '../shell/session';
import { Empty, QueryView } from '../shell/states';
import { roles, canGrant, isRole } from '../../../src/identity/roles.ts';

const key = ['admin', 'api-keys'];

export function ApiKeysPage() {
  const { t } = useTranslation('admin');
  const mayManage = useCan('apikey:write');
  const keys = useQuery({
    queryKey: key,
    queryFn: () => api.get<'/api/v1/api-keys', ApiKey[]>('/api/v1/api-keys'),
    enabled: mayManage,
  });
  const [created, setCreated] = useState<string | null>(null);
  const revoke = useAction(
    (k: ApiKey) => api.delete('/api/v1/api-keys/{id}', { path: { id: k.id } }),
    { success: (_r, k) => t('apiKeys.revokedDone', { name: k.name }), invalidate: [key] },
  );
  return (
    <section aria-labelledby="api-keys-title">
      <h1 id="api-keys-title">{t('apiKeys.title')}</h1>
      <p className="muted">{t('apiKeys.intro')}</p>
      {!mayManage ? (
        <Empty>{t('apiKeys.noPermission')}</Empty>
      ) : (
        <>
          <CreateKey onCreated={setCreated} />
          {created && (
            <div className="panel" data-testid="new-key">
              <p>{t('apiKeys.shownOnce')}</p>
              <p className="secret">{created}</p>
            </div>
          )}
          <div className="card table-wrap">
            <QueryView query={keys} isEmpty={(d) => d.length === 0} empty={t('apiKeys.empty')}>
              {(list) => (
                <table>
                  <thead>
                    <tr>
                      <th>{t('apiKeys.name')}</th>
                      <th>{t('apiKeys.role')}</th>
                      <th>{t('apiKeys.prefix')}</th>
                      <th>{t('apiKeys.createdAt')}</th>
                      <th>{t('apiKeys.lastUsedAt')}</th>
                      <th>{t('apiKeys.status')}</th>
                      <th>
                        <span className="sr-only">{t('apiKeys.revoke')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((k) => (
                      <tr key={k.id}>
                        <td>{k.name}</td>
                        <td>{t(`role.${k.role}`, { ns: 'shell' })}</td>
                        <td>
                          <code>{k.prefix}…</code>
                        </td>
                        <td>{formatDateTime(k.createdAt)}</td>
                        <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('apiKeys.never')}</td>
                        <td>{k.revoked ? t('apiKeys.revoked') : t('apiKeys.active')}</td>
                        <td>
                          {!k.revoked && (
                            <button
                              type="button"
                              disabled={revoke.isPending}
                              onClick={() => revoke.mutate(k)}
                            >
                              {t('apiKeys.revoke')}
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </QueryView>
          </div>
        </>
      )}
    </section>
  );
}

function CreateKey({ onCreated }: { onCreated: (key: string) => void }) {
  const { t } = useTranslation('admin');
  const me = useSession().data;
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [role, setRole] = useState('engineer');
  const grantable = roles.filter((r) => me && isRole(me.role) && canGrant(me.role, r));
  const create = useAction(
    (body: { name: string; role: string }) =>
      api.post<'/api/v1/api-keys', { key: string; name: string }>(
        '/api/v1/api-keys',
        body as never,
      ),
    {
      success: (r) => {
        onCreated(r.key);
        setOpen(false);
        setName('');
        return t('apiKeys.created', { name: r.name });
      },
      invalidate: [key],
    },
  );
  if (!open)
    return (
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        {t('apiKeys.create')}
      </button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, role });
  };
  return (
    <form className="panel toolbar" onSubmit={submit} aria-label={t('apiKeys.create')}>
      <label>
        {t('apiKeys.name')}
        <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('apiKeys.role')}
        <select value={role} onChange={(e) => setRole(e.target.value)}>
          {grantable.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`, { ns: 'shell' })}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={create.isPending}>
        {t('apiKeys.submit')}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        {t('apiKeys.cancel')}
      </button>
    </form>
  );
}
