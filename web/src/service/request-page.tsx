// Request service (申请服务): a customer user (or anyone with service:request) describes a problem
// with one of its assets; the server opens a work order and the user lands on it.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAction } from '../shell/notices';
import { QueryView } from '../shell/states';
import { keys, requestService, useAssets } from './queries';
import { priorities, type Priority } from './types';
import './service.css';

export function RequestPage() {
  const { t } = useTranslation('service');
  const assets = useAssets();
  const navigate = useNavigate();
  const [assetId, setAssetId] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState<Priority>('medium');
  const send = useAction(
    () =>
      requestService({
        assetId,
        title: title.trim(),
        priority,
        ...(description.trim() ? { description: description.trim() } : {}),
      }),
    {
      success: (r) => {
        void navigate(`/service/work-orders/${r.id}`);
        return t('request.sent', { title: r.title });
      },
      invalidate: [keys.all],
    },
  );
  return (
    <section aria-labelledby="request-title">
      <p>
        <Link to="/service/work-orders">← {t('order.back')}</Link>
      </p>
      <h1 id="request-title">{t('request.title')}</h1>
      <p className="muted">{t('request.intro')}</p>
      <QueryView query={assets} isEmpty={(d) => d.length === 0} empty={t('request.noAssets')}>
        {(d) => (
          <form
            className="card wo-form"
            onSubmit={(e) => {
              e.preventDefault();
              send.mutate(undefined);
            }}
          >
            <label>
              {t('request.asset')}
              <select required value={assetId} onChange={(e) => setAssetId(e.target.value)}>
                <option value="">{t('request.chooseAsset')}</option>
                {d.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} ({a.serial})
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('request.subject')}
              <input
                required
                maxLength={200}
                value={title}
                onChange={(e) => setTitle(e.target.value)}
              />
            </label>
            <label>
              {t('request.description')}
              <textarea
                rows={4}
                maxLength={2000}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
            </label>
            <label>
              {t('request.priority')}
              <select value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
                {priorities.map((p) => (
                  <option key={p} value={p}>
                    {t(`priority.${p}`)}
                  </option>
                ))}
              </select>
            </label>
            <p>
              <button type="submit" className="primary" disabled={send.isPending}>
                {t('request.submit')}
              </button>
            </p>
          </form>
        )}
      </QueryView>
    </section>
  );
}
