// An enterprise's side of the programme: the grants of its aggregate platform indicators to
// region tenants (given with the API, POST /api/v1/region/grants), with revoke. Shown where the
// tenant runs no programme of its own and may manage grants (region:grant).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { formatDateTime } from '../shell/format';
import { useAction } from '../shell/notices';
import { QueryView } from '../shell/states';
import './region.css';

interface Grant {
  id: string;
  regionTenant: { slug: string; name: string };
  indicators: string[];
  grantedAt: number;
  revokedAt: number | null;
}

const grantsKey = ['region', 'grants'] as const;

export function GrantsView() {
  const { t } = useTranslation('region');
  const grants = useQuery({
    queryKey: grantsKey,
    queryFn: async () =>
      (await api.get<'/api/v1/region/grants', { items: Grant[] }>('/api/v1/region/grants')).items,
  });
  const revoke = useAction(
    (id: string) =>
      api.post<'/api/v1/region/grants/{id}/revoke', Grant>(
        '/api/v1/region/grants/{id}/revoke',
        {},
        { path: { id } },
      ),
    { success: (g) => t('grants.revoked', { name: g.regionTenant.name }), invalidate: [grantsKey] },
  );
  return (
    <section aria-labelledby="grants-title">
      <h2 id="grants-title">{t('grants.title')}</h2>
      <p className="muted">{t('grants.intro')}</p>
      <QueryView query={grants} isEmpty={(d) => d.length === 0} empty={t('grants.empty')}>
        {(list) => (
          <table className="table" data-testid="region-grants">
            <thead>
              <tr>
                <th>{t('grants.region')}</th>
                <th>{t('grants.indicators')}</th>
                <th>{t('grants.grantedAt')}</th>
                <th>{t('grants.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((g) => (
                <tr key={g.id}>
                  <td>{g.regionTenant.name}</td>
                  <td>
                    {g.indicators.map((k) => t(`indicator.${k}`, { defaultValue: k })).join('、')}
                  </td>
                  <td>{formatDateTime(g.grantedAt)}</td>
                  <td>
                    {g.revokedAt === null
                      ? t('grants.active')
                      : t('grants.revokedAt', { at: formatDateTime(g.revokedAt) })}
                  </td>
                  <td>
                    {g.revokedAt === null && (
                      <button
                        type="button"
                        disabled={revoke.isPending}
                        onClick={() => revoke.mutate(g.id)}
                      >
                        {t('grants.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </section>
  );
}
