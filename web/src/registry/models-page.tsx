// Asset models (资产模型) with their channels (测点); model:write creates one, channels given as
// one line each (key,name,unit), validated by the server (it names the bad field).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { AssetModel } from '../api/types';
import { CreateForm, useFields } from '../shell/create-form';
import { formatNumber } from '../shell/format';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { AdminTabs } from './tabs';

const modelsKey = ['asset-models'];

export function AssetModelsPage() {
  const { t } = useTranslation('registry');
  const mayWrite = useCan('model:write');
  const models = useQuery({
    queryKey: modelsKey,
    queryFn: () => api.get<'/api/v1/asset-models', AssetModel[]>('/api/v1/asset-models'),
  });
  return (
    <section aria-labelledby="models-title">
      <AdminTabs />
      <h1 id="models-title">{t('models.title')}</h1>
      <p className="muted">{t('models.intro')}</p>
      {mayWrite && <CreateModel />}
      <QueryView query={models} isEmpty={(d) => d.length === 0} empty={t('models.empty')}>
        {(list) => (
          <div className="grid">
            {list.map((m) => (
              <section
                key={m.id}
                className="card table-wrap"
                aria-labelledby={`m-${m.id}`}
                tabIndex={0}
              >
                <h2 id={`m-${m.id}`}>
                  {m.name} {m.category && <span className="badge muted">{m.category}</span>}
                </h2>
                {m.description && <p className="muted">{m.description}</p>}
                <table>
                  <caption className="sr-only">{`${m.name}: ${t('models.channels')}`}</caption>
                  <thead>
                    <tr>
                      <th>{t('models.key')}</th>
                      <th>{t('common.name')}</th>
                      <th>{t('models.unit')}</th>
                      <th>{t('models.dataType')}</th>
                      <th>{t('models.range')}</th>
                      <th>{t('models.interval')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.channels.map((c) => (
                      <tr key={c.key}>
                        <td>
                          <code>{c.key}</code>
                        </td>
                        <td>{c.name}</td>
                        <td>{c.unit ?? '—'}</td>
                        <td>{c.dataType}</td>
                        <td>
                          {c.min === undefined && c.max === undefined
                            ? '—'
                            : `${c.min === undefined ? '' : formatNumber(c.min)} – ${
                                c.max === undefined ? '' : formatNumber(c.max)
                              }`}
                        </td>
                        <td>{c.expectedIntervalS ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            ))}
          </div>
        )}
      </QueryView>
    </section>
  );
}

/** "key,name,unit" per line → channel definitions (float). */
function parseChannels(text: string) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [key = '', name, unit] = l.split(',').map((s) => s.trim());
      return { key, name: name || key, dataType: 'float' as const, ...(unit ? { unit } : {}) };
    });
}

function CreateModel() {
  const { t } = useTranslation('registry');
  const { fields: f, set, reset } = useFields({ name: '', category: '', channels: '' });
  return (
    <CreateForm
      title={t('models.create')}
      submit={() =>
        api.post<'/api/v1/asset-models', AssetModel>('/api/v1/asset-models', {
          name: f.name,
          ...(f.category ? { category: f.category } : {}),
          channels: parseChannels(f.channels),
        } as never)
      }
      success={(m) => t('models.created', { name: m.name })}
      invalidate={[modelsKey]}
      onReset={reset}
    >
      <label>
        {t('common.name')}
        <input required maxLength={200} value={f.name} onChange={set('name')} />
      </label>
      <label>
        {t('models.category')}
        <input maxLength={100} value={f.category} onChange={set('category')} />
      </label>
      <label>
        {t('models.channelsInput')}
        <textarea rows={4} cols={36} value={f.channels} onChange={set('channels')} />
      </label>
    </CreateForm>
  );
}
